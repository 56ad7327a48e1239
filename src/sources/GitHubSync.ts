/**
 * One sync of a GitHub source: resolve the ref (a free 304 when unchanged), list, fetch what the mirror lacks.
 * It hands out the listing; texts are read from the mirror only for the files a run parses.
 */
import { Effect, Either } from "effect"
import { type GitHubSource, sourceGlobs } from "../domain/Pipeline.ts"
import { compareProblems, Problem } from "../domain/Problem.ts"
import type { GitHubClient, GitHubError } from "../github/GitHubClient.ts"
import type { StateStore } from "../state/StateStore.ts"
import type { DigestMirror } from "./DigestMirror.ts"
import { checkSize, classifyName, type DigestName, fileProblem, toSourceFile } from "./DigestRules.ts"
import type { SourceError, SourceFile, SyncResult } from "./DigestSource.ts"
import { gitBlobSha } from "./GitBlob.ts"
import { type Candidate, checkMirror, makeFetcher, makeReader, type Progress } from "./GitHubFetch.ts"
import { listCommit, type Plan } from "./GitHubListing.ts"
import type { RepoApi } from "./GitHubRepoApi.ts"
import { loadSyncState, planFromState, stopProblem, toSourceError } from "./GitHubSyncReport.ts"
import {
  GITHUB_SYNC_STATE,
  GitHubSyncState,
  type RejectedBlob,
  sameSyncState,
  sourceKey
} from "./GitHubSyncState.ts"

/** What a sync works with; built once by GitHubDigestSource.layer. */
export interface SyncDeps {
  readonly source: GitHubSource
  readonly client: GitHubClient
  readonly api: RepoApi
  readonly mirror: DigestMirror
  readonly store: StateStore
}

const planListing = (deps: SyncDeps, previous: GitHubSyncState | undefined, label: string) =>
  Effect.gen(function* () {
    const reusable = previous?.listingComplete === true ? previous : undefined
    // A state without the commit's time (an earlier version's) asks once unconditionally to learn it.
    const etag = reusable?.commitTime === null ? null : (reusable?.etag ?? null)
    const resolved = yield* deps.api.resolveRef(deps.source.ref, etag)
    if (resolved === null || resolved.sha === reusable?.commit) {
      // 304, or a new ETag for the same commit: the saved listing is still the truth.
      if (reusable !== undefined)
        return {
          ...planFromState(reusable),
          etag: resolved?.etag ?? reusable.etag,
          commitTime: resolved?.commitTime ?? reusable.commitTime
        }
    }
    if (resolved === null) return yield* Effect.dieMessage("GitHub answered 304 to an unconditional request")
    const listing = yield* listCommit(deps.api, resolved.sha, sourceGlobs(deps.source.path), label)
    return {
      commit: resolved.sha,
      etag: resolved.etag,
      commitTime: resolved.commitTime,
      ...listing
    } satisfies Plan
  })

