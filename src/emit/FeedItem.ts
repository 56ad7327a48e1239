/** The one item model every feed and citation writer renders: a deduplicated paper and its enrichment. */
import { Schema } from "effect"
import { ArxivId, absUrl, arxivDoi, pdfUrl } from "../domain/ArxivId.ts"
import { CodeLink } from "../domain/CodeLink.ts"
import { type EnrichedPaper, metadataIsCurrent, newestVersion } from "../domain/EnrichedPaper.ts"
import { IsoDate } from "../domain/IsoDate.ts"
import { cleanLine, cleanText, hasCjk } from "./cleanText.ts"
import { dayInstant } from "./feedDates.ts"
import { itemHtml } from "./itemHtml.ts"

/** An author as the feeds show them; a plain struct (built once per author per paper, so kept cheap). */
export const FeedAuthor = Schema.Struct({
  name: Schema.String,
  affiliations: Schema.Array(Schema.String)
})
export type FeedAuthor = typeof FeedAuthor.Type

/** Every text here is already cleaned (no XML-invalid characters); writers only escape. */
export class FeedItem extends Schema.Class<FeedItem>("FeedItem")({
  id: ArxivId,
  version: Schema.NullOr(Schema.Int),
  /** `https://arxiv.org/abs/<id>`, version-less: RSS guid, Atom id, JSON Feed id and the item link. */
  url: Schema.String,
  /** The PDF of the newest known version. */
  pdfUrl: Schema.String,
  /** Display title: the Chinese title, or the English one when the translation failed. */
  title: Schema.String,
  titleZh: Schema.NullOr(Schema.String),
  titleEn: Schema.NullOr(Schema.String),
  /** The digest's Chinese abstract, null when the digest has none or it stayed English. */
  abstractZh: Schema.NullOr(Schema.String),
  /** The full English abstract from arXiv. */
  abstractEn: Schema.NullOr(Schema.String),
  /** The digest's untranslated English abstract (cut short upstream), shown only while arXiv's is unknown. */
  abstractDigestEn: Schema.NullOr(Schema.String),
  authors: Schema.Array(FeedAuthor),
  /** false while only the digest's first author is known. */
  authorsComplete: Schema.Boolean,
  primaryCategory: Schema.NullOr(Schema.String),
  /** Primary first. */
  categories: Schema.Array(Schema.String),
  /** The announcement (first digest day) as an RFC 3339 instant at midnight UTC. */
  date: Schema.String,
  firstSeen: IsoDate,
  digestDates: Schema.Array(IsoDate),
  /** v1 submission date or instant (arXiv `published`, else the digest's published column), null if unknown. */
  submitted: Schema.NullOr(Schema.String),
  /** When the newest known version was submitted (arXiv `updated`); null when arXiv has not returned it yet. */
  updated: Schema.NullOr(Schema.String),
  arxivDoi: Schema.String,
  /** The journal DOI arXiv knows of, if any. */
  doi: Schema.NullOr(Schema.String),
  journalRef: Schema.NullOr(Schema.String),
  comment: Schema.NullOr(Schema.String),
  codeLinks: Schema.Array(CodeLink),
  language: Schema.String,
  /** Item body as HTML (also well-formed XML): abstracts, authors, categories, links; translator notes left out. */
  contentHtml: Schema.String
}) {}

const nonEmpty = (text: string | null | undefined): string | null => {
  if (text === null || text === undefined) return null
  const cleaned = cleanText(text).trim()
  return cleaned === "" ? null : cleaned
}

const nonEmptyLine = (text: string | null | undefined): string | null => {
  const cleaned = text === null || text === undefined ? "" : cleanLine(text)
  return cleaned === "" ? null : cleaned
}

/**
 * Builds the item of a paper; `site.language` is the feed language (zh-CN). Pure. Citations (BibTeX, CSL-JSON)
 * never show the HTML content, so `html: false` skips it (an empty string) for them.
 */
export const toFeedItem = (
  paper: EnrichedPaper,
  site: { siteUrl: string; language: string },
  options: { readonly html: boolean } = { html: true }
): FeedItem => {
  const { metadata } = paper
  const digest = paper.paper
  const digestTitle = nonEmptyLine(digest.title)
  const titleZh = digestTitle !== null && hasCjk(digestTitle) ? digestTitle : null
  const titleEn =
    nonEmptyLine(metadata?.title) ?? nonEmptyLine(digest.titleEn) ?? (titleZh === null ? digestTitle : null)
  const digestAbstract = nonEmpty(digest.abstract)
  const abstractZh = digestAbstract !== null && hasCjk(digestAbstract) ? digestAbstract : null
  const abstractEn = nonEmpty(metadata?.abstract)
  const authors =
    metadata !== null && metadata.authors.length > 0
      ? metadata.authors.map(
          (author): FeedAuthor => ({
            name: cleanLine(author.name),
            affiliations: author.affiliations.map(cleanLine).filter((a) => a !== "")
          })
        )
      : [{ name: cleanLine(digest.author), affiliations: [] }]
  const version = newestVersion(paper)
  const base = {
    id: digest.id,
    version,
    url: absUrl(digest.id),
    pdfUrl: pdfUrl(digest.id, version),
    title: titleZh ?? titleEn ?? `arXiv:${digest.id}`,
    titleZh,
    titleEn,
    abstractZh,
    abstractEn,
    abstractDigestEn: abstractZh === null && abstractEn === null ? digestAbstract : null,
    authors: authors.filter((author) => author.name !== ""),
    authorsComplete: metadata !== null && metadata.authors.length > 0,
    primaryCategory: nonEmptyLine(metadata?.primaryCategory),
    categories: orderCategories(metadata?.primaryCategory, metadata?.categories ?? []),
    date: dayInstant(digest.firstSeen),
    firstSeen: digest.firstSeen,
    digestDates: digest.dates.length > 0 ? digest.dates : [digest.firstSeen],
    submitted: metadata?.published ?? digest.published,
    // arXiv's `updated` dates the version it returned: unknown for a newer one that only a digest links.
    updated: metadataIsCurrent(paper) ? (metadata?.updated ?? null) : null,
    arxivDoi: arxivDoi(digest.id),
    doi: nonEmptyLine(metadata?.doi),
    journalRef: nonEmptyLine(metadata?.journalRef),
    comment: nonEmptyLine(metadata?.comment),
    codeLinks: paper.codeLinks,
    language: site.language
  }
  return new FeedItem(
    { ...base, contentHtml: options.html ? itemHtml(base) : "" },
    { disableValidation: true }
  )
}

/** Primary category first, then the others in arXiv's order, without duplicates or blanks. */
const orderCategories = (primary: string | undefined, categories: ReadonlyArray<string>): Array<string> => {
  const seen = new Set<string>()
  const ordered: Array<string> = []
  for (const category of [primary ?? "", ...categories].map(cleanLine)) {
    if (category === "" || seen.has(category)) continue
    seen.add(category)
    ordered.push(category)
  }
  return ordered
}
