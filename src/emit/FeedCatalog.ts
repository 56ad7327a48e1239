/** Every feed the site publishes: the main feeds, papers with code, one per primary category, one per topic. */
import { arxivMetadataOf, type EnrichedPaper } from "../domain/EnrichedPaper.ts"
import type { Topic } from "../domain/Topic.ts"

export type FeedFormat = "rss" | "atom" | "json"

export interface FeedEntry {
  /** `main`, `code`, `category:cs.CV` or `topic:diffusion`. */
  readonly key: string
  readonly title: string
  readonly format: FeedFormat
  /** Relative to the output folder. */
  readonly path: string
}

export const FEED_FORMATS: ReadonlyArray<{ format: FeedFormat; file: string; mime: string }> = [
  { format: "rss", file: "rss.xml", mime: "application/rss+xml" },
  { format: "atom", file: "atom.xml", mime: "application/atom+xml" },
  { format: "json", file: "feed.json", mime: "application/feed+json" }
]

export interface FeedGroup {
  readonly key: string
  readonly title: string
  /** Folder under the output folder ("" for the main feeds). */
  readonly folder: string
  readonly papers: ReadonlyArray<EnrichedPaper>
}

/** A paper links code (a repository or a model), not only a project page: what the code feed holds. */
export const hasCode = (paper: EnrichedPaper): boolean =>
  paper.codeLinks.some((link) => link.kind !== "project-page")

/** arXiv category names (`cs.CV`, `astro-ph.GA`, `hep-th`); anything else never becomes a folder name. */
const SAFE_CATEGORY = /^[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?$/

/**
 * Groups the windowed papers into feeds: main, papers with code, and one per primary category of the whole
 * archive, so a category feed's URL stays valid (and empty) in a week without papers in it. Papers without
 * arXiv metadata have no known category and appear only in the main and code feeds.
 */
export const feedGroups = (
  siteTitle: string,
  windowed: ReadonlyArray<EnrichedPaper>,
  categories: Iterable<string>
): ReadonlyArray<FeedGroup> => {
  const byCategory = new Map<string, Array<EnrichedPaper>>()
  for (const category of categories)
    if (SAFE_CATEGORY.test(category) && !byCategory.has(category)) byCategory.set(category, [])
  for (const paper of windowed) byCategory.get(arxivMetadataOf(paper)?.primaryCategory ?? "")?.push(paper)
  return [
    { key: "main", title: siteTitle, folder: "", papers: windowed },
    {
      key: "code",
      title: `${siteTitle} · 有代码的论文 (papers with code)`,
      folder: "code",
      papers: windowed.filter(hasCode)
    },
    ...[...byCategory.keys()].sort().map((category) => ({
      key: `category:${category}`,
      title: `${siteTitle} · ${category}`,
      folder: `category/${category}`,
      papers: byCategory.get(category) ?? []
    }))
  ]
}

/** The folder of a topic's files (its name is a safe path segment, see Topic). */
export const topicFolder = (name: string): string => `topic/${name}`

/** One group per topic, in the pipeline's order, holding the topic's window (topicWindow). */
export const topicGroups = (
  siteTitle: string,
  topics: ReadonlyArray<{ readonly topic: Topic; readonly papers: ReadonlyArray<EnrichedPaper> }>
): ReadonlyArray<FeedGroup> =>
  topics.map(({ topic, papers }) => ({
    key: `topic:${topic.name}`,
    title: `${siteTitle} · ${topic.title}`,
    folder: topicFolder(topic.name),
    papers
  }))

/** The primary categories of `papers` (arXiv metadata known), sorted: what feedGroups makes feeds of. */
export const archiveCategories = (papers: Iterable<EnrichedPaper>): ReadonlyArray<string> => {
  const categories = new Set<string>()
  for (const paper of papers) {
    const metadata = arxivMetadataOf(paper)
    if (metadata !== null) categories.add(metadata.primaryCategory)
  }
  return [...categories].sort()
}

/** The feed files of the groups, in the order the OPML and the landing page list them. */
export const feedCatalog = (groups: ReadonlyArray<FeedGroup>): ReadonlyArray<FeedEntry> =>
  groups.flatMap((group) =>
    FEED_FORMATS.map(({ format, file }) => ({
      key: group.key,
      title: group.title,
      format,
      path: group.folder === "" ? file : `${group.folder}/${file}`
    }))
  )
