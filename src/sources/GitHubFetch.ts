/** Getting the files a sync lacks: from the mirror (even under another path), blob by blob, or by one tarball. */
import { Effect, Either } from "effect"
import type { GitHubSource } from "../domain/Pipeline.ts"
import { Problem } from "../domain/Problem.ts"
import type { DigestMirror, MirroredFile } from "./DigestMirror.ts"
import { type DigestName, decodeText, fileProblem } from "./DigestRules.ts"
import type { ListedFile } from "./GitHubListing.ts"
import type { RepoApi } from "./GitHubRepoApi.ts"
import type { RejectedBlob } from "./GitHubSyncState.ts"

/** A listed file whose name is a digest's and whose size is within the limit. */
export interface Candidate extends ListedFile {
  readonly name: DigestName
}

/** What a sync has so far; fetchers add to it as files arrive, so a stop keeps everything before it. */
export interface Progress {
  /** path -> the file at the listed blob SHA, in the mirror. */
  readonly held: Map<string, MirroredFile>
  /** path -> a fetched blob that is not UTF-8. */
  readonly rejected: Record<string, RejectedBlob>
  readonly problems: Array<Problem>
}

/**
 * Reads the mirror for every candidate: `held` at the listed SHA, `stale` at an older one, and `bySha` every text
 * the mirror has (also under paths no longer listed), so a renamed or restored file costs no request.
 */
export const loadMirrored = Effect.fn("GitHubFetch.loadMirrored")(function* (
  mirror: DigestMirror,
  candidates: ReadonlyArray<Candidate>,
  previousPaths: ReadonlyArray<string>
) {
  const held = new Map<string, MirroredFile>()
  const stale = new Map<string, MirroredFile>()
  const bySha = new Map<string, string>()
  yield* Effect.forEach(
    candidates,
    (file) =>
      Effect.map(mirror.readFile(file.path), (found) => {
        if (found !== undefined) (found.sha === file.sha ? held : stale).set(file.path, found)
      }),
    { concurrency: 16, discard: true }
  )
  for (const [, known] of [...stale, ...held]) bySha.set(known.sha, known.text)
  const listed = new Set(candidates.map((file) => file.path))
  yield* Effect.forEach(
    previousPaths.filter((path) => !listed.has(path)),
    (path) =>
      Effect.map(mirror.readFile(path), (found) => {
        if (found !== undefined) bySha.set(found.sha, found.text)
      }),
    { concurrency: 16, discard: true }
  )
  return { held, stale, bySha }
})

/** The ways of getting files into `progress`; only a rate limit (or a failed tarball) fails the effect. */
export const makeFetcher = (api: RepoApi, mirror: DigestMirror, source: GitHubSource, progress: Progress) => {
  const note = (problem: Problem) => Effect.sync(() => progress.problems.push(problem))

  /**
   * Takes a file's verified bytes: into the mirror and `held`, or `rejected` when not UTF-8. Uninterruptible, so a
   * file counts as held exactly when the mirror has it (or its write failed and said so).
   */
  const accept = (file: Candidate, bytes: Uint8Array) =>
    Effect.uninterruptible(
      Effect.gen(function* () {
        const text = decodeText(file.path, bytes)
        if (text instanceof Problem) {
          progress.rejected[file.path] = { sha: file.sha, code: text.code, message: text.message }
          return yield* note(text)
        }
        yield* mirror
          .write(file.path, text)
          .pipe(
            Effect.catchAll((cause) =>
              note(
                fileProblem(
                  file.path,
                  "mirror-write",
                  "warning",
                  `not saved locally (${String(cause.cause)}); fetched again next run`
                )
              )
            )
          )
        progress.held.set(file.path, { sha: file.sha, text })
      })
    )

  /** One request per file, four at a time; a file that keeps failing becomes a `fetch-failed` problem. */
  const fetchBlobs = (files: ReadonlyArray<Candidate>) =>
    Effect.forEach(
      files,
      (file) =>
        api.blob(file.sha, file.path, source.maxFileBytes).pipe(
          Effect.flatMap((bytes) => accept(file, bytes)),
          Effect.catchIf(
            (error) => error.reason !== "rate-limited",
            (error) =>
              note(
                fileProblem(file.path, "fetch-failed", "error", `${error.message}; the next run tries again`)
              )
          )
        ),
      { concurrency: 4, discard: true }
    )

  /** The commit's tarball (one request and its redirect); files it somehow lacks are fetched one by one. */
  const fetchTarball = (commit: string, files: ReadonlyArray<Candidate>) =>
    Effect.gen(function* () {
      const wanted = new Map(files.map((file) => [file.path, file] as const))
      const expected = new Map(files.map((file) => [file.path, file.sha] as const))
      const arrived: Array<readonly [Candidate, Uint8Array]> = []
      const download = yield* Effect.either(
        api.tarball(commit, expected, (path, bytes) => {
          const file = wanted.get(path)
          // A retried download skips what already arrived.
          expected.delete(path)
          if (file !== undefined) arrived.push([file, bytes])
        })
      )
      // Whatever arrived before a failure is kept, so the next sync needs less.
      yield* Effect.forEach(arrived, ([file, bytes]) => accept(file, bytes), {
        concurrency: 16,
        discard: true
      })
      if (Either.isLeft(download)) return yield* download.left
      const lacking = files.filter(
        (file) => !progress.held.has(file.path) && progress.rejected[file.path] === undefined
      )
      if (lacking.length > 0) yield* fetchBlobs(lacking)
    })

  return { accept, fetchBlobs, fetchTarball } as const
}
