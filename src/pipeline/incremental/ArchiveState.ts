/**
 * What the last run knew of the archive (`archive.json` in the state folder): every digest's ids and parse
 * tally, and every day's counts and byte ranges in the cumulative files. With it a run parses, enriches and
 * renders only the days that can have changed, and copies every other day's sections from the published files.
 */
import { createHash } from "node:crypto"
import { Order, Schema } from "effect"
import { ArxivMetadata } from "../../domain/ArxivMetadata.ts"
import { DigestKind } from "../../domain/DigestFile.ts"
import type { EnrichedPaper } from "../../domain/EnrichedPaper.ts"
import { IsoDate, isIsoDate } from "../../domain/IsoDate.ts"
import { isArxivPaper } from "../../domain/Paper.ts"
import { isPaperKey, PaperKeys } from "../../domain/PaperKey.ts"
import { isPlainProblem, Problem } from "../../domain/Problem.ts"
import { isArrayOf, isPlainObject, quickChecked } from "../../domain/quickChecked.ts"
import { archiveCategories, hasCode } from "../../emit/FeedCatalog.ts"
import { digestIsNewer } from "../../enrich/MetadataCache.ts"
import { FileStamp, isFileStamp } from "./publishedStamps.ts"

export const ARCHIVE_STATE_FILE = "archive.json"

const ByteRange = Schema.Struct({ offset: Schema.Int, length: Schema.Int })

/** One digest as the run read it: its parse tally (see ParseTally) and the ids its rows link. */
export class ArchivedDigest extends Schema.Class<ArchivedDigest>("ArchivedDigest")({
  path: Schema.String,
  sha: Schema.String,
  date: IsoDate,
  kind: DigestKind,
  rows: Schema.Int,
  rowsWithoutId: Schema.Int,
  problems: Schema.Array(Problem),
  /** Every id a row links, once each, in row order. */
  ids: PaperKeys
}) {}

/** One announcement day: its counts, categories, and where its sections lie in the cumulative files. */
export class ArchivedDay extends Schema.Class<ArchivedDay>("ArchivedDay")({
  day: IsoDate,
  papers: Schema.Int,
  withMetadata: Schema.Int,
  withCode: Schema.Int,
  /** Papers per server (`arxiv`, `biorxiv`, `medrxiv`), for the report's per-server counts. */
  servers: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.Int }), {
    default: () => ({})
  }),
  /**
   * What its papers make feeds of (FeedCatalog.archiveCategories), sorted: arXiv primary categories (metadata
   * known), and for bioRxiv/medRxiv papers `biorxiv:` (the server has papers) and `biorxiv:neuroscience`.
   */
  categories: Schema.Array(Schema.String),
  sections: Schema.Struct({
    "papers.json": ByteRange,
    "papers.bib": ByteRange,
    "papers.csl.json": ByteRange
  }),
  /** By topic name: its section in `topic/<name>/papers.bib`, for the topics with papers that day. */
  topicBibs: Schema.optionalWith(Schema.Record({ key: Schema.String, value: ByteRange }), {
    default: () => ({})
  }),
  /**
   * SHA-256 of the day's papers as they were rendered (papersSha256Of): a day the next run parses again (the
   * refresh and feed windows) whose papers hash the same is copied, not rendered. Null in archives of earlier
   * builds.
   */
  papersSha256: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null })
}) {}

export class ArchiveState extends Schema.Class<ArchiveState>("ArchiveState")({
  format: Schema.Literal(1),
  /** The key of the run that wrote it: valid only beside that run's last-run.json. */
  runKey: Schema.String,
  /** The run's inputs but the digests (code, pipeline, flags): a run that differs there renders everything. */
  baseKey: Schema.String,
  /**
   * Papers a full run would ask arXiv about again (published without metadata, or linked by a digest at a newer
   * version than arXiv answered): their days are rendered by the next run, so it asks for them too.
   */
  askAgain: PaperKeys,
  /** SHA-256 of the BibTeX key registry it was written with: a lost or replaced registry means a full render. */
  bibKeysSha256: Schema.NullOr(Schema.String),
  /** In listing order. */
  digests: Schema.Array(ArchivedDigest),
  /** Ascending. */
  days: Schema.Array(ArchivedDay),
  /**
   * The spliced files' size and mtime right after the publish (publishedStamps): a file still showing them is
   * copied from without hashing it again. Absent in archives of earlier builds: their files are hashed.
   */
  stamps: Schema.optionalWith(Schema.Record({ key: Schema.String, value: FileStamp }), {
    default: () => ({})
  })
}) {}

/** A plain object with exactly `count` fields (a schema drops any other, so the check must refuse them). */
const fieldsCount = (input: Record<string, unknown>, count: number): boolean =>
  Object.keys(input).length === count

const isRecordOf = (input: unknown, isValue: (value: unknown) => boolean): boolean => {
  if (!isPlainObject(input)) return false
  for (const key in input) if (!isValue(input[key])) return false
  return true
}

const isString = (input: unknown): input is string => typeof input === "string"

const isByteRange = (input: unknown): boolean =>
  isPlainObject(input) &&
  fieldsCount(input, 2) &&
  Number.isSafeInteger(input["offset"]) &&
  Number.isSafeInteger(input["length"])

const DIGEST_KINDS: ReadonlyArray<unknown> = DigestKind.literals

