/**
 * The previous arXiv Atom decoder (fast-xml-parser + a Schema over its object tree, ~2,000 entries a second),
 * kept only as the oracle for src/enrich/decodeArxivFeed.ts (test/enrich/decodeArxivFeedOracle.test.ts) and as
 * the baseline of `npm run bench -- --only decoder`. Not used by src/.
 */

import { Either, ParseResult, Schema } from "effect"
import { XMLParser, XMLValidator } from "fast-xml-parser"
import { parseArxivUrl } from "../../src/domain/ArxivId.ts"
import { ArxivMetadata } from "../../src/domain/ArxivMetadata.ts"
import { type ArxivFeed, type ArxivFeedEntryError, ArxivFeedError } from "../../src/enrich/decodeArxivFeed.ts"

/** Folds hard wraps and runs of XML white space (not NBSP or ideographic spaces) into one space. */
const foldWhiteSpace = (text: string): string => text.replace(/[ \t\r\n]+/g, " ").trim()

const ARRAY_ELEMENTS = new Set(["entry", "author", "category", "affiliation", "link", "primary_category"])

// Values stay strings (a title `0` must not become a number); numeric character references are decoded in the
// same single pass as the predefined entities (that is what htmlEntities switches on). A DTD never reaches the
// parser (see below), so no internal or external entity can be declared, let alone expanded.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => ARRAY_ELEMENTS.has(name)
})

/** An element's text whether or not it carries attributes (`<title type="html">` parses as an object). */
const Text = Schema.transform(
  Schema.Union(Schema.String, Schema.Struct({ "#text": Schema.optional(Schema.String) })),
  Schema.String,
  {
    strict: true,
    decode: (node) => (typeof node === "string" ? node : (node["#text"] ?? "")),
    encode: (s) => s
  }
)
const FoldedText = Schema.transform(Text, Schema.String, {
  strict: true,
  decode: foldWhiteSpace,
  encode: (s) => s
})
const Term = Schema.Struct({ "@term": Schema.String })

const RawAuthor = Schema.Struct({
  name: FoldedText,
  affiliation: Schema.optionalWith(Schema.Array(FoldedText), { default: () => [] })
})

const RawEntry = Schema.Struct({
  id: FoldedText,
  title: Schema.optionalWith(FoldedText, { default: () => "" }),
  summary: Schema.optionalWith(FoldedText, { default: () => "" }),
  published: Schema.optional(FoldedText),
  updated: Schema.optional(FoldedText),
  author: Schema.optionalWith(Schema.Array(RawAuthor), { default: () => [] }),
  category: Schema.optionalWith(Schema.Array(Term), { default: () => [] }),
  primary_category: Schema.optionalWith(Schema.Array(Term), { default: () => [] }),
  doi: Schema.optional(FoldedText),
  journal_ref: Schema.optional(FoldedText),
  comment: Schema.optional(FoldedText)
})

const nonEmpty = (text: string | undefined): string | null =>
  text === undefined || text === "" ? null : text

/** One Atom `<entry>` (as fast-xml-parser gives it) to ArxivMetadata; fails with the reason otherwise. */
const ArxivMetadataFromEntry = Schema.transformOrFail(RawEntry, ArxivMetadata, {
  strict: true,
  decode: (raw, _, ast) => {
    const fail = (message: string) => ParseResult.fail(new ParseResult.Type(ast, raw, message))
    const versioned = parseArxivUrl(raw.id)
    if (versioned === undefined) return fail(`entry id ${raw.id} is not an arxiv.org/abs URL`)
    if (versioned.version === null) return fail(`entry id ${raw.id} carries no version`)
    if (raw.published === undefined || raw.updated === undefined)
      return fail("entry has no published/updated")
    const terms = raw.category.map((category) => category["@term"].trim()).filter((term) => term !== "")
    const primary = raw.primary_category[0]?.["@term"].trim() || terms[0]
    if (primary === undefined) return fail("entry has no category")
    return ParseResult.succeed({
      id: versioned.id,
      version: versioned.version,
      title: raw.title,
      abstract: raw.summary,
      authors: raw.author.map((author) => ({ name: author.name, affiliations: author.affiliation })),
      primaryCategory: primary,
      categories: [...new Set([primary, ...terms])],
      published: raw.published,
      updated: raw.updated,
      doi: nonEmpty(raw.doi),
      journalRef: nonEmpty(raw.journal_ref),
      comment: nonEmpty(raw.comment)
    })
  },
  encode: (metadata, _, ast) =>
    ParseResult.fail(new ParseResult.Forbidden(ast, metadata, "entries are never written back as Atom"))
})

