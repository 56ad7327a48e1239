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
import { type IsoDate, latestDate } from "../domain/IsoDate.ts"
import type { Pipeline } from "../domain/Pipeline.ts"
import { type Artifact, passTexts, renderedWhenWritten, type SiteRender } from "./Artifact.ts"
import { type ArchiveDay, archivePass, dayBibPath } from "./archivePass.ts"
import { assignBibKeys, type BibKeyRegistry } from "./BibKeys.ts"
import {
  archiveCategories,
  FEED_FORMATS,
  type FeedGroup,
  feedCatalog,
  feedGroups,
  topicGroups
} from "./FeedCatalog.ts"
import { type FeedItem, toFeedItem } from "./FeedItem.ts"
import type { FeedMeta } from "./FeedMeta.ts"
import { feedWindow, windowStart } from "./feedWindow.ts"
import { renderAtom } from "./renderAtom.ts"
import { jsonFeedShape, renderJsonFeed } from "./renderJsonFeed.ts"
import { OPML_FILES, renderOpml } from "./renderOpml.ts"
import { renderRss } from "./renderRss.ts"
import { topicWindow } from "./topicMatch.ts"

export {
  type ArchiveDay,
  CUMULATIVE_FILES,
  type CumulativeFile,
  dayBibPath,
  topicBibPath
} from "./archivePass.ts"

export interface ArchiveInput {
  readonly pipeline: Pipeline
  /** Every day with papers, in any order. */
  readonly days: ReadonlyArray<ArchiveDay>
  /** The feeds' window (feedWindow): its days, and every topic's window days, are among the rendered ones. */
  readonly windowed: ReadonlyArray<EnrichedPaper>
  /** Primary categories of the whole archive: one feed each, so their URLs stay stable. */
  readonly categories: Iterable<string>
  /** Keys for every rendered paper (persist assignBibKeys' result first). */
  readonly bibKeys: BibKeyRegistry
  /**
   * Every paper the run parsed and enriched, its day rendered or not (a day whose papers came back unchanged is
   * copied): the topics' windows are taken from them. Absent: from the rendered days' papers.
   */
  readonly enriched?: ReadonlyArray<EnrichedPaper>
}

export interface RenderInput {
  readonly pipeline: Pipeline
  /** Every paper ever seen, deduplicated by id, in any order. */
  readonly papers: ReadonlyArray<EnrichedPaper>
  /** The persisted key registry; papers missing from it get keys here (persist assignBibKeys' result first). */
  readonly bibKeys: ReadonlyMap<ArxivId, string> | BibKeyRegistry
}

/** The newest day with papers, null for an empty archive. */
export const newestArchiveDay = (days: ReadonlyArray<{ readonly day: IsoDate }>): IsoDate | null =>
  latestDate(days.map(({ day }) => day))

/** The archive's days from a full list of papers: every day rendered afresh. */
export const daysOf = (papers: ReadonlyArray<EnrichedPaper>): ReadonlyArray<ArchiveDay> => {
  const byDay = new Map<IsoDate, Array<EnrichedPaper>>()
  for (const paper of papers) {
    const day = byDay.get(paper.paper.firstSeen)
    if (day === undefined) byDay.set(paper.paper.firstSeen, [paper])
    else day.push(paper)
  }
  return [...byDay].map(([day, dayPapers]) => ({ day, papers: () => dayPapers }))
}

/**
 * Every windowed feed: main, code, categories, then the topics, whose windows come from the papers the run
 * parsed (it parses the longest window's days, see longestWindow).
 */
export const siteFeedGroups = (input: ArchiveInput): ReadonlyArray<FeedGroup> => {
  const { pipeline } = input
  const newest = newestArchiveDay(input.days)
  // Only the days some topic's window reaches are asked for their papers (the run parses all of them).
  const reach =
    newest === null ? newest : windowStart(newest, Math.max(0, ...pipeline.topics.map((topic) => topic.days)))
  const reached = (day: IsoDate) => reach !== null && day >= reach
  const rendered =
    input.enriched === undefined
      ? input.days.flatMap((day) => ("papers" in day && reached(day.day) ? day.papers() : []))
      : input.enriched.filter((paper) => reached(paper.paper.firstSeen))
  return [
    ...feedGroups(pipeline.title, input.windowed, input.categories),
    ...topicGroups(
      pipeline.title,
      pipeline.topics.map((topic) => ({
        topic,
        papers: topicWindow(topic, rendered, newest, pipeline.feeds.maxItems)
      }))
    )
  ]
}

