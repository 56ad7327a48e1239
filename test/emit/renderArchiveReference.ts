/**
 * The renderer of the cumulative files before the one pass (src/emit/archivePass.ts), as it was at 628e983: one
 * lazy chunk iterable per file, each building its own FeedItem per paper. Kept as the reference the one-pass
 * output is compared with, byte for byte (archivePass.test.ts), and as the "before" of the emit benchmark. The
 * window feeds, which the one pass did not change, come from src's `windowFeeds`.
 */
import type { EnrichedPaper } from "../../src/domain/EnrichedPaper.ts"
import type { Artifact, SiteRender } from "../../src/emit/Artifact.ts"
import { assignBibKeys } from "../../src/emit/BibKeys.ts"
import { archiveCategories, FEED_FORMATS, feedCatalog } from "../../src/emit/FeedCatalog.ts"
import { toFeedItem } from "../../src/emit/FeedItem.ts"
import { feedWindow, newestFirst } from "../../src/emit/feedWindow.ts"
import {
  type ArchiveDay,
  type ArchiveInput,
  type CumulativeFile,
  daysOf,
  type RenderInput,
  topicBibPath,
  windowFeeds
} from "../../src/emit/renderArtifacts.ts"
import { BIBTEX_SHAPE, bibtexItems } from "../../src/emit/renderBibtex.ts"
import { CSL_JSON_SHAPE, cslJsonItems } from "../../src/emit/renderCslJson.ts"
import { jsonFeedItems, jsonFeedShape } from "../../src/emit/renderJsonFeed.ts"
import { OPML_FILES, renderOpml } from "../../src/emit/renderOpml.ts"
import { type DocumentShape, type Section, sectionedChunks } from "../../src/emit/sectionedDocument.ts"
import { topicMatcher } from "../../src/emit/topicMatch.ts"

/** A chunk iterable that can be iterated more than once (each pass renders afresh, lazily). */
const lazy = <A>(make: () => Iterable<A>): Iterable<A> => ({
  [Symbol.iterator]: () => make()[Symbol.iterator]()
})

const oldestFirst = (a: EnrichedPaper, b: EnrichedPaper): number => newestFirst(b, a)

/**
 * rss.xml, atom.xml, feed.json (the window), the same under code/ and category/<primary>/, papers.json (newest
 * day first), papers.bib, bib/YYYY-MM-DD.bib (papers announced that day: the day files add up to papers.bib),
 * papers.csl.json (oldest day first), one OPML file per feed format (feeds.opml: RSS), and per topic its feeds
 * under topic/<name>/ and its papers.bib (every paper of the topic, oldest day first). Cumulative files are lazy
 * chunk iterables of day sections:
 * a day given by its previous ranges is copied, and its bib/ file kept.
 */
export const renderArchiveReference = (input: ArchiveInput): SiteRender => {
  const { pipeline } = input
  const { site, keyOf, metaFor, groups, artifacts } = windowFeeds(input)

  const ascending = [...input.days].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
  const descending = [...ascending].reverse()
  function* citations(papers: ReadonlyArray<EnrichedPaper>) {
    for (const paper of [...papers].sort(oldestFirst))
      yield { item: toFeedItem(paper, site, { html: false }), key: keyOf(paper) }
  }
  function* items(papers: ReadonlyArray<EnrichedPaper>) {
    for (const paper of [...papers].sort(newestFirst)) yield toFeedItem(paper, site)
  }
  const cumulative = (
    path: CumulativeFile,
    shape: DocumentShape,
    days: ReadonlyArray<ArchiveDay>,
    render: (papers: ReadonlyArray<EnrichedPaper>) => Iterable<string>
  ): Artifact => ({
    path,
    content: lazy(() =>
      sectionedChunks(
        shape,
        days.map(
          (day): Section =>
            "papers" in day
              ? { day: day.day, items: render(day.papers()) }
              : { day: day.day, copy: day.previous[path] }
        )
      )
    )
  })
  const archiveMeta = metaFor(`${pipeline.title} · 全部论文 (all papers)`, "papers.json")
  artifacts.push(
    cumulative("papers.json", jsonFeedShape(archiveMeta), descending, (papers) =>
      jsonFeedItems(items(papers))
    )
  )
  artifacts.push(
    cumulative("papers.bib", BIBTEX_SHAPE, ascending, (papers) => bibtexItems(citations(papers)))
  )
  const kept: Array<string> = []
  for (const day of ascending) {
    const path = `bib/${day.day}.bib`
    if ("papers" in day)
      artifacts.push({
        path,
        content: lazy(() =>
          sectionedChunks(BIBTEX_SHAPE, [{ day: null, items: bibtexItems(citations(day.papers())) }])
        )
      })
    else kept.push(path)
  }
  artifacts.push(
    cumulative("papers.csl.json", CSL_JSON_SHAPE, ascending, (papers) => cslJsonItems(citations(papers)))
  )
  for (const topic of pipeline.topics) {
    const matches = topicMatcher(topic)
    const sections = (): Array<Section> =>
      ascending.flatMap((day): Array<Section> => {
        if ("papers" in day)
          return [{ day: day.day, items: bibtexItems(citations(day.papers().filter(matches))) }]
        const range = day.topicBibs[topic.name]
        return range === undefined ? [] : [{ day: day.day, copy: range }]
      })
    artifacts.push({
      path: topicBibPath(topic.name),
      content: lazy(() => sectionedChunks(BIBTEX_SHAPE, sections()))
    })
  }
  const catalog = feedCatalog(groups)
  for (const { format } of FEED_FORMATS)
    artifacts.push({
      path: OPML_FILES[format].path,
      content: renderOpml({ title: pipeline.title, siteUrl: pipeline.siteUrl, feeds: catalog, format })
    })
  return { artifacts, kept }
}

/** Every feed and citation file of an archive given whole, every day rendered (tests, benchmarks). */
export const renderArtifactsReference = (input: RenderInput): ReadonlyArray<Artifact> =>
  renderArchiveReference({
    pipeline: input.pipeline,
    days: daysOf(input.papers),
    windowed: feedWindow(input.papers, input.pipeline.feeds),
    categories: archiveCategories(input.papers),
    bibKeys: assignBibKeys(input.bibKeys, input.papers)
  }).artifacts
