/** `day/YYYY-MM-DD.html`: every paper announced on one day, with its BibTeX, and links to the days around it. */
import type { EnrichedPaper } from "../../domain/EnrichedPaper.ts"
import type { IsoDate } from "../../domain/IsoDate.ts"
import { SERVER_NAMES, SERVERS } from "../../domain/PaperKey.ts"
import type { Pipeline } from "../../domain/Pipeline.ts"
import { escapeHtml } from "./escapeHtml.ts"
import { renderPageShell } from "./pageShell.ts"
import { renderPaperItem } from "./renderPaperItem.ts"

export interface DayPageInput {
  readonly pipeline: Pipeline
  readonly day: IsoDate
  /** The day's papers, in the order shown (newest first, as the feeds). */
  readonly papers: ReadonlyArray<{ readonly paper: EnrichedPaper; readonly bibtex: string }>
  /** The days with papers just before and after this one, when there are. */
  readonly previous: IsoDate | null
  readonly next: IsoDate | null
}

/** Where a day's page lies under the output folder; pages of the same folder link each other by file name. */
export const dayPagePath = (day: IsoDate): string => `day/${day}.html`

const dayLink = (day: IsoDate | null, rel: "prev" | "next"): string => {
  const label = rel === "prev" ? "← 前一天" : "后一天 →"
  return day === null
    ? `<span class="${rel}" aria-disabled="true">${label}</span>`
    : `<a class="${rel}" rel="${rel}" href="${day}.html">${label} <time datetime="${day}">${day}</time></a>`
}

const renderDayNav = (input: DayPageInput, where: string): string =>
  `<nav class="days" aria-label="${where}">${dayLink(input.previous, "prev")}` +
  `<a href="../archive.html#month-${input.day.slice(0, 7)}">${input.day.slice(0, 7)} 月份</a>` +
  `${dayLink(input.next, "next")}</nav>`

// Only the papers go into the search index (Pagefind reads what data-pagefind-body marks): each title is a
// heading with an id, so each paper is a sub-result linking to its place on this page. Titles sit one level
// below the list's heading: h3 under the day, h4 under a server's heading.
const renderList = (papers: DayPageInput["papers"], headingLevel: 3 | 4): ReadonlyArray<string> => [
  `<ol class="papers" data-pagefind-body>`,
  ...papers.map(({ paper, bibtex }) =>
    renderPaperItem(paper, { allAuthors: true, bibtex, headingLevel, complete: true })
  ),
  `</ol>`
]

/** The day's papers grouped by server under a heading each; a day of arXiv papers only is one list, as before. */
const renderServerGroups = (papers: DayPageInput["papers"]): ReadonlyArray<string> => {
  if (papers.every(({ paper }) => paper.paper.server === "arxiv")) return renderList(papers, 3)
  return SERVERS.flatMap((server) => {
    const group = papers.filter(({ paper }) => paper.paper.server === server)
    return group.length === 0
      ? []
      : [
          `<h3 id="server-${server}">${SERVER_NAMES[server]} · ${group.length} 篇</h3>`,
          ...renderList(group, 4)
        ]
  })
}

/** Renders one day's page. Pure: the same day, papers and neighbours always give the same bytes. */
export const renderDayPage = (input: DayPageInput): string =>
  renderPageShell({
    pipeline: input.pipeline,
    title: `${input.day} 发布的论文`,
    description: `${input.pipeline.title}：${input.day} 发布的 ${input.papers.length} 篇论文`,
    root: "../",
    skipTo: "papers",
    main: [
      renderDayNav(input, "日期导航"),
      `<section aria-labelledby="papers">`,
      `<h2 id="papers"><time datetime="${input.day}">${input.day}</time> · ${input.papers.length} 篇</h2>`,
      `<p class="daybib"><a href="../bib/${input.day}.bib" type="application/x-bibtex" download>当日 BibTeX</a></p>`,
      ...renderServerGroups(input.papers),
      `</section>`,
      renderDayNav(input, "日期导航（页尾）")
    ].join("\n")
  })

/** One day of the archive and how many papers were first announced on it. */
export interface ArchiveEntry {
  readonly day: IsoDate
  readonly papers: number
}

/** `archive.html`: every day with papers and its paper count, by month, newest first. */
export const renderArchivePage = (pipeline: Pipeline, entries: ReadonlyArray<ArchiveEntry>): string => {
  const counts = new Map(entries.map((entry) => [entry.day, entry.papers] as const))
  const days = entries.map((entry) => entry.day)
  const months = new Map<string, Array<IsoDate>>()
  for (const day of [...days].sort().reverse()) {
    const month = day.slice(0, 7)
    const list = months.get(month)
    if (list === undefined) months.set(month, [day])
    else list.push(day)
  }
  const sections = [...months].map(
    ([month, monthDays]) =>
      `<section aria-labelledby="month-${month}">\n<h2 id="month-${month}">${month}（${monthDays.length} 天，` +
      `${monthDays.reduce((sum, day) => sum + (counts.get(day) ?? 0), 0)} 篇）</h2>\n` +
      `<ul class="month">${monthDays
        .map(
          (day) =>
            `<li><a href="${escapeHtml(dayPagePath(day))}"><time datetime="${day}">${day}</time>` +
            ` <span class="count">${counts.get(day) ?? 0} 篇</span></a></li>`
        )
        .join("")}</ul>\n</section>`
  )
  return renderPageShell({
    pipeline,
    title: "按月存档",
    description: `${pipeline.title}：每一天的论文，按月排列`,
    root: "",
    skipTo: "archive",
    main: `<div id="archive">\n${sections.length === 0 ? `<p class="empty">暂无论文。</p>` : sections.join("\n")}\n</div>`
  })
}
