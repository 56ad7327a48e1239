/**
 * Pure decoding of an arXiv API Atom response (both the 2012-2019 and the current dialect) into ArxivMetadata:
 * scanArxivAtom.ts reads the XML in one pass into plain strings, fieldsOf maps an entry onto ArxivMetadata's
 * fields, and one precompiled Schema validates those fields before the classes are built (the one check).
 */

import { Data, Either, ParseResult, Schema } from "effect"
import { parseArxivUrl } from "../domain/ArxivId.ts"
import { ArxivAuthor, ArxivMetadata } from "../domain/ArxivMetadata.ts"
import { type ScannedEntry, scanArxivAtom } from "./scanArxivAtom.ts"

export { foldWhiteSpace } from "./atomText.ts"

/** The response is not a usable Atom document: truncated or malformed XML, a DTD, or another root element. */
export class ArxivFeedError extends Data.TaggedError("ArxivFeedError")<{
  readonly reason: "malformed" | "doctype" | "not-atom"
  readonly message: string
}> {}

export interface ArxivFeedEntryError {
  /** The id arXiv complained about (`abc` for `incorrect_id_format_for_abc`), or the entry's raw id. */
  readonly id: string
  readonly message: string
}

export interface ArxivFeed {
  readonly entries: ReadonlyArray<ArxivMetadata>
  /** `Error` entries, and entries that did not decode (message starts with `entry does not decode`). */
  readonly errors: ReadonlyArray<ArxivFeedEntryError>
  readonly totalResults: number | null
}

// ArxivMetadata's fields as one plain Struct, compiled once: validating through the classes' own constructors
// rebuilds a parser per call and costs more than the whole scan.
export const MetadataFields = Schema.Struct({
  ...ArxivMetadata.fields,
  authors: Schema.Array(Schema.Struct(ArxivAuthor.fields))
})
const isValid = Schema.is(MetadataFields)
const validateFields = Schema.validateEither(MetadataFields)

const SINGLE_VALUED = ["id", "title", "summary", "published", "updated", "doi", "journal_ref", "comment"]

const nonEmpty = (text: string | undefined): string | null =>
  text === undefined || text === "" ? null : text

const termsOf = (terms: ScannedEntry["category"]): Array<string> | undefined => {
  const out: Array<string> = []
  for (const { term } of terms) {
    if (term === undefined) return undefined
    out.push(term.trim())
  }
  return out
}

/** The fields of one scanned `<entry>`, or why it is not a paper. */
const fieldsOf = (raw: ScannedEntry): typeof MetadataFields.Type | string => {
  for (const field of SINGLE_VALUED) {
    if (Array.isArray(raw[field])) return `<${field}> appears ${(raw[field] as Array<string>).length} times`
  }
  const text = (field: string) => raw[field] as string | undefined
  const id = text("id")
  if (id === undefined) return "entry has no <id>"
  const versioned = parseArxivUrl(id)
  if (versioned === undefined) return `entry id ${id} is not an arxiv.org/abs URL`
  if (versioned.version === null) return `entry id ${id} carries no version`
  const published = text("published")
  const updated = text("updated")
  if (published === undefined || updated === undefined) return "entry has no published/updated"
  const categories = termsOf(raw.category)
  const primaries = termsOf(raw.primary_category)
  if (categories === undefined || primaries === undefined) return "a <category> has no term"
  const terms = categories.filter((term) => term !== "")
  const primary = primaries[0] || terms[0]
  if (primary === undefined) return "entry has no category"
  const authors: Array<{ name: string; affiliations: Array<string> }> = []
  for (const author of raw.author) {
    if (typeof author.name !== "string") return "an <author> has no single <name>"
    authors.push({ name: author.name, affiliations: author.affiliation })
  }
  return {
    id: versioned.id,
    version: versioned.version,
    title: text("title") ?? "",
    abstract: text("summary") ?? "",
    authors,
    primaryCategory: primary,
    categories: [...new Set([primary, ...terms])],
    published,
    updated,
    doi: nonEmpty(text("doi")),
    journalRef: nonEmpty(text("journal_ref")),
    comment: nonEmpty(text("comment"))
  }
}

