/**
 * Whether a scheduled poll should run the pipeline: one conditional request for the upstream ref (a 304 when it
 * has not moved, which costs no rate limit), compared with the commit the last run published. The workflow polls
 * many times across the upstream's commit window; this keeps the polls that find nothing to a few seconds.
 */
import { Effect, Either } from "effect"
import type { Pipeline } from "../domain/Pipeline.ts"
import { GitHub } from "../github/GitHub.ts"
import { makeRepoApi, type ResolvedRef } from "../sources/GitHubRepoApi.ts"
import { GITHUB_SYNC_STATE, GitHubSyncState, sourceKey } from "../sources/GitHubSyncState.ts"
import { StateStore } from "../state/StateStore.ts"
import { RUN_MEMO_FILE, RunMemo } from "./incremental/RunMemo.ts"
import type { RunReport } from "./RunReport.ts"

export interface CheckInput {
  /** The last full run's report (last-run.json), when there is one. */
  readonly lastRun: Pick<RunReport, "status" | "pending" | "upstream" | "runDate"> | undefined
  /** The last sync's commit and its time (github-sync.json), which a 304 confirms. */
  readonly synced: { readonly commit: string; readonly commitTime: string | null } | undefined
  /** GitHub's answer: the ref's commit, or "unchanged" (304 to the last sync's ETag). */
  readonly head: ResolvedRef | "unchanged"
}

export interface CheckResult {
  readonly run: boolean
  readonly reason: string
  /** The upstream head, when known. */
  readonly commit: string | null
  readonly commitTime: string | null
}

const short = (sha: string | null | undefined) =>
  sha === null || sha === undefined ? "none" : sha.slice(0, 7)

/** The decision, pure: run unless the last run published the current upstream commit with nothing left over. */
export const decideRun = ({ lastRun, synced, head }: CheckInput): CheckResult => {
  const commit = head === "unchanged" ? (synced?.commit ?? null) : head.sha
  const commitTime = head === "unchanged" ? (synced?.commitTime ?? null) : head.commitTime
  const result = (run: boolean, reason: string): CheckResult => ({ run, reason, commit, commitTime })
  if (lastRun === undefined) return result(true, "no earlier run is recorded in the state folder")
  if (lastRun.status !== "published") return result(true, "the last run did not publish")
  if (lastRun.pending.length > 0)
    return result(true, `${lastRun.pending.length} papers of the last run still wait for arXiv`)
  if (commit === null || lastRun.upstream.commit === null)
    return result(true, "the last run recorded no upstream commit to compare with")
  if (commit !== lastRun.upstream.commit)
    return result(
      true,
      `the upstream moved: ${short(lastRun.upstream.commit)} -> ${short(commit)}` +
        (commitTime === null ? "" : ` (committed ${commitTime})`)
    )
  return result(
    false,
    `the upstream is still at ${short(commit)}, published by the run of ${lastRun.runDate}`
  )
}

/**
 * Reads the last run and sync from the state folder (never changing it) and asks GitHub about the pipeline's
 * ref, conditionally. A local source has nothing to poll: it always runs. Fails only when GitHub cannot answer.
 */
export const checkUpstream = Effect.fn("checkUpstream")(function* (pipeline: Pipeline) {
  const source = pipeline.source
  if (source.type !== "github")
    return { run: true, reason: "a local source: nothing to poll", commit: null, commitTime: null }
  const store = yield* StateStore
  const quietly = <A>(effect: Effect.Effect<A | undefined, unknown>) =>
    Effect.map(Effect.either(effect), (read) => (Either.isRight(read) ? read.right : undefined))
  const memo = yield* quietly(store.read(RUN_MEMO_FILE, RunMemo))
  const synced = yield* quietly(store.read(GITHUB_SYNC_STATE, GitHubSyncState))
  // A state written for another source, or without the commit (an incomplete listing), proves nothing.
  const usable = synced?.source === sourceKey(source) && synced.listingComplete ? synced : undefined
  const api = makeRepoApi(yield* GitHub, source.owner, source.repo)
  const resolved = yield* api.resolveRef(source.ref, usable?.etag ?? null)
  return decideRun({
    lastRun: memo?.report,
    synced: usable,
    head: resolved ?? "unchanged"
  })
})
