/** A pipeline definition (pipelines/NAME/pipeline.json): where digests come from and what to publish. */
import { Schema } from "effect"
import { Server } from "./PaperKey.ts"
import { Topics } from "./Topic.ts"

const PositiveInt = Schema.Int.pipe(Schema.positive())

const Glob = Schema.String.pipe(Schema.nonEmptyString({ message: () => "an empty path" }))

/** One glob or a list of globs; a list must name at least one. */
export const SourcePaths = Schema.Union(Glob, Schema.NonEmptyArray(Glob))
export type SourcePaths = typeof SourcePaths.Type

/** The globs of a `path` setting, as a list. */
export const sourceGlobs = (paths: SourcePaths): ReadonlyArray<string> =>
  typeof paths === "string" ? [paths] : paths

/**
 * Digests from disk; a relative path is resolved against the pipeline file's folder. A path without `*` or `?`
 * is a folder whose `.md` files are read; otherwise globs (`*` never crosses a `/`), e.g.
 * `["digests/*.md", "digests/api/daily/*.json"]`.
 */
export class LocalSource extends Schema.Class<LocalSource>("LocalSource")({
  type: Schema.Literal("local"),
  path: SourcePaths
}) {}

/** Digests from a GitHub repository, read through the REST API. */
export class GitHubSource extends Schema.Class<GitHubSource>("GitHubSource")({
  type: Schema.Literal("github"),
  owner: Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9-]+$/)),
  repo: Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9._-]+$/)),
  ref: Schema.optionalWith(Schema.String.pipe(Schema.nonEmptyString()), { default: () => "main" }),
  /** Glob or globs over repository paths; `*` never crosses a `/`. */
  path: Schema.optionalWith(SourcePaths, { default: () => "docs/daily-papers/*-arxiv.md" }),
  /** More missing files than this and the whole ref comes as one tarball instead of file by file. */
  backfillThreshold: Schema.optionalWith(PositiveInt, { default: () => 20 }),
  maxFileBytes: Schema.optionalWith(PositiveInt, { default: () => 2_000_000 })
}) {}

export const PipelineSource = Schema.Union(LocalSource, GitHubSource)
export type PipelineSource = typeof PipelineSource.Type

export class FeedWindow extends Schema.Class<FeedWindow>("FeedWindow")({
  /** The feeds hold the papers announced in the newest `days` digest days... */
  days: Schema.optionalWith(PositiveInt, { default: () => 7 }),
  /** ...and at most this many of them. */
  maxItems: Schema.optionalWith(PositiveInt, { default: () => 500 })
}) {}

export class EnrichSettings extends Schema.Class<EnrichSettings>("EnrichSettings")({
  /** Ask the arXiv API for metadata (off: digest-only items). */
  arxiv: Schema.optionalWith(Schema.Boolean, { default: () => true }),
  /** Ask the bioRxiv/medRxiv API for the metadata of those servers' papers (off: digest-only items). */
  rxiv: Schema.optionalWith(Schema.Boolean, { default: () => true }),
  batchSize: Schema.optionalWith(PositiveInt.pipe(Schema.lessThanOrEqualTo(500)), { default: () => 100 }),
  /** Papers announced in the last `refreshDays` days are asked again (DOIs and journal refs come later)... */
  refreshDays: Schema.optionalWith(Schema.NonNegativeInt, { default: () => 14 }),
  /** ...at most this many per run. */
  refreshLimit: Schema.optionalWith(Schema.NonNegativeInt, { default: () => 100 }),
  /** Stars, archived flag and description of linked GitHub repositories (GraphQL, needs a token). */
  githubFacts: Schema.optionalWith(Schema.Boolean, { default: () => false })
}) {}

export class Pipeline extends Schema.Class<Pipeline>("Pipeline")({
  name: Schema.String.pipe(Schema.pattern(/^[a-z0-9][a-z0-9-]*$/)),
  title: Schema.String.pipe(Schema.nonEmptyString()),
  description: Schema.optionalWith(Schema.String, { default: () => "" }),
  /** Where the published files will live; feed self links and the OPML point here. */
  siteUrl: Schema.String.pipe(
    Schema.pattern(/^https?:\/\/\S+\/$/, { message: () => "an http(s) URL ending in /" })
  ),
  language: Schema.optionalWith(Schema.String, { default: () => "zh-CN" }),
  /** Run without network: sources must be local and enrichment uses the cache only. */
  offline: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  source: PipelineSource,
  /** Whose digests are read: files of another server are skipped (an info problem). */
  servers: Schema.optionalWith(
    Schema.NonEmptyArray(Server).pipe(
      Schema.filter((servers) => new Set(servers).size === servers.length || "a server is listed twice")
    ),
    { default: () => ["arxiv"] as const }
  ),
  feeds: Schema.optionalWith(FeedWindow, { default: () => FeedWindow.make({}) }),
  enrich: Schema.optionalWith(EnrichSettings, { default: () => EnrichSettings.make({}) }),
  /** Newest digest older than this many days: the report warns that the upstream may have stopped. */
  staleAfterDays: Schema.optionalWith(PositiveInt, { default: () => 3 }),
  /** The search index's bytes of archive day pages per bundle (default 128 MiB): README "Search". */
  searchBundleBytes: Schema.optional(PositiveInt),
  /**
   * A run that renders every day (a cold run, a re-render after a code change) over more than this many digest
   * dates goes by slices of this many dates, oldest first, to hold one slice's papers at a time: README "Sliced
   * runs". 0: never sliced. Not part of the run key: the outputs are the same bytes either way.
   */
  sliceDays: Schema.optionalWith(Schema.NonNegativeInt, { default: () => 100 }),
  /** Topic feeds (`topic/<name>/`): README "Topics". */
  topics: Schema.optionalWith(Topics, { default: () => [] })
}) {}

/** Decodes a pipeline definition; errors name the offending field path. */
export const PipelineFromJson = Schema.parseJson(Pipeline)
