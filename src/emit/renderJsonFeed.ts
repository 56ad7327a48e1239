/** JSON Feed 1.1 writer: `feed.json` (a window) and `papers.json` (every paper), one item shape, streamed. */

import type { CodeLink } from "../domain/CodeLink.ts"
import { cleanLine } from "./cleanText.ts"
import type { FeedItem } from "./FeedItem.ts"
import type { FeedMeta } from "./FeedMeta.ts"
import { type DocumentShape, sectionedChunks, textChunks } from "./sectionedDocument.ts"

export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

/** A GitHub link's repository as GitHub described it on `checked_on` (pipeline setting `enrich.githubFacts`). */
const repositoryOf = ({ repository }: CodeLink) =>
  repository === undefined
    ? {}
    : {
        repository: {
          name_with_owner: repository.nameWithOwner,
          stars: repository.stars,
          archived: repository.archived,
          description: repository.description,
          checked_on: repository.checkedOn
        }
      }

const codeLinks = (item: FeedItem) =>
  item.codeLinks.map((link) => ({
    url: link.url,
    kind: link.kind,
    found_in: link.foundIn,
    ...repositoryOf(link)
  }))

/** The `_arxiv` extension: everything known of an arXiv paper. */
const arxivExtension = (item: FeedItem) => ({
  id: item.id,
  version: item.version,
  primary_category: item.primaryCategory,
  categories: item.categories,
  /** The journal DOI arXiv reports; `arxiv_doi` is the DataCite DOI every paper has. */
  doi: item.doi,
  arxiv_doi: item.preprintDoi,
  journal_ref: item.journalRef,
  comment: item.comment,
  title_zh: item.titleZh,
  title_en: item.titleEn,
  abstract_zh: item.abstractZh,
  abstract_en: item.abstractEn,
  authors: item.authors.map((author) => ({ name: author.name, affiliations: author.affiliations })),
  /** false while only the digest's first author is known (arXiv metadata pending). */
  authors_complete: item.authorsComplete,
  submitted: item.submitted,
  updated: item.updated,
  code_links: codeLinks(item),
  first_seen: item.firstSeen,
  digest_dates: item.digestDates
})

/**
 * The `_preprint` extension: a server-neutral object for DOI-identified preprints (bioRxiv, medRxiv). `doi` is
 * the preprint's, `published_doi` the journal article's; `posted` is the posting date of `version`.
 */
const preprintExtension = (item: FeedItem) => ({
  server: item.server,
  doi: item.id,
  version: item.version,
  category: item.primaryCategory,
  license: item.license,
  withdrawn: item.withdrawn,
  published_doi: item.doi,
  title_zh: item.titleZh,
  title_en: item.titleEn,
  abstract_zh: item.abstractZh,
  abstract_en: item.abstractEn,
  authors: item.authors.map((author) => ({
    name: author.name,
    ...(author.family === undefined ? {} : { family: author.family }),
    ...(author.given === undefined ? {} : { given: author.given })
  })),
  /** false while only the digest's first author is known (the server's metadata pending). */
  authors_complete: item.authorsComplete,
  posted: item.submitted,
  code_links: codeLinks(item),
  first_seen: item.firstSeen,
  digest_dates: item.digestDates
})

/**
 * The JSON Feed item: standard fields plus an extension object (JSON Feed 1.1 "Extensions"): `_arxiv` for an
 * arXiv paper, `_preprint` for a bioRxiv/medRxiv one.
 */
export const jsonFeedItem = (item: FeedItem) => ({
  id: item.url,
  url: item.link,
  title: item.title,
  content_html: item.contentHtml,
  date_published: item.date,
  authors: item.authors.map((author) => ({ name: author.name })),
  // JSON Feed 1.1 deprecates `author` but keeps it valid; NetNewsWire (and other 1.0 readers) read only it
  ...(item.authors[0] === undefined ? {} : { author: { name: item.authors[0].name } }),
  tags: item.categories,
  attachments: [{ url: item.pdfUrl, mime_type: "application/pdf", title: "PDF" }],
  ...(item.server === "arxiv" ? { _arxiv: arxivExtension(item) } : { _preprint: preprintExtension(item) })
})

/** The shape of a JSON Feed document: the head, then one line per item, then the tail. */
export const jsonFeedShape = (meta: FeedMeta): DocumentShape => {
  const head = [
    `  "version": ${JSON.stringify(JSON_FEED_VERSION)}`,
    `  "title": ${JSON.stringify(cleanLine(meta.title))}`,
    `  "home_page_url": ${JSON.stringify(meta.homeUrl)}`,
    `  "feed_url": ${JSON.stringify(meta.selfUrl)}`
  ]
  const description = cleanLine(meta.description)
  if (description !== "") head.push(`  "description": ${JSON.stringify(description)}`)
  head.push(`  "language": ${JSON.stringify(meta.language)}`)
  return {
    head: `{\n${head.join(",\n")},\n  "items": [`,
    open: "\n    ",
    separator: ",\n    ",
    close: "\n  ]\n}\n",
    empty: "]\n}\n"
  }
}

/** Items as jsonFeedShape items, lazily. */
export const jsonFeedItems = function* (items: Iterable<FeedItem>): Generator<string> {
  for (const item of items) yield JSON.stringify(jsonFeedItem(item))
}

/**
 * The document as chunks. Items are consumed lazily, so a cumulative archive of 200,000 papers is never one
 * string. Items keep the order given.
 */
export const jsonFeedChunks = (meta: FeedMeta, items: Iterable<FeedItem>): Generator<string> =>
  textChunks(sectionedChunks(jsonFeedShape(meta), [{ day: null, items: jsonFeedItems(items) }]))

/** A JSON Feed 1.1 document as one string (for the windowed feeds). */
export const renderJsonFeed = (meta: FeedMeta, items: ReadonlyArray<FeedItem>): string =>
  [...jsonFeedChunks(meta, items)].join("")
