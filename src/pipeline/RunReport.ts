/** outputs/report.json: what a run read, fetched, wrote and could not do. */
import { Schema } from "effect"
import { IsoDate } from "../domain/IsoDate.ts"
import { PaperKeys } from "../domain/PaperKey.ts"
import { Problem } from "../domain/Problem.ts"

export class Upstream extends Schema.Class<Upstream>("Upstream")({
  newestDigest: Schema.NullOr(IsoDate),
  /** Days between the newest digest and the run date. */
  ageDays: Schema.NullOr(Schema.Int),
  staleAfterDays: Schema.Int,
  stale: Schema.Boolean,
  /** The upstream commit the run read and its committer date (GitHub sources; null for a local folder). */
  commit: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  commitTime: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  /**
   * Minutes from `commitTime` to the moment this run's outputs were in place, when the run published changed
   * digests; null when it found none (a rerun, a quiet run) or the source is a local folder.
   */
  publishedAfterMinutes: Schema.optionalWith(Schema.NullOr(Schema.Int), { default: () => null })
}) {}

/** One server's share of a run: its digests, their rows, the papers they make, and their problems. */
export class ServerCounts extends Schema.Class<ServerCounts>("ServerCounts")({
  digests: Schema.Int,
  rows: Schema.Int,
  /** Rows without a usable id (no link, not an arXiv id or DOI): reported as problems, no paper. */
  rowsWithoutId: Schema.Int,
  /** Distinct papers (arXiv ids, DOIs) across the archive. */
  papers: Schema.Int,
  errors: Schema.Int,
  warnings: Schema.Int,
  infos: Schema.Int
}) {}

export class RunCounts extends Schema.Class<RunCounts>("RunCounts")({
  files: Schema.Int,
  filesChanged: Schema.Int,
  arxivDigests: Schema.Int,
  rows: Schema.Int,
  rowsWithoutId: Schema.Int,
  papers: Schema.Int,
  newPapers: Schema.Int,
  withMetadata: Schema.Int,
  pending: Schema.Int,
  withCode: Schema.Int,
  /** Announcement days in the archive, and how many this run rendered (the others were copied as published). */
  days: Schema.optionalWith(Schema.Int, { default: () => 0 }),
  daysRendered: Schema.optionalWith(Schema.Int, { default: () => 0 }),
  errors: Schema.Int,
  warnings: Schema.Int,
  infos: Schema.Int,
  /** Per server the pipeline reads (`arxiv`, `biorxiv`, `medrxiv`), in that order. */
  servers: Schema.optionalWith(Schema.Record({ key: Schema.String, value: ServerCounts }), {
    default: () => ({})
  })
}) {}

export class RunReport extends Schema.Class<RunReport>("RunReport")({
  pipeline: Schema.String,
  status: Schema.Literal("published", "failed"),
  runDate: IsoDate,
  range: Schema.Struct({ since: Schema.NullOr(IsoDate), until: Schema.NullOr(IsoDate) }),
  offline: Schema.Boolean,
  upstream: Upstream,
  counts: RunCounts,
  /** Ids first announced in the digests this run found new or changed. */
  newPapers: PaperKeys,
  /** Papers (arXiv ids, DOIs) whose metadata could not be fetched; retried on the next run. */
  pending: PaperKeys,
  problems: Schema.Array(Problem),
  /**
   * HTTP requests per service, retries included. `rxivLowerBound`: the fewest requests any plan needs for the
   * bioRxiv/medRxiv DOIs asked this run (one interval page per 30 DOIs of a server), beside what it took. The
   * bioRxiv/medRxiv figures default to 0 so reports of earlier versions still read.
   */
  requests: Schema.Struct({
    github: Schema.Int,
    arxiv: Schema.Int,
    biorxiv: Schema.optionalWith(Schema.Int, { default: () => 0 }),
    medrxiv: Schema.optionalWith(Schema.Int, { default: () => 0 }),
    rxivLowerBound: Schema.optionalWith(Schema.Int, { default: () => 0 })
  }),
  durationsMs: Schema.Struct({
    sync: Schema.Int,
    parse: Schema.Int,
    enrich: Schema.Int,
    emit: Schema.Int,
    total: Schema.Int
  }),
  outputs: Schema.Struct({
    written: Schema.Array(Schema.String),
    unchanged: Schema.Int,
    removed: Schema.Array(Schema.String)
  })
}) {}