/** Runs one sync; fails only when nothing usable can be returned (see SourceError). */
export const syncGitHub = Effect.fn("GitHubDigestSource.sync")(function* (
  deps: SyncDeps
): Effect.fn.Return<SyncResult, SourceError> {
  const { source, api, mirror } = deps
  const label = `${source.owner}/${source.repo}@${source.ref}`
  const before = deps.client.requestCount()
  const key = sourceKey(source)
  const previous = yield* loadSyncState(deps.store, key)
  const problems: Array<Problem> = []
  let stop: GitHubError | undefined

  const planned = yield* Effect.either(planListing(deps, previous, label))
  let plan: Plan
  if (Either.isRight(planned)) plan = planned.right
  else {
    const fatal = planned.left.reason === "not-found" || planned.left.reason === "unauthorized"
    if (previous === undefined || fatal) return yield* toSourceError(planned.left, label)
    // Serve what the last sync left while GitHub is unavailable.
    stop = planned.left
    plan = planFromState(previous)
  }
  problems.push(...plan.problems)

  const candidates: Array<Candidate> = []
  const rejected: Record<string, RejectedBlob> = {}
  for (const file of plan.files) {
    const name = classifyName(file.path)
    const problem = name instanceof Problem ? name : checkSize(file.path, file.size, source.maxFileBytes)
    const known = previous?.rejected[file.path]
    if (problem !== undefined) problems.push(problem)
    else if (known?.sha === file.sha) {
      rejected[file.path] = known
      problems.push(fileProblem(file.path, known.code, "error", known.message))
    } else candidates.push({ ...file, name: name as DigestName })
  }

  const { held, stale, bySha } = yield* checkMirror(mirror, candidates, previous?.delivered ?? {})
  const progress: Progress = { held, unsaved: new Map(), rejected, problems }
  const { accept, fetchBlobs, fetchTarball } = makeFetcher(api, mirror, source, progress)

  // A blob the mirror holds under another path (a rename, a restored file) is copied, once its bytes check out.
  const adopt = candidates.filter((file) => !held.has(file.path) && bySha.has(file.sha))
  yield* Effect.forEach(
    adopt,
    (file) =>
      Effect.flatMap(mirror.read(bySha.get(file.sha)!), (bytes) =>
        bytes !== undefined && gitBlobSha(bytes) === file.sha ? accept(file, bytes) : Effect.void
      ),
    { discard: true }
  )
  const missing = candidates.filter((file) => !held.has(file.path))
  const mode = missing.length > source.backfillThreshold ? "tarball" : "blobs"
  if (stop === undefined && missing.length > 0) {
    const fetched = yield* Effect.either(
      mode === "tarball" ? fetchTarball(plan.commit, missing) : fetchBlobs(missing)
    )
    if (Either.isLeft(fetched)) stop = fetched.left
  }

  const files: Array<SourceFile> = []
  const delivered: Record<string, string> = {}
  let pending = 0
  for (const file of candidates) {
    if (!held.has(file.path) && rejected[file.path] === undefined) pending += 1
    // A file not refetched yet is served in its previous version rather than dropped.
    const sha = held.get(file.path) ?? stale.get(file.path)
    if (sha === undefined) continue
    files.push(toSourceFile(file.path, file.name, sha))
    delivered[file.path] = sha
  }
  if (stop !== undefined) {
    if (files.length === 0 && candidates.length > 0) return yield* toSourceError(stop, label)
    problems.push(yield* stopProblem(stop, label, pending))
  }

  // Built from the decoded state and the decoded listing: checking its 4,000 entries again cost every night.
  const state = new GitHubSyncState(
    {
      version: 1,
      source: key,
      commit: plan.commit,
      etag: plan.etag,
      commitTime: plan.commitTime,
      listingComplete: plan.complete,
      listing: Object.fromEntries(plan.files.map((file) => [file.path, { sha: file.sha, size: file.size }])),
      delivered,
      rejected
    },
    true
  )
  // A night that changed nothing leaves the state as it was (nothing to encode and write again).
  yield* (
    previous !== undefined && sameSyncState(previous, state)
      ? Effect.void
      : deps.store.write(GITHUB_SYNC_STATE, GitHubSyncState, state)
  ).pipe(
    Effect.catchAll((error) =>
      Effect.sync(() =>
        problems.push(
          fileProblem(
            label,
            "state-write",
            "warning",
            `sync state not saved (${error.file}); the next run lists again`
          )
        )
      )
    )
  )
  // Prune only after a complete sync of a complete listing: anything else may still be needed.
  if (stop === undefined && pending === 0 && plan.complete) {
    yield* mirror
      .prune(new Set(held.keys()))
      .pipe(
        Effect.catchAll((error) => Effect.logWarning(`could not prune the digest mirror: ${error.message}`))
      )
  }
  const requests = deps.client.requestCount() - before
  const fetchedCount = missing.filter((file) => held.has(file.path)).length
  yield* Effect.logInfo(
    `GitHub ${label} at ${plan.commit.slice(0, 7)}: ${files.length} files, ${fetchedCount} fetched` +
      (fetchedCount > 0 ? ` (${mode})` : "") +
      `, ${pending} pending, ${requests} requests`
  )
  return {
    files,
    problems: problems.sort(compareProblems),
    requests,
    upstream: { commit: plan.commit, commitTime: plan.commitTime },
    changed: files.filter((file) => previous?.delivered[file.path] !== file.sha).map((file) => file.path),
    read: makeReader(api, mirror, source, progress)
  }
})