/**
 * ArxivMetadata from its fields, validated once through MetadataFields (the check at the edge), or the Schema's
 * reason. Of the ways measured per entry (README, Benchmarks: the decoder), `Schema.is` then the constructors
 * with validation off costs about what `validateEither` does, and half of `decodeUnknownEither(ArxivMetadata)`;
 * bench/decoderFloor.ts times this alone.
 */
export const metadataFromFields = (fields: typeof MetadataFields.Type): ArxivMetadata | string => {
  if (!isValid(fields)) {
    const invalid = validateFields(fields)
    return Either.isLeft(invalid) ? ParseResult.TreeFormatter.formatErrorSync(invalid.left) : "invalid fields"
  }
  // Already validated: the class constructors need not check the same fields again.
  const authors = fields.authors.map((author) => new ArxivAuthor(author, true))
  return new ArxivMetadata({ ...fields, authors }, true)
}

/** One scanned entry to ArxivMetadata, or why it does not decode. */
const decodeEntry = (raw: ScannedEntry): ArxivMetadata | string => {
  const fields = fieldsOf(raw)
  return typeof fields === "string" ? fields : metadataFromFields(fields)
}

/** arXiv reports a bad request as an entry whose id is `…/api/errors#what_went_wrong`. */
const ERROR_ID = /\/api\/errors#(.*)$/

const entryError = (entry: ScannedEntry): ArxivFeedEntryError | undefined => {
  const { id, summary } = entry
  if (typeof id !== "string" || (summary !== undefined && typeof summary !== "string")) return undefined
  if (id.indexOf("/api/errors#") < 0) return undefined
  const fragment = id.match(ERROR_ID)?.[1]
  if (fragment === undefined) return undefined
  const badId = fragment.match(/^incorrect_id_format_for_(.+)$/)?.[1]
  return { id: badId ?? fragment, message: summary ?? fragment }
}

const rawIdOf = (entry: ScannedEntry): string =>
  typeof entry.id === "string" ? (parseArxivUrl(entry.id)?.id ?? entry.id) : ""

/** Whether `<!DOCTYPE` or `<!ENTITY` (any case) occurs anywhere, comments and CDATA included. */
const declaresDoctype = (xml: string): boolean => {
  for (let at = xml.indexOf("<!"); at >= 0; at = xml.indexOf("<!", at + 2)) {
    const word = xml.slice(at + 2, at + 9).toUpperCase()
    if (word === "DOCTYPE" || word.startsWith("ENTITY")) return true
  }
  return false
}

/** Decodes an API response body. Unknown ids are simply absent; `Error` entries land in `errors`. */
export const decodeArxivFeed = (xml: string): Either.Either<ArxivFeed, ArxivFeedError> => {
  // arXiv never sends a DTD; refusing one up front means no entity (XXE, billion laughs) is ever declared.
  if (declaresDoctype(xml)) {
    return Either.left(new ArxivFeedError({ reason: "doctype", message: "a DOCTYPE is not accepted" }))
  }
  const scanned = scanArxivAtom(xml)
  if (scanned._tag === "failure" || Array.isArray(scanned.totalResults)) {
    const failure = scanned._tag === "failure" ? scanned : undefined
    return Either.left(
      new ArxivFeedError({
        reason: failure?.reason ?? "not-atom",
        message: failure?.message ?? "the document is not an Atom <feed>"
      })
    )
  }
  const entries: Array<ArxivMetadata> = []
  const errors: Array<ArxivFeedEntryError> = []
  for (const raw of scanned.entries) {
    const error = entryError(raw)
    if (error !== undefined) {
      errors.push(error)
      continue
    }
    const decoded = decodeEntry(raw)
    if (typeof decoded !== "string") entries.push(decoded)
    else errors.push({ id: rawIdOf(raw), message: `entry does not decode: ${decoded}` })
  }
  const total = scanned.totalResults
  const totalResults = typeof total !== "string" || !/^\d+$/.test(total) ? null : Number(total)
  return Either.right({ entries, errors, totalResults })
}
