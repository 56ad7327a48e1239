/**
 * Code and project links found in a paper's texts (pure). The URL kept is the one a reader should click: a
 * GitHub/GitLab link to a file or folder (`/tree/…`, `/blob/…`, `/-/tree/…`) becomes its repository, a
 * Hugging Face link its model, dataset or space; other links keep their path without a trailing slash.
 */
import { ArxivMetadata } from "../domain/ArxivMetadata.ts"
import { CodeLink, type CodeLinkKind, type CodeLinkSource } from "../domain/CodeLink.ts"
import type { Paper } from "../domain/Paper.ts"
import type { RxivMetadata } from "../domain/RxivMetadata.ts"

export interface CodeLinkText {
  readonly source: CodeLinkSource
  readonly text: string
}

const SOURCE_ORDER: ReadonlyArray<CodeLinkSource> = ["abstract_zh", "abstract_en", "comment", "code_cell"]

// RFC 3986 characters only: a URL ends at white space, at any non-ASCII character (`。`, `，`, `）`, `」`, CJK
// text glued to it) and at `{}[]<>|\"'` (LaTeX `\href{URL}{text}`, markdown `[x](URL)`, tables, quotes).
const URL_PATTERN =
  /(?:https?:\/\/|(?<![\w.@/:-])(?:www\.|(?:github\.com|gitlab\.com|huggingface\.co)\/))[A-Za-z0-9\-._~:/?#@!$&*+,;=%()]+/gi

/** LaTeX escapes that appear inside URLs in abstracts (`movingout\_ai`). */
const unescapeLatex = (text: string): string => text.replace(/\\([_%#&~])/g, "$1")

const count = (text: string, char: string): number => text.split(char).length - 1

/** Drops sentence punctuation glued to a URL, and a `)` that closes a parenthesis opened outside it. */
const trimTrailing = (raw: string): string => {
  let url = raw
  for (;;) {
    const last = url.at(-1)
    if (last !== undefined && ".,;:!?*".includes(last)) url = url.slice(0, -1)
    else if (last === ")" && count(url, ")") > count(url, "(")) url = url.slice(0, -1)
    else return url
  }
}

/** Every URL occurrence in a text, cleaned of LaTeX escapes and trailing punctuation, in text order. */
export const findUrls = (text: string): ReadonlyArray<string> =>
  [...unescapeLatex(text).matchAll(URL_PATTERN)]
    .map((match) => trimTrailing(match[0]))
    .map((url) => (/^https?:\/\//i.test(url) ? url : `https://${url}`))
    .filter((url) => /^https?:\/\/[a-z0-9]/i.test(url))

const NOT_CODE_HOSTS = /(^|\.)(arxiv\.org|doi\.org)$/
const GITHUB_PAGES = new Set([
  "about",
  "apps",
  "collections",
  "enterprise",
  "events",
  "explore",
  "features",
  "issues",
  "login",
  "marketplace",
  "notifications",
  "orgs",
  "pricing",
  "pulls",
  "search",
  "security",
  "settings",
  "site",
  "sponsors",
  "topics",
  "trending"
])
const HUGGINGFACE_PAGES = new Set([
  "blog",
  "chat",
  "collections",
  "docs",
  "join",
  "learn",
  "login",
  "models",
  "organizations",
  "papers",
  "posts",
  "pricing",
  "settings",
  "tasks"
])
const PROJECT_PAGE_HOSTS = /\.(github\.io|gitlab\.io|pages\.dev)$/

/** A host name with a dot and no empty label (`www.` or `localhost` are not links anyone publishes). */
const HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/
/** Owner, repository, model and dataset names on GitHub and Hugging Face. */
const isName = (segment: string | undefined): segment is string =>
  segment !== undefined && /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_-])?$/.test(segment)
/** GitHub user and organisation names: letters, digits, hyphens (and `_` for enterprise-managed users). */
const isOwner = (segment: string | undefined): segment is string =>
  segment !== undefined && /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(segment)

const withoutGit = (segment: string): string => segment.replace(/\.git$/i, "")
const segmentsOf = (url: URL): Array<string> => url.pathname.split("/").filter((part) => part !== "")

/** Drops trailing slashes, and the punctuation that bares (`/a./`), which findUrls would trim when reread. */
const tidyPath = (path: string): string => {
  const next = trimTrailing(path.replace(/\/+$/, ""))
  return next === path ? path : tidyPath(next)
}

const plain = (url: URL): string =>
  `${url.protocol}//${url.host}${tidyPath(url.pathname)}${url.search}${url.hash}`

/** plain() and findUrls' trimming until neither changes anything (a query can end in `.` or `)` too). */
const tidy = (raw: string): string | undefined => {
  let current = raw
  for (let round = 0; round < 8; round++) {
    let next: string
    try {
      next = plain(new URL(trimTrailing(current)))
    } catch {
      return undefined
    }
    if (next === current) return current
    current = next
  }
  return current
}

/** Normalises and classifies one URL; undefined for links that are not code (arXiv, DOI) or not URLs. */
export const classifyUrl = (
  raw: string
): { readonly url: string; readonly kind: CodeLinkKind } | undefined => {
  const tidied = tidy(raw)
  if (tidied === undefined) return undefined
  // Classify the tidied form, so that reading a link's own output again gives the same link and kind.
  const url = new URL(tidied)
  const host = url.hostname.replace(/^www\.(?=(github\.com|gitlab\.com|huggingface\.co)$)/, "")
  if (!HOST.test(host) || NOT_CODE_HOSTS.test(host)) return undefined
  const segments = segmentsOf(url)
  const [first, second, third] = segments
  if (host === "github.com") {
    const repo = withoutGit(second ?? "")
    if (!isOwner(first) || !isName(repo) || GITHUB_PAGES.has(first.toLowerCase())) {
      return { url: plain(url), kind: "other" }
    }
    return { url: `https://github.com/${first}/${repo}`, kind: "github" }
  }
  if (host === "gitlab.com" || host.startsWith("gitlab.")) {
    const end = segments.indexOf("-")
    const project = (end === -1 ? segments : segments.slice(0, end)).map((part, index, all) =>
      index === all.length - 1 ? withoutGit(part) : part
    )
    if (project.length < 2 || !project.every(isName)) return { url: plain(url), kind: "other" }
    return { url: `https://${host}/${project.join("/")}`, kind: "gitlab" }
  }
  if (host === "huggingface.co" || host === "hf.co") {
    if (first === "datasets" || first === "spaces") {
      if (!isName(second) || !isName(third)) return { url: plain(url), kind: "other" }
      const kind = first === "datasets" ? "huggingface-dataset" : "huggingface-space"
      return { url: `https://huggingface.co/${first}/${second}/${third}`, kind }
    }
    if (!isName(first) || !isName(second) || HUGGINGFACE_PAGES.has(first)) {
      return { url: plain(url), kind: "other" }
    }
    return { url: `https://huggingface.co/${first}/${second}`, kind: "huggingface-model" }
  }
  return { url: plain(url), kind: PROJECT_PAGE_HOSTS.test(host) ? "project-page" : "other" }
}

/** GitHub owners and repositories are case-insensitive; elsewhere only the host is (URL lowercases it). */
const dedupeKey = (url: string, kind: CodeLinkKind): string => (kind === "github" ? url.toLowerCase() : url)

/**
 * The code links in a paper's texts, deduplicated, in order of first appearance (texts taken in CodeLinkSource
 * order), each with every source it was found in.
 */
export const extractCodeLinks = (texts: ReadonlyArray<CodeLinkText>): ReadonlyArray<CodeLink> => {
  const found = new Map<string, { url: string; kind: CodeLinkKind; sources: Set<CodeLinkSource> }>()
  const ordered = [...texts].sort((a, b) => SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source))
  for (const { source, text } of ordered) {
    for (const raw of findUrls(text)) {
      const link = classifyUrl(raw)
      if (link === undefined) continue
      const key = dedupeKey(link.url, link.kind)
      const entry = found.get(key) ?? { ...link, sources: new Set<CodeLinkSource>() }
      entry.sources.add(source)
      found.set(key, entry)
    }
  }
  return [...found.values()].map(({ url, kind, sources }) =>
    CodeLink.make({ url, kind, foundIn: SOURCE_ORDER.filter((source) => sources.has(source)) })
  )
}

/** Code links from the digest's texts and the server's, each with where it was found. */
export const codeLinksOf = (paper: Paper, metadata: ArxivMetadata | RxivMetadata | null) =>
  extractCodeLinks([
    { source: "abstract_zh", text: paper.abstract },
    // Other appearances' abstracts: a link one translation kept is the paper's link too.
    ...paper.linkTexts.map((text) => ({ source: "abstract_zh" as const, text })),
    // The upstream JSON's English abstract (bioRxiv/medRxiv), then the server's.
    { source: "abstract_en", text: paper.abstractEn ?? "" },
    { source: "abstract_en", text: metadata?.abstract ?? "" },
    { source: "comment", text: (metadata instanceof ArxivMetadata ? metadata.comment : null) ?? "" },
    { source: "code_cell", text: paper.codeCell ?? "" }
  ])
