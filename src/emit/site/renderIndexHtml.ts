/** The landing page `index.html`: feed autodiscovery, subscribe links, downloads and the latest papers. */
import type { EnrichedPaper } from "../../domain/EnrichedPaper.ts"
import { isRxivServer, SERVER_NAMES, SERVERS } from "../../domain/PaperKey.ts"
import type { Pipeline } from "../../domain/Pipeline.ts"
import { FEED_FORMATS, type FeedEntry, type FeedFormat, feedGroupLabel } from "../FeedCatalog.ts"
import { escapeHtml, relativeHref } from "./escapeHtml.ts"
import { formatBytes } from "./measuredArtifact.ts"
import { renderDocumentHead } from "./pageShell.ts"
import { renderPaperItem } from "./renderPaperItem.ts"
import { renderSiteFooter } from "./siteFooter.ts"

export interface SiteDownload {
  /** Relative to the output folder, like the feed paths. */
  readonly path: string
  readonly title: string
  /** The file's size, shown beside its link (measureArtifact), when known. */
  readonly bytes?: number
}

export interface IndexHtmlInput {
  readonly pipeline: Pipeline
  /** The feeds' window, newest first. */
  readonly papers: ReadonlyArray<EnrichedPaper>
  /** From `feedCatalog`, in its order. */
  readonly feeds: ReadonlyArray<FeedEntry>
  /** papers.bib, papers.csl.json, papers.json, feeds.opml... */
  readonly downloads: ReadonlyArray<SiteDownload>
  /** The only date on the page, so a rerun on the same input is byte-identical. */
  readonly generatedFrom: { readonly newestDigest: string | null }
}

/** Feeds announced in `<head>` for browsers and readers that discover feeds from a page URL. */
const DISCOVERED_KEYS: ReadonlySet<string> = new Set(["main", "code"])

const FORMAT_LABELS: Readonly<Record<FeedFormat, string>> = { rss: "RSS", atom: "Atom", json: "JSON Feed" }

const mimeOf = (format: FeedFormat): string => FEED_FORMATS.find((f) => f.format === format)?.mime ?? ""

const groupLabel = feedGroupLabel

// What each download is for and its media type, by file name ending, most specific first (papers.csl.json
// before .json). papers.json is a JSON Feed document but an archive, not a feed: typed application/json and
// described as a download, since readers refuse it (Miniflux over 15 MiB, CommaFeed over 5 MiB).
const DOWNLOAD_KINDS: ReadonlyArray<readonly [string, string, string]> = [
  [".csl.json", "application/vnd.citationstyles.csl+json", "CSL-JSON：导入 Zotero 为预印本 (Preprint)"],
  [".bib", "application/x-bibtex", "BibTeX：Zotero、JabRef、LaTeX"],
  [".json", "application/json", "全部论文的完整存档（JSON Feed 1.1 格式），供程序下载使用，不是订阅源"],
  [".opml", "text/x-opml", "OPML：在阅读器中一次订阅全部 feed"]
]
const kindOf = (path: string) => DOWNLOAD_KINDS.find(([ending]) => path.endsWith(ending))

const isOpml = (download: SiteDownload): boolean => download.path.endsWith(".opml")

const renderAutodiscovery = (feeds: ReadonlyArray<FeedEntry>): string =>
  feeds
    .filter((feed) => DISCOVERED_KEYS.has(feed.key))
    .map(
      (feed) =>
        `<link rel="alternate" type="${mimeOf(feed.format)}" ` +
        `title="${escapeHtml(`${feed.title} (${FORMAT_LABELS[feed.format]})`)}" href="${escapeHtml(relativeHref(feed.path))}">`
    )
    .join("\n")

/** One table row per feed group, one column per format, in the catalogue's order. */
const renderFeedTable = (feeds: ReadonlyArray<FeedEntry>): string => {
  const keys = [...new Set(feeds.map((feed) => feed.key))]
  const rows = keys.map((key) => {
    const label = groupLabel(key)
    const cells = FEED_FORMATS.map(({ format }) => {
      const feed = feeds.find((f) => f.key === key && f.format === format)
      return feed === undefined
        ? "<td></td>"
        : `<td><a href="${escapeHtml(relativeHref(feed.path))}" type="${mimeOf(format)}" ` +
            `aria-label="${escapeHtml(`${label} ${FORMAT_LABELS[format]}`)}">${FORMAT_LABELS[format]}</a></td>`
    })
    // every feed but the main one has a page beside it (renderFeedPages)
    const folder =
      feeds
        .find((f) => f.key === key)
        ?.path.split("/")
        .slice(0, -1)
        .join("/") ?? ""
    const name =
      folder === ""
        ? escapeHtml(label)
        : `<a href="${escapeHtml(relativeHref(`${folder}/index.html`))}">${escapeHtml(label)}</a>`
    return `<tr><th scope="row">${name}</th>${cells.join("")}</tr>`
  })
  const head = FEED_FORMATS.map(({ format }) => `<th scope="col">${FORMAT_LABELS[format]}</th>`).join("")
  return `<table class="feeds"><thead><tr><th scope="col">订阅源</th>${head}</tr></thead>\n<tbody>\n${rows.join("\n")}\n</tbody></table>`
}

const renderDownloads = (downloads: ReadonlyArray<SiteDownload>): string => {
  const items = downloads.map((download) => {
    const kind = kindOf(download.path)
    const type = kind === undefined ? "" : ` type="${escapeHtml(kind[1])}"`
    const size =
      download.bytes === undefined
        ? ""
        : ` <span class="size"><data value="${download.bytes}">${formatBytes(download.bytes)}</data></span>`
    return (
      `<li><a href="${escapeHtml(relativeHref(download.path))}"${type} download>${escapeHtml(download.title)}</a>` +
      `${size}${kind === undefined ? "" : ` <span>${escapeHtml(kind[2])}</span>`}</li>`
    )
  })
  return `<ul class="files">${items.join("\n")}</ul>`
}

