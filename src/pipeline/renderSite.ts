/** Everything a run publishes but the report: feeds and citations (emit) plus the landing page. */
import type { Artifact, SiteRender } from "../emit/Artifact.ts"
import { feedCatalog, feedGroups } from "../emit/FeedCatalog.ts"
import { type ArchiveInput, newestArchiveDay, renderArchive } from "../emit/renderArtifacts.ts"
import { renderIndexHtml } from "../emit/site/renderIndexHtml.ts"

const DOWNLOADS = [
  { path: "papers.bib", title: "BibTeX" },
  { path: "papers.csl.json", title: "CSL-JSON" },
  { path: "papers.json", title: "JSON 存档 (JSON Feed)" },
  { path: "feeds.opml", title: "OPML" }
]

/** Every artifact but the report: feeds and citations (emit) plus the landing page. Pure. */
export const renderSite = (input: ArchiveInput): SiteRender => {
  const { pipeline } = input
  const rendered = renderArchive(input)
  const index: Artifact = {
    path: "index.html",
    content: renderIndexHtml({
      pipeline,
      papers: input.windowed,
      feeds: feedCatalog(feedGroups(pipeline.title, input.windowed, input.categories)),
      downloads: DOWNLOADS,
      generatedFrom: { newestDigest: newestArchiveDay(input.days) }
    })
  }
  return { artifacts: [...rendered.artifacts, index], kept: rendered.kept }
}
