/**
 * What the last run knew of the archive (`archive.json` in the state folder): every digest's ids and parse
 * tally, and every day's counts and byte ranges in the cumulative files. With it a run parses, enriches and
 * renders only the days that can have changed, and copies every other day's sections from the published files.
 */
import { Schema } from "effect"
import { ArxivMetadata } from "../../domain/ArxivMetadata.ts"
import { DigestKind } from "../../domain/DigestFile.ts"
import type { EnrichedPaper } from "../../domain/EnrichedPaper.ts"
import { IsoDate } from "../../domain/IsoDate.ts"
import { isArxivPaper } from "../../domain/Paper.ts"
import { PaperKeys } from "../../domain/PaperKey.ts"
import { Problem } from "../../domain/Problem.ts"
import { archiveCategories, hasCode } from "../../emit/FeedCatalog.ts"
import { digestIsNewer } from "../../enrich/MetadataCache.ts"
import { FileStamp } from "./publishedStamps.ts"

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
  })
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
}

/** A day's counts and categories from its enriched papers (sections come from the publish). */
export const dayCounts = (papers: ReadonlyArray<EnrichedPaper>): DayCounts => ({
  papers: papers.length,
  servers: papersPerServer(papers),
  withMetadata: papers.filter((paper) => paper.metadata !== null).length,
  withCode: papers.filter(hasCode).length,
  categories: archiveCategories(papers)
})

const papersPerServer = (papers: ReadonlyArray<EnrichedPaper>): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const { paper } of papers) counts[paper.server] = (counts[paper.server] ?? 0) + 1
  return counts
}