const isArchivedDigest = (input: unknown): boolean =>
  isPlainObject(input) &&
  fieldsCount(input, 8) &&
  isString(input["path"]) &&
  isString(input["sha"]) &&
  isIsoDate(input["date"]) &&
  DIGEST_KINDS.includes(input["kind"]) &&
  Number.isSafeInteger(input["rows"]) &&
  Number.isSafeInteger(input["rowsWithoutId"]) &&
  isArrayOf(input["problems"], isPlainProblem) &&
  isArrayOf(input["ids"], isPaperKey)

const isSections = (input: unknown): boolean =>
  isPlainObject(input) &&
  fieldsCount(input, 3) &&
  isByteRange(input["papers.json"]) &&
  isByteRange(input["papers.bib"]) &&
  isByteRange(input["papers.csl.json"])

const isArchivedDay = (input: unknown): boolean =>
  isPlainObject(input) &&
  fieldsCount(input, 9) &&
  isIsoDate(input["day"]) &&
  Number.isSafeInteger(input["papers"]) &&
  Number.isSafeInteger(input["withMetadata"]) &&
  Number.isSafeInteger(input["withCode"]) &&
  isRecordOf(input["servers"], Number.isSafeInteger) &&
  isArrayOf(input["categories"], isString) &&
  isSections(input["sections"]) &&
  isRecordOf(input["topicBibs"], isByteRange) &&
  (input["papersSha256"] === null || isString(input["papersSha256"]))

/** An archive as this build writes it (every field present), checked in one pass. */
const isArchiveStateJson = (input: unknown): input is ArchiveState =>
  isPlainObject(input) &&
  fieldsCount(input, 8) &&
  input["format"] === 1 &&
  isString(input["runKey"]) &&
  isString(input["baseKey"]) &&
  isArrayOf(input["askAgain"], isPaperKey) &&
  (input["bibKeysSha256"] === null || isString(input["bibKeysSha256"])) &&
  isArrayOf(input["digests"], isArchivedDigest) &&
  isArrayOf(input["days"], isArchivedDay) &&
  isRecordOf(input["stamps"], isFileStamp)

/**
 * `archive.json` as the state folder keeps it: an archive of 200,000 papers is 13 MB, 4,200 digests with 27,000
 * problems and 1,000 days, and decoding it through the class schemas (an instance per digest, day and problem)
 * then encoding it back cost a night with one new day 0.4-0.5 s. An archive every field of which checks decodes
 * to plain objects with the classes' fields (nothing tests an archive's instances, only their fields) but for
 * the problems, which become instances without a second check (the run's report is built by RunReport's
 * validating constructor), and is written as it is. One written by an earlier build (a field missing) goes
 * through the schema.
 */
export const ArchiveStateFile = quickChecked(
  ArchiveState,
  isArchiveStateJson,
  "ArchiveStateFile",
  (archive) => ({
    ...archive,
    digests: archive.digests.map((digest) => ({
      ...digest,
      problems: digest.problems.map((problem) => new Problem(problem, { disableValidation: true }))
    }))
  })
)

/** The state of a run that knows nothing yet: every digest is new, every day is rendered. */
export const EMPTY_ARCHIVE: Pick<ArchiveState, "digests" | "days" | "askAgain"> = {
  digests: [],
  days: [],
  askAgain: []
}

/**
 * What a run may ask its server about again, when its ask schedule is due (enrich/AskSchedule): no metadata yet
 * (an arXiv id or a DOI), or, for arXiv, an older version than a digest links.
 */
export const needsAsking = ({ paper, metadata }: EnrichedPaper): boolean =>
  metadata === null ||
  (isArxivPaper(paper) && metadata instanceof ArxivMetadata && digestIsNewer(paper, metadata))

export interface DayCounts {
  readonly papers: number
  /** Papers per server, servers without papers left out. */
  readonly servers: Readonly<Record<string, number>>
  readonly withMetadata: number
  readonly withCode: number
  readonly categories: ReadonlyArray<string>
  readonly papersSha256: string | null
}

/** A day's counts and categories from its enriched papers, whose hash is given (sections come from the publish). */
export const dayCounts = (papers: ReadonlyArray<EnrichedPaper>, papersSha256: string): DayCounts => ({
  papers: papers.length,
  servers: papersPerServer(papers),
  withMetadata: papers.filter((paper) => paper.metadata !== null).length,
  withCode: papers.filter(hasCode).length,
  categories: archiveCategories(papers),
  papersSha256
})

const byId = Order.mapInput(Order.string, (paper: EnrichedPaper) => paper.paper.id)

/**
 * SHA-256 of a day's papers, every field of each (the digest rows, the server's record, the code links and their
 * repositories' facts), by id: what makes a day's sections and page, with the run's key (code, pipeline), the
 * BibTeX keys (stable once given) and the neighbours' dates (their changes are rendered anyway). A renderer input
 * that is none of these (a per-run table, say) would let a copied day go stale: it belongs on EnrichedPaper or in
 * the run key.
 */
export const papersSha256Of = (papers: ReadonlyArray<EnrichedPaper>): string => {
  const hash = createHash("sha256")
  for (const paper of [...papers].sort(byId)) hash.update(`${JSON.stringify(paper)}\n`)
  return hash.digest("hex")
}

const papersPerServer = (papers: ReadonlyArray<EnrichedPaper>): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const { paper } of papers) counts[paper.server] = (counts[paper.server] ?? 0) + 1
  return counts
}
