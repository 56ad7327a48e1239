/**
 * Every feed and citation file of a run, rendered from the enriched papers: pure, deterministic bytes.
 *
 * Why not the `feed` package: feed 6.0.0 (installed in a scratch folder outside the project) was run on an
 * arXiv item, and its output falls short of what readers and the formats need. RSS: several authors become
 * several `<author>` elements holding names (RSS wants one e-mail address), no `dc:creator`; the guid is
 * written isPermaLink="false" although it is the abs URL; a control character in a title went raw into CDATA
 * (the XML is then not well-formed); `lastBuildDate` defaults to the run time. Atom: the PDF enclosure got the
 * type `image/03232v1` (guessed from the URL); categories carry `label` without the required `term`; no
 * `xml:lang`; an item without a date or with a non-URL id throws. JSON: version 1 (not 1.1), only the first
 * author (`author`), no attachments or language, `date_modified` instead of `date_published`. It offers no
 * custom namespaces or extension objects either. So the XML is written with xmlbuilder2 (full control of
 * namespaces and escaping) and JSON Feed by hand, all from one item model (FeedItem).
 */
import type { ArxivId } from "../domain/ArxivId.ts"
import type { EnrichedPaper } from "../domain/EnrichedPaper.ts"
import type { Pipeline } from "../domain/Pipeline.ts"
import type { Artifact } from "./Artifact.ts"
import { assignBibKeys, type BibKeyRegistry } from "./BibKeys.ts"
import { FEED_FORMATS, feedCatalog, feedGroups } from "./FeedCatalog.ts"
import { type FeedItem, toFeedItem } from "./FeedItem.ts"
import type { FeedMeta } from "./FeedMeta.ts"
import { feedWindow, newestAnnouncement, newestFirst } from "./feedWindow.ts"
import { renderAtom } from "./renderAtom.ts"
import { bibtexChunks } from "./renderBibtex.ts"
import { cslJsonChunks } from "./renderCslJson.ts"
import { jsonFeedChunks, renderJsonFeed } from "./renderJsonFeed.ts"
import { renderOpml } from "./renderOpml.ts"
import { renderRss } from "./renderRss.ts"

export interface RenderInput {
  readonly pipeline: Pipeline
  /** Every paper ever seen, deduplicated by id, in any order. */
  readonly papers: ReadonlyArray<EnrichedPaper>
  /** The persisted key registry; papers missing from it get keys here (persist assignBibKeys' result first). */
  readonly bibKeys: ReadonlyMap<ArxivId, string> | BibKeyRegistry
}

/** A chunk iterable that can be iterated more than once (each pass renders afresh, lazily). */
const lazy = (make: () => Iterable<string>): Iterable<string> => ({
  [Symbol.iterator]: () => make()[Symbol.iterator]()
})

const oldestFirst = (a: EnrichedPaper, b: EnrichedPaper): number => newestFirst(b, a)

/**
 * rss.xml, atom.xml, feed.json (the window), the same under code/ and category/<primary>/, papers.json,
 * papers.bib, bib/YYYY-MM-DD.bib (papers announced that day: each paper is in exactly one day file, so the day
 * files add up to papers.bib), papers.csl.json and feeds.opml. Cumulative files are lazy chunk iterables.
 */
export const renderArtifacts = (input: RenderInput): ReadonlyArray<Artifact> => {
  const { pipeline } = input
  const site = { siteUrl: pipeline.siteUrl, language: pipeline.language }
  const keys = assignBibKeys(input.bibKeys, input.papers)
  const keyOf = (paper: EnrichedPaper): string => keys[paper.paper.id] ?? paper.paper.id
  const asOf = newestAnnouncement(input.papers)
  const metaFor = (title: string, path: string): FeedMeta => ({
    title,
    description: pipeline.description,
    homeUrl: pipeline.siteUrl,
    selfUrl: new URL(path, pipeline.siteUrl).href,
    language: pipeline.language,
    asOf
  })

  const windowed = feedWindow(input.papers, pipeline.feeds)
  const windowItems = new Map<string, FeedItem>(windowed.map((p) => [p.paper.id, toFeedItem(p, site)]))
  const groups = feedGroups(pipeline.title, windowed, input.papers)
  const artifacts: Array<Artifact> = []
  for (const group of groups) {
    const items = group.papers.flatMap((paper) => windowItems.get(paper.paper.id) ?? [])
    for (const { format, file } of FEED_FORMATS) {
      const path = group.folder === "" ? file : `${group.folder}/${file}`
      const meta = metaFor(group.title, path)
      const render = format === "rss" ? renderRss : format === "atom" ? renderAtom : renderJsonFeed
      artifacts.push({ path, content: render(meta, items) })
    }
  }

  const newest = [...input.papers].sort(newestFirst)
  const oldest = [...input.papers].sort(oldestFirst)
  const cited = (papers: ReadonlyArray<EnrichedPaper>) =>
    papers.map((paper) => ({ paper, key: keyOf(paper) }))
  function* citations(papers: ReadonlyArray<{ paper: EnrichedPaper; key: string }>) {
    for (const { paper, key } of papers) yield { item: toFeedItem(paper, site, { html: false }), key }
  }
  function* items(papers: ReadonlyArray<EnrichedPaper>) {
    for (const paper of papers) yield toFeedItem(paper, site)
  }
  const archiveMeta = metaFor(`${pipeline.title} · 全部论文 (all papers)`, "papers.json")
  artifacts.push({ path: "papers.json", content: lazy(() => jsonFeedChunks(archiveMeta, items(newest))) })
  const oldestCited = cited(oldest)
  artifacts.push({ path: "papers.bib", content: lazy(() => bibtexChunks(citations(oldestCited))) })
  const byDay = new Map<string, Array<{ paper: EnrichedPaper; key: string }>>()
  for (const entry of oldestCited) {
    const day = byDay.get(entry.paper.paper.firstSeen) ?? []
    day.push(entry)
    byDay.set(entry.paper.paper.firstSeen, day)
  }
  for (const [day, entries] of byDay)
    artifacts.push({ path: `bib/${day}.bib`, content: lazy(() => bibtexChunks(citations(entries))) })
  artifacts.push({ path: "papers.csl.json", content: lazy(() => cslJsonChunks(citations(oldestCited))) })
  artifacts.push({
    path: "feeds.opml",
    content: renderOpml({ title: pipeline.title, siteUrl: pipeline.siteUrl, feeds: feedCatalog(groups) })
  })
  return artifacts
}