const decodeEntry = Schema.decodeUnknownEither(ArxivMetadataFromEntry)
const decodeErrorEntry = Schema.decodeUnknownEither(
  Schema.Struct({ id: FoldedText, summary: Schema.optional(FoldedText) })
)

const RawFeed = Schema.Struct({
  feed: Schema.Struct({
    entry: Schema.optionalWith(Schema.Array(Schema.Unknown), { default: () => [] }),
    totalResults: Schema.optional(FoldedText)
  })
})
const decodeRawFeed = Schema.decodeUnknownEither(RawFeed)

/** arXiv reports a bad request as an entry whose id is `…/api/errors#what_went_wrong`. */
const ERROR_ID = /\/api\/errors#(.*)$/

const entryError = (entry: unknown): ArxivFeedEntryError | undefined => {
  const decoded = decodeErrorEntry(entry)
  if (Either.isLeft(decoded)) return undefined
  const fragment = decoded.right.id.match(ERROR_ID)?.[1]
  if (fragment === undefined) return undefined
  const badId = fragment.match(/^incorrect_id_format_for_(.+)$/)?.[1]
  return { id: badId ?? fragment, message: decoded.right.summary ?? fragment }
}

const rawIdOf = (entry: unknown): string => {
  const decoded = decodeErrorEntry(entry)
  if (Either.isLeft(decoded)) return ""
  return parseArxivUrl(decoded.right.id)?.id ?? decoded.right.id
}

/** Decodes an API response body. Unknown ids are simply absent; `Error` entries land in `errors`. */
export const decodeArxivFeedReference = (xml: string): Either.Either<ArxivFeed, ArxivFeedError> => {
  // arXiv never sends a DTD; refusing one up front means no entity (XXE, billion laughs) is ever declared.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    return Either.left(new ArxivFeedError({ reason: "doctype", message: "a DOCTYPE is not accepted" }))
  }
  const valid = XMLValidator.validate(xml)
  if (valid !== true) {
    const { msg, line } = valid.err
    return Either.left(new ArxivFeedError({ reason: "malformed", message: `XML: ${msg} (line ${line})` }))
  }
  let parsed: unknown
  try {
    parsed = parser.parse(xml)
  } catch (cause) {
    return Either.left(new ArxivFeedError({ reason: "malformed", message: `XML: ${String(cause)}` }))
  }
  const feed = decodeRawFeed(parsed)
  if (Either.isLeft(feed)) {
    return Either.left(
      new ArxivFeedError({ reason: "not-atom", message: "the document is not an Atom <feed>" })
    )
  }
  const entries: Array<ArxivMetadata> = []
  const errors: Array<ArxivFeedEntryError> = []
  for (const raw of feed.right.feed.entry) {
    const error = entryError(raw)
    if (error !== undefined) {
      errors.push(error)
      continue
    }
    const decoded = decodeEntry(raw)
    if (Either.isRight(decoded)) entries.push(decoded.right)
    else {
      const reason = ParseResult.TreeFormatter.formatErrorSync(decoded.left)
      errors.push({ id: rawIdOf(raw), message: `entry does not decode: ${reason}` })
    }
  }
  const total = feed.right.feed.totalResults
  const totalResults = total === undefined || !/^\d+$/.test(total) ? null : Number(total)
  return Either.right({ entries, errors, totalResults })
}