/**
 * Papers grouped under one heading per announcement date, keeping the given (newest first) order; each heading
 * links that day's BibTeX file (bib/DAY.bib, which every day with papers has).
 */
const renderPapers = (papers: ReadonlyArray<EnrichedPaper>, anchorPrefix = "day"): string => {
  if (papers.length === 0) return `<p class="empty">暂无论文。</p>`
  const days: Array<{ date: string; items: Array<EnrichedPaper> }> = []
  for (const item of papers) {
    const last = days.at(-1)
    if (last?.date === item.paper.firstSeen) last.items.push(item)
    else days.push({ date: item.paper.firstSeen, items: [item] })
  }
  return days
    .map(
      ({ date, items }) =>
        `<h3 id="${anchorPrefix}-${date}"><a href="${escapeHtml(relativeHref(`day/${date}.html`))}">` +
        `<time datetime="${date}">${date}</time></a> · ${items.length} 篇</h3>\n` +
        `<p class="daybib"><a href="${escapeHtml(relativeHref(`bib/${date}.bib`))}" type="application/x-bibtex" ` +
        `download>当日 BibTeX</a></p>\n` +
        `<ol class="papers">\n${items.map((item) => renderPaperItem(item)).join("\n")}\n</ol>`
    )
    .join("\n")
}

/**
 * A section per bioRxiv/medRxiv server the catalogue has feeds of: its feed links and its latest papers (day
 * anchors prefixed by the server, so they stay unique on the page). The arXiv papers keep the main section.
 */
const renderServerSections = (
  feeds: ReadonlyArray<FeedEntry>,
  papers: ReadonlyArray<EnrichedPaper>
): string =>
  SERVERS.filter(isRxivServer)
    .filter((server) => feeds.some((feed) => feed.key === `server:${server}`))
    .map((server) => {
      const name = SERVER_NAMES[server]
      const links = FEED_FORMATS.flatMap(({ format }) => {
        const feed = feeds.find((f) => f.key === `server:${server}` && f.format === format)
        return feed === undefined
          ? []
          : [
              `<li><a href="${escapeHtml(relativeHref(feed.path))}" type="${mimeOf(format)}" ` +
                `aria-label="${escapeHtml(`${name} ${FORMAT_LABELS[format]}`)}">${FORMAT_LABELS[format]}</a></li>`
            ]
      })
      const serverPapers = papers.filter(({ paper }) => paper.server === server)
      return [
        `<section aria-labelledby="server-${server}">`,
        `<h2 id="server-${server}">${escapeHtml(name)} 最新论文</h2>`,
        `<ul class="files">${links.join("")}</ul>`,
        renderPapers(serverPapers, `${server}-day`),
        `</section>`
      ].join("\n")
    })
    .map((section) => `${section}\n`)
    .join("")

const renderSource = (pipeline: Pipeline): string =>
  pipeline.source.type === "github"
    ? `<a href="https://github.com/${escapeHtml(`${pipeline.source.owner}/${pipeline.source.repo}`)}">` +
      `${escapeHtml(`${pipeline.source.owner}/${pipeline.source.repo}`)}</a>`
    : "本地样例 digest"

/** Renders the whole page. Pure: the same input always gives the same bytes. */
export const renderIndexHtml = (input: IndexHtmlInput): string => {
  const { pipeline, papers, feeds, downloads, generatedFrom } = input
  const opml = downloads.filter(isOpml)
  const files = downloads.filter((download) => !isOpml(download))
  const newest = generatedFrom.newestDigest
  const description = pipeline.description === "" ? pipeline.title : pipeline.description
  return `${renderDocumentHead({ title: pipeline.title, description, head: renderAutodiscovery(feeds) })}<body>
<a class="skip" href="#papers">跳到最新论文</a>
<header class="site"><div class="wrap">
<h1>${escapeHtml(pipeline.title)}</h1>
<p class="lede">${escapeHtml(description)}</p>
<ul class="facts">
<li>最新一期 <strong>${newest === null ? "暂无" : `<time datetime="${escapeHtml(newest)}">${escapeHtml(newest)}</time>`}</strong></li>
<li>最近 ${pipeline.feeds.days} 天 <strong>${papers.length}</strong> 篇论文</li>
<li>来源 ${renderSource(pipeline)}</li>
<li><a href="archive.html">按月存档：每一天的论文</a></li>
<li><a href="search.html">搜索全部论文</a></li>
</ul>
</div></header>
<main class="wrap">
<section aria-labelledby="subscribe">
<h2 id="subscribe">订阅</h2>
${renderFeedTable(feeds)}
${opml.length === 0 ? "" : renderDownloads(opml)}
<p class="hint">把任一链接复制到 RSS 阅读器即可订阅；分类 feed 按 arXiv 主分类划分。</p>
</section>
<section aria-labelledby="downloads">
<h2 id="downloads">下载</h2>
${renderDownloads(files)}
</section>
<section aria-labelledby="papers">
<h2 id="papers">最新论文</h2>
${renderPapers(papers.filter(({ paper }) => paper.server === "arxiv"))}
</section>
${renderServerSections(feeds, papers)}</main>
${renderSiteFooter(pipeline, renderSource(pipeline))}
</body>
</html>
`
}
