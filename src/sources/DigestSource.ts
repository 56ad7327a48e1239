/** The port every digest source implements: GitHub (octokit) or a local folder, chosen once in cli/main.ts. */
import { Context, Data, type Effect } from "effect"
import type { DigestFile } from "../domain/DigestFile.ts"
import type { Problem } from "../domain/Problem.ts"

/** The source could not deliver anything usable (bad folder, repository gone, rate limit with nothing synced). */
export class SourceError extends Data.TaggedError("SourceError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

export interface SyncResult {
  /** Every digest file the source currently has (all kinds), in path order. */
  readonly files: ReadonlyArray<DigestFile>
  /** Files that could not be read, skipped or half-synced; the run goes on with the rest. */
  readonly problems: ReadonlyArray<Problem>
  /** HTTP requests made, for the report (0 for a local folder). */
  readonly requests: number
  /** Paths that are new or changed since the previous sync (every path on a first sync). */
  readonly changed: ReadonlyArray<string>
  /** The upstream commit the files come from and its committer date (a repository source only). */
  readonly upstream?: UpstreamCommit
}

export interface UpstreamCommit {
  readonly commit: string
  readonly commitTime: string | null
}

export class DigestSource extends Context.Tag("sources/DigestSource")<
  DigestSource,
  { readonly sync: Effect.Effect<SyncResult, SourceError> }
>() {}
