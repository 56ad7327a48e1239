/**
 * Getting the files a sync lacks: from the mirror (even under another path), blob by blob, or by one tarball; and
 * reading a synced file's text when a run parses it.
 */
import { Effect, Either, Runtime } from "effect"
import type { DigestFile } from "../domain/DigestFile.ts"
import type { GitHubSource } from "../domain/Pipeline.ts"
import { Problem } from "../domain/Problem.ts"
import type { DigestMirror } from "./DigestMirror.ts"
import { type DigestName, decodeText, digestFromBytes, fileProblem, toDigestFile } from "./DigestRules.ts"
import type { SourceFile } from "./DigestSource.ts"
import type { ListedFile } from "./GitHubListing.ts"
import type { RepoApi } from "./GitHubRepoApi.ts"
import type { RejectedBlob } from "./GitHubSyncState.ts"

/** A listed file whose name is a digest's and whose size is within the limit. */
export interface Candidate extends ListedFile {
  readonly name: DigestName
}

/** What a sync has so far; fetchers add to it as files arrive, so a stop keeps everything before it. */
export interface Progress {
  /** path -> the listed blob SHA, for files the mirror holds at that SHA. */
  readonly held: Map<string, string>
  /** path -> the text of a held file whose mirror write failed (read from here, fetched again next run). */
  readonly unsaved: Map<string, string>
  /** path -> a fetched blob that is not UTF-8. */
  readonly rejected: Record<string, RejectedBlob>
  readonly problems: Array<Problem>
}

/**
 * Which candidates the mirror holds, without reading it: a listed file the last sync delivered at the listed SHA
 * and still mirrored is `held`, one delivered at an older SHA is `stale` (a previous version, served while the
 * new one cannot be fetched); their texts are checked against the SHA when a run reads them, and fetched again
 * if they changed (a truncated or edited copy is caught there, so no stat per file here). Any other mirrored
 * file (no sync state) is read and hashed. `bySha` names a mirrored path for every blob (also paths no longer
 * listed), so a renamed or restored file costs no request.
 */
export const checkMirror = Effect.fn("GitHubFetch.checkMirror")(function* (
  mirror: DigestMirror,
  candidates: ReadonlyArray<Candidate>,
  delivered: Readonly<Record<string, string>>
) {
  const held = new Map<string, string>()
  const stale = new Map<string, string>()
  const mirrored = yield* mirror.paths
  const unknown: Array<Candidate> = []
  for (const file of candidates) {
    if (!mirrored.has(file.path)) continue
    const known = delivered[file.path]
    if (known === file.sha) held.set(file.path, file.sha)
    else if (known !== undefined) stale.set(file.path, known)
    else unknown.push(file)
  }
  yield* Effect.forEach(
    unknown,
    (file) =>
      Effect.map(mirror.blobSha(file.path), (sha) => {
        if (sha !== undefined) (sha === file.sha ? held : stale).set(file.path, sha)
      }),
    { concurrency: 16, discard: true }
  )
  const bySha = new Map<string, string>()
  const listed = new Set(candidates.map((file) => file.path))
  for (const [path, sha] of Object.entries(delivered)) if (!listed.has(path)) bySha.set(sha, path)
  for (const [path, sha] of [...stale, ...held]) bySha.set(sha, path)
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
        yield* mirror.write(file.path, text).pipe(
          Effect.catchAll((cause) => {
            progress.unsaved.set(file.path, text)
            return note(
              fileProblem(
                file.path,
                "mirror-write",
                "warning",
                `not saved locally (${String(cause.cause)}); fetched again next run`
              )
            )
          })
        )
        progress.held.set(file.path, file.sha)
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
      const runtime = yield* Effect.runtime<never>()
      // Each file goes into the mirror as it arrives, the download waiting while writes lag: holding every file
      // until the download ends made the tarball the peak of a cold run's memory. Whatever arrived before a
      // failure is kept, so the next sync needs less.
      const download = yield* Effect.either(
        api.tarball(commit, expected, (path, bytes) => {
          const file = wanted.get(path)
          // A retried download skips what already arrived.
          expected.delete(path)
          return file === undefined
            ? undefined
            : Runtime.runPromise(runtime, Effect.asVoid(accept(file, bytes)))
        })
      )
      if (Either.isLeft(download)) return yield* download.left
      const lacking = files.filter(
        (file) => !progress.held.has(file.path) && progress.rejected[file.path] === undefined
      )
      if (lacking.length > 0) yield* fetchBlobs(lacking)
    })

  return { accept, fetchBlobs, fetchTarball } as const
}

/**
 * A synced file's text, for the run that parses it: from the mirror, checked against the listed SHA. A copy lost
 * or altered since the sync is fetched again (and mirrored again); when GitHub cannot give it, a problem naming
 * the file, which the next run reads again.
 */
export const makeReader =
  (api: RepoApi, mirror: DigestMirror, source: GitHubSource, progress: Progress) =>
  (file: SourceFile): Effect.Effect<DigestFile | Problem> =>
    Effect.gen(function* () {
      const unsaved = progress.unsaved.get(file.path)
      if (unsaved !== undefined) return toDigestFile(file.path, file, file.sha, unsaved)
      const mirrored = yield* mirror.read(file.path)
      const digest = mirrored === undefined ? undefined : digestFromBytes(file, mirrored)
      if (digest !== undefined && !(digest instanceof Problem && digest.code === "changed-while-running"))
        return digest
      const fetched = yield* Effect.either(api.blob(file.sha, file.path, source.maxFileBytes))
      if (Either.isLeft(fetched))
        return fileProblem(
          file.path,
          "mirror-damaged",
          "error",
          `the mirrored copy was lost or altered and GitHub could not give it again (${fetched.left.message}); the next run tries again`
        )
      const text = decodeText(file.path, fetched.right)
      if (text instanceof Problem) return text
      yield* mirror
        .write(file.path, text)
        .pipe(Effect.catchAll(() => Effect.sync(() => progress.unsaved.set(file.path, text))))
      return toDigestFile(file.path, file, file.sha, text)
    })
