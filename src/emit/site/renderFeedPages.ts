/**
 * A page beside each feed folder (`category/<cat>/index.html`, `code/index.html`, `topic/<name>/index.html`): the feed's latest papers,
 * as its feeds hold them, with links to subscribe. Rendered every run, as the feeds are: the window moves.
 */
import type { Pipeline } from "../../domain/Pipeline.ts"
import type { Artifact } from "../Artifact.ts"
import { FEED_FORMATS, type FeedGroup, feedGroupLabel } from "../FeedCatalog.ts"
import { escapeHtml } from "./escapeHtml.ts"
import { renderPageShell } from "./pageShell.ts"
import { renderPaperItem } from "./renderPaperItem.ts"

const FORMAT_LABELS = { rss: "RSS", atom: "Atom", json: "JSON Feed" } as const

/** Where a feed group's page lies: beside its feeds, which it links by file name. */
export const feedPagePath = (group: Pick<FeedGroup, "folder">): string => `${group.folder}/index.html`

const topicOf = (pipeline: Pipeline, group: FeedGroup) =>
  group.key.startsWith("topic:")
    ? pipeline.topics.find((topic) => `topic:${topic.name}` === group.key)
    : undefined

const heading = (pipeline: Pipeline, group: FeedGroup): string => {
  if (group.key === "code" || group.key.startsWith("server:")) return feedGroupLabel(group.key)
  const topic = topicOf(pipeline, group)
  return topic === undefined ? `${feedGroupLabel(group.key)} 分类` : `主题：${topic.title}`
}

const renderFeedLinks = (label: string): string =>
  `<ul class="files">${FEED_FORMATS.map(
    ({ format, file, mime }) =>
      `<li><a href="${file}" type="${mime}" aria-label="${escapeHtml(`${label} ${FORMAT_LABELS[format]}`)}">${FORMAT_LABELS[format]}</a></li>`
  ).join("")}</ul>`

/** One group's page; it links the site root as many folders up as its folder is deep. Pure. */
export const renderFeedPage = (pipeline: Pipeline, group: FeedGroup, days: number): string => {
  const root = "../".repeat(group.folder.split("/").length)
  const title = heading(pipeline, group)
  const papers = group.papers
  const byDay: Array<{ day: string; items: Array<(typeof papers)[number]> }> = []
  for (const item of papers) {
    const last = byDay.at(-1)
    if (last?.day === item.paper.firstSeen) last.items.push(item)
    else byDay.push({ day: item.paper.firstSeen, items: [item] })
  }
  const list =
    papers.length === 0
      ? `<p class="empty">最近 ${days} 天没有这一类的论文；订阅后，新论文会出现在阅读器里。</p>`
      : byDay
          .map(
            ({ day, items }) =>
              `<h3><a href="${root}day/${day}.html"><time datetime="${day}">${day}</time></a> · ${items.length} 篇</h3>\n` +
              `<ol class="papers">\n${items.map((item) => renderPaperItem(item)).join("\n")}\n</ol>`
          )
          .join("\n")
  return renderPageShell({
    pipeline,
    title,
    description: `${pipeline.title}：${title}，最近 ${days} 天 ${papers.length} 篇`,
    root,
    skipTo: "papers",
    head: FEED_FORMATS.map(
      ({ format, file, mime }) =>
        `<link rel="alternate" type="${mime}" title="${escapeHtml(`${group.title} (${FORMAT_LABELS[format]})`)}" href="${file}">`
    ).join("\n"),
    main: [
      `<section aria-labelledby="subscribe">`,
      `<h2 id="subscribe">订阅</h2>`,
      renderFeedLinks(title),
      `</section>`,
      `<section aria-labelledby="papers">`,
      `<h2 id="papers">最近 ${days} 天 · ${papers.length} 篇</h2>`,
      list,
      `</section>`
    ].join("\n")
  })
}

/** A page for every feed group with a folder of its own (all but the main feeds, whose page is index.html). */
export const renderFeedPages = (
  pipeline: Pipeline,
  groups: ReadonlyArray<FeedGroup>
): ReadonlyArray<Artifact> =>
  groups
    .filter((group) => group.folder !== "")
    .map((group) => ({
      path: feedPagePath(group),
      content: {
        [Symbol.iterator]: () =>
          [renderFeedPage(pipeline, group, topicOf(pipeline, group)?.days ?? pipeline.feeds.days)][
            Symbol.iterator
          ]()
      }
    }))
