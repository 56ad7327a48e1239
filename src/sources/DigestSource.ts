/** The port every digest source implements: GitHub (octokit) or a local folder, chosen once in cli/main.ts. */
import { Context, Data, type Effect } from "effect"
import type { DigestFile, DigestKind } from "../domain/DigestFile.ts"
import type { IsoDate } from "../domain/IsoDate.ts"
import type { Problem } from "../domain/Problem.ts"

/** The source could not deliver anything usable (bad folder, repository gone, rate limit with nothing synced). */
export class SourceError extends Data.TaggedError("SourceError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/**
 * A digest the source has, known by name and content: the SHA alone says whether it changed, so a run that
 * parses nothing (a quiet night) never reads a text.
 */
export interface SourceFile {
  readonly path: string
  readonly date: IsoDate
  readonly kind: DigestKind
  /** Git blob SHA of the file's bytes. */
  readonly sha: string
}

export interface SyncResult {
  /** Every digest file the source currently has (all kinds), in path order. */
  readonly files: ReadonlyArray<SourceFile>
  /** Files that could not be read, skipped or half-synced; the run goes on with the rest. */
  readonly problems: ReadonlyArray<Problem>
  /** HTTP requests made, for the report (0 for a local folder). */
  readonly requests: number
  /** Paths that are new or changed since the previous sync (every path on a first sync). */
  readonly changed: ReadonlyArray<string>
  /** The upstream commit the files come from and its committer date (a repository source only). */
  readonly upstream?: UpstreamCommit
  /**
   * The text of a listed file, read now and checked against its SHA. A file that can no longer be read at that
   * SHA is a Problem naming it: the run reports it and leaves the file for the next run to read again.
   */
  readonly read: (file: SourceFile) => Effect.Effect<DigestFile | Problem>
}

export interface UpstreamCommit {
  readonly commit: string
  readonly commitTime: string | null
}

export class DigestSource extends Context.Tag("sources/DigestSource")<
  DigestSource,
  { readonly sync: Effect.Effect<SyncResult, SourceError> }
>() {}
