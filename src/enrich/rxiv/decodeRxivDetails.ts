/**
 * Pure decoding of an api.biorxiv.org `details` answer (one DOI, or one page of an interval) into RxivMetadata,
 * and the outage shapes the API has shown (an empty body, `Error : (2002) Connection refused`, broken JSON).
 * Documented at https://api.biorxiv.org/details/help; see ../shared/RXIV.md.
 */
import { Data, Either, ParseResult, Schema } from "effect"
import { IsoDate } from "../../domain/IsoDate.ts"
import { RxivMetadata, type RxivServer, splitRxivAuthors } from "../../domain/RxivMetadata.ts"

/** The body is not a details answer. Every reason is an outage shape, so the client retries all of them. */
export class RxivDetailsError extends Data.TaggedError("RxivDetailsError")<{
  readonly reason: "empty" | "outage" | "malformed" | "not-details"
  readonly message: string
}> {}

export interface RxivRejectedRecord {
  /** The record's DOI as sent (lower-cased), or "" when it has none. */
  readonly doi: string
  readonly message: string
}

export interface RxivDetailsPage {
  /** `ok`, or `no posts found` (HTTP 200 with an empty collection: unknown DOI, empty interval). */
  readonly status: string
  /** Paging figures from `messages[0]`; null when absent (the per-DOI answer carries none of them). */
  readonly cursor: number | null
  readonly count: number | null
  readonly total: number | null
  /** Every record that decoded, every version as listed. */
  readonly records: ReadonlyArray<RxivMetadata>
  readonly rejected: ReadonlyArray<RxivRejectedRecord>
}

/** The API sends some numbers as strings (`"total":"5107"`, `"cursor":"0"`, `"version":"2"`). */
const Numeric = Schema.Union(
  Schema.Number,
  Schema.NumberFromString.pipe(Schema.annotations({ message: () => "not a number" }))
)

const Message = Schema.Struct({
  status: Schema.optionalWith(Schema.String, { default: () => "" }),
  cursor: Schema.optional(Schema.Unknown),
  count: Schema.optional(Schema.Unknown),
  total: Schema.optional(Schema.Unknown)
})

const RawAnswer = Schema.Struct({
  messages: Schema.Array(Message),
  collection: Schema.optionalWith(Schema.Array(Schema.Unknown), { default: () => [] })
})

const text = Schema.optionalWith(Schema.String, { default: () => "" })

const RawRecord = Schema.Struct({
  doi: Schema.String,
  title: text,
  authors: text,
  date: Schema.String,
  version: Numeric,
  type: text,
  license: text,
  category: text,
  jatsxml: text,
  abstract: text,
  published: text,
  server: text
})

const isIsoDate = Schema.is(IsoDate)

/** `server` is absent from old answers: the caller says which server it asked. */
const recordSchema = (asked: RxivServer) =>
  Schema.transformOrFail(RawRecord, RxivMetadata, {
    strict: true,
    decode: (raw, _, ast) => {
      const fail = (message: string) => ParseResult.fail(new ParseResult.Type(ast, raw, message))
      const doi = raw.doi.trim().toLowerCase()
      if (!/^10\.\d{4,9}\/\S+$/.test(doi)) return fail(`doi ${JSON.stringify(raw.doi)} is not a DOI`)
      if (!Number.isInteger(raw.version) || raw.version < 1) return fail(`version ${raw.version} is not ≥ 1`)
      const date = raw.date.trim()
      if (!isIsoDate(date)) return fail(`date ${JSON.stringify(raw.date)} is not YYYY-MM-DD`)
      const server = raw.server.trim().toLowerCase()
      if (server !== "" && server !== "biorxiv" && server !== "medrxiv") return fail(`server ${raw.server}`)
      const type = raw.type.trim()
      const title = raw.title.replace(/\s+/g, " ").trim()
      const published = raw.published.trim()
      return ParseResult.succeed({
        doi,
        server: server === "" ? asked : server,
        title,
        abstract: raw.abstract.replace(/\s+/g, " ").trim(),
        authors: splitRxivAuthors(raw.authors).map((person) => ({ ...person })),
        category: raw.category.trim().toLowerCase(),
        version: raw.version,
        date,
        license: raw.license.trim(),
        type,
        // The help page lists no type for withdrawn preprints; the sites title them `WITHDRAWN: …`.
        withdrawn: /^withdrawn$/i.test(type) || /^withdrawn\b/i.test(title),
        publishedDoi: published === "" || published.toUpperCase() === "NA" ? null : published.toLowerCase(),
        jatsxml: raw.jatsxml.trim() === "" ? null : raw.jatsxml.trim()
      })
    },
    encode: (metadata, _, ast) =>
      ParseResult.fail(new ParseResult.Forbidden(ast, metadata, "records are never written back"))
  })

const decoders = {
  biorxiv: Schema.decodeUnknownEither(recordSchema("biorxiv")),
  medrxiv: Schema.decodeUnknownEither(recordSchema("medrxiv"))
}
const decodeAnswer = Schema.decodeUnknownEither(RawAnswer)
const decodeNumber = Schema.decodeUnknownEither(Numeric)

const numberOrNull = (value: unknown): number | null => {
  if (value === undefined || value === null || value === "") return null
  const decoded = decodeNumber(value)
  return Either.isRight(decoded) && Number.isFinite(decoded.right) ? decoded.right : null
}

const doiOf = (record: unknown): string =>
  typeof record === "object" && record !== null && "doi" in record && typeof record.doi === "string"
    ? record.doi.trim().toLowerCase()
    : ""

const failure = (reason: RxivDetailsError["reason"], message: string) =>
  Either.left(new RxivDetailsError({ reason, message }))

/** Decodes a details answer body; `server` is the one asked (for records that do not name theirs). */
export const decodeRxivDetails = (
  body: string,
  server: RxivServer
): Either.Either<RxivDetailsPage, RxivDetailsError> => {
  const trimmed = body.trim()
  if (trimmed === "") return failure("empty", "empty body")
  // The API's PHP front answers 200 with its database error as text when MySQL is down.
  if (/^Error\s*:\s*\(\d+\)/.test(trimmed)) return failure("outage", trimmed.slice(0, 200))
  let json: unknown
  try {
    json = JSON.parse(trimmed)
  } catch (cause) {
    return failure("malformed", `JSON: ${String(cause)}`)
  }
  const answer = decodeAnswer(json)
  if (Either.isLeft(answer)) {
    return failure("not-details", "not a details answer (no messages array)")
  }
  const message = answer.right.messages[0]
  const records: Array<RxivMetadata> = []
  const rejected: Array<RxivRejectedRecord> = []
  for (const raw of answer.right.collection) {
    const decoded = decoders[server](raw)
    if (Either.isRight(decoded)) records.push(decoded.right)
    else
      rejected.push({
        doi: doiOf(raw),
        message: `record does not decode: ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}`
      })
  }
  return Either.right({
    status: message?.status ?? "",
    cursor: numberOrNull(message?.cursor),
    count: numberOrNull(message?.count),
    total: numberOrNull(message?.total),
    records,
    rejected
  })
}

/** The newest version of each DOI in `records` (the per-DOI answer lists every version, oldest first). */
export const newestVersions = (records: Iterable<RxivMetadata>): Map<string, RxivMetadata> => {
  const newest = new Map<string, RxivMetadata>()
  for (const record of records) {
    const held = newest.get(record.doi)
    if (
      held === undefined ||
      record.version > held.version ||
      (record.version === held.version && record.date > held.date)
    )
      newest.set(record.doi, record)
  }
  return newest
}
