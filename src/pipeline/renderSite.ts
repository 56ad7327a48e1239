/** Everything a run publishes but the report: feeds and citations (emit) plus the landing page. */
import type { IsoDate } from "../domain/IsoDate.ts"
import { type Artifact, renderedWhenWritten, type SiteRender } from "../emit/Artifact.ts"
import { feedCatalog } from "../emit/FeedCatalog.ts"
import {
  type ArchiveInput,
  newestArchiveDay,
  renderArchive,
  siteFeedGroups,
  topicBibPath
} from "../emit/renderArtifacts.ts"
import { measureArtifact, measurePass } from "../emit/site/measuredArtifact.ts"
import { renderArchivePages } from "../emit/site/renderArchivePages.ts"
import { renderFeedPages } from "../emit/site/renderFeedPages.ts"
import { renderIndexHtml } from "../emit/site/renderIndexHtml.ts"
import { renderSearchPage } from "../emit/site/renderSearchPage.ts"

/** The files the page offers as downloads, in its order; their sizes are measured from the rendered bytes. */
const DOWNLOADS = [
  { path: "papers.bib", title: "papers.bib (BibTeX)" },
  { path: "papers.csl.json", title: "papers.csl.json (CSL-JSON)" },
  { path: "papers.json", title: "papers.json (JSON 存档)" },
  { path: "feeds.opml", title: "OPML (RSS)" },
  { path: "feeds-atom.opml", title: "OPML (Atom)" },
  { path: "feeds-json.opml", title: "OPML (JSON Feed)" }
]

/** The archive and, for archive.html, every day's paper count (copied days are not re-read). */
export interface SiteInput extends ArchiveInput {
  readonly paperCounts: ReadonlyMap<IsoDate, number>
}

/**
 * Every artifact but the report: feeds and citations (emit) plus the landing page, written last: it states
 * the downloads' sizes, counted while they are written (measureArtifact). Pure.
 */
export const renderSite = (input: SiteInput): SiteRender => {
  const { pipeline } = input
  const rendered = renderArchive(input)
  const measured = new Map(rendered.artifacts.map((artifact) => [artifact.path, measureArtifact(artifact)]))
  const passes = (rendered.passes ?? []).map(measurePass)
  const sizeOf = (path: string): number | undefined => {
    const file = measured.get(path)
    if (file !== undefined) return file.bytes()
    for (const pass of passes) {
      const bytes = pass.bytes(path)
      if (bytes !== undefined) return bytes
    }
    return undefined
  }
  const page = () =>
    renderIndexHtml({
      pipeline,
      papers: input.windowed,
      feeds: feedCatalog(siteFeedGroups(input)),
      downloads: [
        ...DOWNLOADS,
        ...pipeline.topics.map((topic) => ({
          path: topicBibPath(topic.name),
          title: `BibTeX · ${topic.title}`
        }))
      ].map((download) => {
        const bytes = sizeOf(download.path)
        return bytes === undefined ? download : { ...download, bytes }
      }),
      generatedFrom: { newestDigest: newestArchiveDay(input.days) }
    })
  const index: Artifact = { path: "index.html", content: renderedWhenWritten(page) }
  const pages = renderArchivePages(input)
  return {
    artifacts: [
      ...[...measured.values()].map((file) => file.artifact),
      ...pages.artifacts,
      ...renderFeedPages(pipeline, siteFeedGroups(input)),
      // its script, which lists the bundles, is the search index step's (pipeline/searchIndex.ts)
      ...renderSearchPage(pipeline)
    ],
    kept: [...rendered.kept, ...pages.kept],
    passes: passes.map((measuredPass) => measuredPass.pass),
    last: [index]
  }
}
