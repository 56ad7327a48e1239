/** The one item model every feed and citation writer renders: a deduplicated paper and its enrichment. */
import { Schema } from "effect"
import type { ArxivMetadata } from "../domain/ArxivMetadata.ts"
import { CodeLink } from "../domain/CodeLink.ts"
import {
  arxivMetadataOf,
  type EnrichedPaper,
  metadataIsCurrent,
  newestVersion,
  rxivMetadataOf
} from "../domain/EnrichedPaper.ts"
import { IsoDate } from "../domain/IsoDate.ts"
import type { Paper } from "../domain/Paper.ts"
import { PaperKey, Server } from "../domain/PaperKey.ts"
import { paperLinks } from "../domain/paperLinks.ts"
import type { RxivMetadata, RxivPerson } from "../domain/RxivMetadata.ts"
import { cleanLine, cleanText, hasCjk } from "./cleanText.ts"
import { dayInstant } from "./feedDates.ts"
import { itemHtml } from "./itemHtml.ts"

/** An author as the feeds show them; a plain struct (built once per author per paper, so kept cheap). */
export const FeedAuthor = Schema.Struct({
  /** The name as displayed: `Given Family` (arXiv writes it so; bioRxiv/medRxiv names are joined). */
  name: Schema.String,
  affiliations: Schema.Array(Schema.String),
  /**
   * The name's parts when the server gives them (bioRxiv/medRxiv: `Surname, I.`); citations use them instead of
   * splitting `name`. `given` is absent for a group author or a mononym.
   */
  family: Schema.optional(Schema.String),
  given: Schema.optional(Schema.String)
})
export type FeedAuthor = typeof FeedAuthor.Type

