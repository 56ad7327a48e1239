/**
 * Every feed the site publishes: arXiv's main feeds, one per bioRxiv/medRxiv server, papers with code (every
 * server), one per primary category (arXiv's, and each server's under its folder), one per topic.
 */
import type { RxivServer } from "../domain/Doi.ts"
import { arxivMetadataOf, type EnrichedPaper, rxivMetadataOf } from "../domain/EnrichedPaper.ts"
import { isRxivServer, SERVER_NAMES, SERVERS } from "../domain/PaperKey.ts"
import type { Topic } from "../domain/Topic.ts"

export type FeedFormat = "rss" | "atom" | "json"

export interface FeedEntry {
  /** `main`, `server:biorxiv`, `code`, `category:cs.CV`, `category:biorxiv:neuroscience` or `topic:diffusion`. */
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
 * A bioRxiv/medRxiv category in archive.json and the group keys: server-qualified (`biorxiv:neuroscience`),
 * since both servers have categories of the same name (`epidemiology`). `biorxiv:` alone, with no category,
 * says the archive has papers of that server: its feeds exist even while no paper's category is known.
 */
export const rxivCategory = (server: RxivServer, category: string): string => `${server}:${category}`

/** The path segment of a bioRxiv/medRxiv category: lower case, runs of anything but [a-z0-9] become `-`. */
export const categorySlug = (category: string): string =>
  category
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")

const QUALIFIED = /^(biorxiv|medrxiv):(.*)$/

/** The server and category of a qualified name (`medrxiv:infectious diseases`), undefined for an arXiv one. */
const splitQualified = (name: string): { server: RxivServer; category: string } | undefined => {
  const match = QUALIFIED.exec(name)
  return match === null ? undefined : { server: match[1] as RxivServer, category: match[2] ?? "" }
}

/** The folder of a server's feeds (`biorxiv`) and of its category feeds (`biorxiv/category/<slug>`). */
export const serverFolder = (server: RxivServer): string => server
export const rxivCategoryFolder = (server: RxivServer, category: string): string =>
  `${serverFolder(server)}/category/${categorySlug(category)}`

/** The qualified name of a paper's feed category: arXiv's primary category or `<server>:<category>`; null if unknown. */
const feedCategoryOf = (paper: EnrichedPaper): string | null => {
  const { server } = paper.paper
  if (isRxivServer(server)) {
    const category = rxivMetadataOf(paper)?.category
    return category === undefined ? null : rxivCategory(server, category)
  }
  return arxivMetadataOf(paper)?.primaryCategory ?? null
}

interface CategoryFeed {
  readonly key: string
  readonly title: string
  readonly folder: string
  readonly papers: Array<EnrichedPaper>
}

/**
 * Groups the windowed papers into feeds. The main feeds (the site root, arXiv's since before bioRxiv/medRxiv
 * were read) and `category/<primary>/` hold arXiv papers only, so their subscribers see what they subscribed to;
 * `biorxiv/` and `medrxiv/` hold each server's papers, `biorxiv/category/<slug>/` its categories; the code feed
 * holds every server's. Category feeds come from `categories` (the whole archive's, see archiveCategories), so
 * a category feed's URL stays valid (and empty) in a week without papers in it, and a server's feeds exist
 * only once the archive has papers of it. Papers without metadata have no known category: they appear only
 * in their server's and the code feed.
 */
export const feedGroups = (
  siteTitle: string,
  windowed: ReadonlyArray<EnrichedPaper>,
  categories: Iterable<string>
): ReadonlyArray<FeedGroup> => {
  const arxivCategories = new Map<string, CategoryFeed>()
  const rxivCategories = new Map<string, CategoryFeed>()
  const servers = new Set<RxivServer>()
  const addCategory = (name: string) => {
    const qualified = splitQualified(name)
    if (qualified === undefined) {
      if (SAFE_CATEGORY.test(name) && !arxivCategories.has(name))
        arxivCategories.set(name, {
          key: `category:${name}`,
          title: `${siteTitle} · ${name}`,
          folder: `category/${name}`,
          papers: []
        })
      return
    }
    servers.add(qualified.server)
    // Names that differ only in case or punctuation share a folder: the first name (sorted) keys the feed.
    if (categorySlug(qualified.category) === "") return
    const folder = rxivCategoryFolder(qualified.server, qualified.category)
    if (!rxivCategories.has(folder))
      rxivCategories.set(folder, {
        key: `category:${name}`,
        title: `${siteTitle} · ${SERVER_NAMES[qualified.server]} · ${qualified.category}`,
        folder,
        papers: []
      })
  }
  for (const category of [...categories].sort()) addCategory(category)
  for (const paper of windowed) {
    const { server } = paper.paper
    if (isRxivServer(server)) servers.add(server)
    const name = feedCategoryOf(paper)
    if (name === null) continue
    const qualified = splitQualified(name)
    const feed =
      qualified === undefined
        ? arxivCategories.get(name)
        : categorySlug(qualified.category) === ""
          ? undefined
          : rxivCategories.get(rxivCategoryFolder(qualified.server, qualified.category))
    feed?.papers.push(paper)
  }
  const byFolder = (a: CategoryFeed, b: CategoryFeed) =>
    a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0
  return [
    {
      key: "main",
      title: siteTitle,
      folder: "",
      papers: windowed.filter(({ paper }) => paper.server === "arxiv")
    },
    ...SERVERS.filter(isRxivServer)
      .filter((server) => servers.has(server))
      .map((server) => ({
        key: `server:${server}`,
        title: `${siteTitle} · ${SERVER_NAMES[server]}`,
        folder: serverFolder(server),
        papers: windowed.filter(({ paper }) => paper.server === server)
      })),
    {
      key: "code",
      title: `${siteTitle} · 有代码的论文 (papers with code)`,
      folder: "code",
      papers: windowed.filter(hasCode)
    },
    ...[...arxivCategories.values()].sort(byFolder),
    ...[...rxivCategories.values()].sort(byFolder)
  ]
}

/** How the site names a feed group by its key: `cs.CV`, `bioRxiv · neuroscience`, `主题 (topic) llm`. */
export const feedGroupLabel = (key: string): string => {
  if (key === "main") return "arXiv"
  if (key === "code") return "有代码的论文"
  const server = /^server:(biorxiv|medrxiv)$/.exec(key)?.[1] as RxivServer | undefined
  if (server !== undefined) return SERVER_NAMES[server]
  const category = key.replace(/^category:/, "")
  const qualified = splitQualified(category)
  if (qualified !== undefined) return `${SERVER_NAMES[qualified.server]} · ${qualified.category}`
  return category.replace(/^topic:/, "主题 (topic) ")
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

/**
 * What feedGroups makes category and server feeds of, sorted: the primary categories of arXiv papers (metadata
 * known), and for bioRxiv/medRxiv papers `<server>:` plus `<server>:<category>` once the category is known.
 */
export const archiveCategories = (papers: Iterable<EnrichedPaper>): ReadonlyArray<string> => {
  const categories = new Set<string>()
  for (const paper of papers) {
    const { server } = paper.paper
    if (isRxivServer(server)) categories.add(rxivCategory(server, ""))
    const category = feedCategoryOf(paper)
    if (category !== null) categories.add(category)
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