/**
 * What every rendering of an archive shares: the window feeds (main, code, categories, topics; one FeedItem per
 * paper, shared by the feeds it is in) and the helpers the cumulative files use (the feeds' meta, BibTeX keys).
 */
export const windowFeeds = (input: ArchiveInput) => {
  const { pipeline } = input
  const site = { siteUrl: pipeline.siteUrl, language: pipeline.language }
  const keyOf = (paper: EnrichedPaper): string => input.bibKeys[paper.paper.id] ?? paper.paper.id
  const asOf = newestArchiveDay(input.days)
  const metaFor = (title: string, path: string): FeedMeta => ({
    title,
    description: pipeline.description,
    homeUrl: pipeline.siteUrl,
    selfUrl: new URL(path, pipeline.siteUrl).href,
    language: pipeline.language,
    asOf
  })

  // One item per paper, shared by the feeds it is in (a topic's window may reach beyond the main one).
  const windowItems = new Map<string, FeedItem>()
  const itemOf = (paper: EnrichedPaper): FeedItem => {
    const known = windowItems.get(paper.paper.id)
    if (known !== undefined) return known
    const item = toFeedItem(paper, site)
    windowItems.set(paper.paper.id, item)
    return item
  }
  const groups = siteFeedGroups(input)
  const artifacts: Array<Artifact> = []
  for (const group of groups) {
    const items = group.papers.map(itemOf)
    for (const { format, file } of FEED_FORMATS) {
      const path = group.folder === "" ? file : `${group.folder}/${file}`
      const meta = metaFor(group.title, path)
      const render = format === "rss" ? renderRss : format === "atom" ? renderAtom : renderJsonFeed
      artifacts.push({ path, content: renderedWhenWritten(() => render(meta, items)) })
    }
  }
  return { site, keyOf, metaFor, groups, artifacts }
}

/**
 * rss.xml, atom.xml, feed.json (the window), the same under code/ and category/<primary>/, papers.json (newest
 * day first), papers.bib, bib/YYYY-MM-DD.bib (papers announced that day: the day files add up to papers.bib),
 * papers.csl.json (oldest day first), one OPML file per feed format (feeds.opml: RSS), and per topic its feeds
 * under topic/<name>/ and its papers.bib (every paper of the topic, oldest day first). Cumulative files are lazy
 * chunk iterables of day sections:
 * a day given by its previous ranges is copied, and its bib/ file kept.
 */
export const renderArchive = (input: ArchiveInput): SiteRender => {
  const { pipeline } = input
  const { site, keyOf, metaFor, groups, artifacts } = windowFeeds(input)

  const archiveMeta = metaFor(`${pipeline.title} · 全部论文 (all papers)`, "papers.json")
  const pass = archivePass({
    days: input.days,
    topics: pipeline.topics,
    jsonShape: jsonFeedShape(archiveMeta),
    site,
    keyOf
  })
  const kept = input.days
    .filter((day) => !("papers" in day))
    .map((day) => dayBibPath(day.day))
    .sort()
  const catalog = feedCatalog(groups)
  for (const { format } of FEED_FORMATS)
    artifacts.push({
      path: OPML_FILES[format].path,
      content: renderOpml({ title: pipeline.title, siteUrl: pipeline.siteUrl, feeds: catalog, format })
    })
  return { artifacts, kept, passes: [pass] }
}

/**
 * Every feed and citation file of an archive given whole, every day rendered (tests, benchmarks): the pass's
 * files as whole texts, after the window feeds, before the OPML files.
 */
export const renderArtifacts = (input: RenderInput): ReadonlyArray<Artifact> => {
  const site = renderArchive({
    pipeline: input.pipeline,
    days: daysOf(input.papers),
    windowed: feedWindow(input.papers, input.pipeline.feeds),
    categories: archiveCategories(input.papers),
    bibKeys: assignBibKeys(input.bibKeys, input.papers)
  })
  const opml = new Set(Object.values(OPML_FILES).map((file) => file.path))
  const passed = (site.passes ?? []).flatMap((pass) =>
    [...passTexts(pass)].map(([path, content]): Artifact => ({ path, content }))
  )
  return [
    ...site.artifacts.filter((artifact) => !opml.has(artifact.path)),
    ...passed,
    ...site.artifacts.filter((artifact) => opml.has(artifact.path))
  ]
}