/** Every text here is already cleaned (no XML-invalid characters); writers only escape. */
export class FeedItem extends Schema.Class<FeedItem>("FeedItem")({
  /** The arXiv id or the bioRxiv/medRxiv DOI. */
  id: PaperKey,
  server: Server,
  version: Schema.NullOr(Schema.Int),
  /**
   * The version-less identity URL: RSS guid, Atom id, JSON Feed id. `https://arxiv.org/abs/<id>`, or
   * `https://doi.org/<doi>` for bioRxiv/medRxiv.
   */
  url: Schema.String,
  /** The page a reader opens: the same abs URL for arXiv, the server's version-less page for a DOI. */
  link: Schema.String,
  /** The PDF of the newest known version (bioRxiv/medRxiv: the server's newest when the version is unknown). */
  pdfUrl: Schema.String,
  /** Display title: the Chinese title, or the English one when the translation failed. */
  title: Schema.String,
  titleZh: Schema.NullOr(Schema.String),
  titleEn: Schema.NullOr(Schema.String),
  /** The digest's Chinese abstract, null when the digest has none or it stayed English. */
  abstractZh: Schema.NullOr(Schema.String),
  /** The full English abstract from the server (or, for bioRxiv/medRxiv until it is known, the upstream JSON). */
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
  /** The preprint's own DOI: arXiv's DataCite `10.48550/arXiv.<id>`, or the bioRxiv/medRxiv DOI itself. */
  preprintDoi: Schema.String,
  /** The journal article's DOI, once published (arXiv's `doi`, bioRxiv/medRxiv's `published`). */
  doi: Schema.NullOr(Schema.String),
  journalRef: Schema.NullOr(Schema.String),
  comment: Schema.NullOr(Schema.String),
  codeLinks: Schema.Array(CodeLink),
  /** bioRxiv/medRxiv: the licence code the API sends (`cc_by`, `cc_no`…); null for arXiv or while unknown. */
  license: Schema.NullOr(Schema.String),
  /** bioRxiv/medRxiv: the newest version is a withdrawal notice. */
  withdrawn: Schema.Boolean,
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

/** What differs between servers: identity, links, and the fields only one server's metadata has. */
interface ServerFields {
  readonly url: string
  readonly link: string
  readonly pdfUrl: string
  readonly preprintDoi: string
  readonly fallbackTitle: string
  readonly titleEn: string | null
  readonly abstractEn: string | null
  readonly authors: ReadonlyArray<FeedAuthor> | null
  readonly primaryCategory: string | null
  readonly categories: ReadonlyArray<string>
  readonly submitted: string | null
  readonly updated: string | null
  readonly doi: string | null
  readonly journalRef: string | null
  readonly comment: string | null
  readonly license: string | null
  readonly withdrawn: boolean
}

const arxivFields = (
  paper: Paper,
  metadata: ArxivMetadata | null,
  version: number | null,
  current: boolean
): ServerFields => {
  const links = paperLinks(paper, version)
  return {
    url: links.idUrl,
    link: links.page,
    pdfUrl: links.pdf,
    preprintDoi: links.doi,
    fallbackTitle: links.label,
    titleEn: nonEmptyLine(metadata?.title),
    abstractEn: nonEmpty(metadata?.abstract),
    authors:
      metadata === null || metadata.authors.length === 0
        ? null
        : metadata.authors.map((author) => ({
            name: cleanLine(author.name),
            affiliations: author.affiliations.map(cleanLine).filter((a) => a !== "")
          })),
    primaryCategory: nonEmptyLine(metadata?.primaryCategory),
    categories: orderCategories(metadata?.primaryCategory, metadata?.categories ?? []),
    submitted: metadata?.published ?? paper.published,
    // arXiv's `updated` dates the version it returned: unknown for a newer one that only a digest links.
    updated: current ? (metadata?.updated ?? null) : null,
    doi: nonEmptyLine(metadata?.doi),
    journalRef: nonEmptyLine(metadata?.journalRef),
    comment: nonEmptyLine(metadata?.comment),
    license: null,
    withdrawn: false
  }
}

/** `Surname, I.` from the API, shown as `I. Surname`; the parts are kept for the citations. */
const rxivAuthor = (person: RxivPerson): FeedAuthor => {
  const family = cleanLine(person.family)
  const given = person.given === null ? "" : cleanLine(person.given)
  return given === ""
    ? { name: family, affiliations: [], family }
    : { name: `${given} ${family}`, affiliations: [], family, given }
}

const rxivFields = (paper: Paper, metadata: RxivMetadata | null, version: number | null): ServerFields => {
  const links = paperLinks(paper, version)
  const category = nonEmptyLine(metadata?.category)
  return {
    url: links.idUrl,
    link: links.page,
    pdfUrl: links.pdf,
    preprintDoi: links.doi,
    fallbackTitle: links.label,
    titleEn: nonEmptyLine(metadata?.title) ?? nonEmptyLine(paper.titleEn),
    abstractEn: nonEmpty(metadata?.abstract) ?? nonEmpty(paper.abstractEn),
    authors: metadata === null || metadata.authors.length === 0 ? null : metadata.authors.map(rxivAuthor),
    primaryCategory: category,
    categories: category === null ? [] : [category],
    // The posting date of the newest version: the date a citation gives (DESIGN.md).
    submitted: metadata?.date ?? paper.published,
    updated: metadata?.date ?? null,
    doi: nonEmptyLine(metadata?.publishedDoi),
    journalRef: null,
    comment: null,
    license: nonEmptyLine(metadata?.license),
    withdrawn: metadata?.withdrawn ?? false
  }
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
  const digest = paper.paper
  const version = newestVersion(paper)
  const fields =
    digest.server === "arxiv"
      ? arxivFields(digest, arxivMetadataOf(paper), version, metadataIsCurrent(paper))
      : rxivFields(digest, rxivMetadataOf(paper), version)
  const digestTitle = nonEmptyLine(digest.title)
  const titleZh = digestTitle !== null && hasCjk(digestTitle) ? digestTitle : null
  const titleEn = fields.titleEn ?? nonEmptyLine(digest.titleEn) ?? (titleZh === null ? digestTitle : null)
  const digestAbstract = nonEmpty(digest.abstract)
  const abstractZh = digestAbstract !== null && hasCjk(digestAbstract) ? digestAbstract : null
  const { abstractEn } = fields
  const authors = fields.authors ?? [{ name: cleanLine(digest.author), affiliations: [] }]
  const base = {
    id: digest.id,
    server: digest.server,
    version,
    url: fields.url,
    link: fields.link,
    pdfUrl: fields.pdfUrl,
    title: titleZh ?? titleEn ?? fields.fallbackTitle,
    titleZh,
    titleEn,
    abstractZh,
    abstractEn,
    abstractDigestEn: abstractZh === null && abstractEn === null ? digestAbstract : null,
    authors: authors.filter((author) => author.name !== ""),
    authorsComplete: fields.authors !== null,
    primaryCategory: fields.primaryCategory,
    categories: fields.categories,
    date: dayInstant(digest.firstSeen),
    firstSeen: digest.firstSeen,
    digestDates: digest.dates.length > 0 ? digest.dates : [digest.firstSeen],
    submitted: fields.submitted,
    updated: fields.updated,
    preprintDoi: fields.preprintDoi,
    doi: fields.doi,
    journalRef: fields.journalRef,
    comment: fields.comment,
    codeLinks: paper.codeLinks,
    license: fields.license,
    withdrawn: fields.withdrawn,
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

/**
 * The DOI a citation of the item carries: for arXiv the journal DOI once published (cited as the article it
 * became), else arXiv's DataCite DOI; for bioRxiv/medRxiv always the preprint's (the API names no journal, so
 * the item stays the preprint, with its journal DOI beside it).
 */
export const citedDoi = (item: Pick<FeedItem, "server" | "doi" | "preprintDoi">): string =>
  item.server === "arxiv" ? (item.doi ?? item.preprintDoi) : item.preprintDoi
