/** Everything a run publishes but the report: feeds and citations (emit) plus the landing page. */
import { Effect } from "effect"
import type { EnrichedPaper } from "../domain/EnrichedPaper.ts"
import type { Artifact, SiteRender } from "../emit/Artifact.ts"
import { assignBibKeys, loadBibKeys, saveBibKeys } from "../emit/BibKeys.ts"
import { feedCatalog } from "../emit/FeedCatalog.ts"
import {
  type ArchiveInput,
  newestArchiveDay,
  renderArchive,
  siteFeedGroups,
  topicBibPath
} from "../emit/renderArtifacts.ts"
import { renderIndexHtml } from "../emit/site/renderIndexHtml.ts"

const DOWNLOADS = [
  { path: "papers.bib", title: "BibTeX" },
  { path: "papers.csl.json", title: "CSL-JSON" },
  { path: "papers.json", title: "JSON 存档 (JSON Feed)" },
  { path: "feeds.opml", title: "OPML" }
]

const sameKeys = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([id, key]) => b[id] === key)

/**
 * The key registry with keys for every paper. New keys are persisted before anything is published: a key that
 * readers may have cited is never lost to a crash between publishing and saving.
 */
export const assignAndSaveBibKeys = Effect.fn("assignAndSaveBibKeys")(function* (
  papers: ReadonlyArray<EnrichedPaper>
) {
  const registry = yield* loadBibKeys
  const bibKeys = assignBibKeys(registry, papers)
  if (!sameKeys(registry, bibKeys)) yield* saveBibKeys(bibKeys)
  return bibKeys
})

/** Every artifact but the report: feeds and citations (emit) plus the landing page. Pure. */
export const renderSite = (input: ArchiveInput): SiteRender => {
  const { pipeline } = input
  const rendered = renderArchive(input)
  const index: Artifact = {
    path: "index.html",
    content: renderIndexHtml({
      pipeline,
      papers: input.windowed,
      feeds: feedCatalog(siteFeedGroups(input)),
      downloads: [
        ...DOWNLOADS,
        ...pipeline.topics.map((topic) => ({
          path: topicBibPath(topic.name),
          title: `BibTeX · ${topic.title}`
        }))
      ],
      generatedFrom: { newestDigest: newestArchiveDay(input.days) }
    })
  }
  return { artifacts: [...rendered.artifacts, index], kept: rendered.kept }
}
