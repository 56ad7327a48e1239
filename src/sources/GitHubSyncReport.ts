/** How a GitHub sync loads its saved state and explains a stop: problems and errors that say when to retry. */
import { Clock, DateTime, Effect, Order } from "effect"
import type { Problem } from "../domain/Problem.ts"
import type { GitHubError } from "../github/GitHubClient.ts"
import type { StateStore } from "../state/StateStore.ts"
import { fileProblem } from "./DigestRules.ts"
import { SourceError } from "./DigestSource.ts"
import type { ListedFile, Plan } from "./GitHubListing.ts"
import { GITHUB_SYNC_STATE, GitHubSyncState } from "./GitHubSyncState.ts"

/** The saved state of this source; a corrupt file is set aside (StateStore.readOrRebuild), another source's ignored. */
export const loadSyncState = (store: StateStore, key: string) =>
  store.readOrRebuild(GITHUB_SYNC_STATE, GitHubSyncState).pipe(
    Effect.map((state) => (state?.source === key ? state : undefined)),
    Effect.mapError(
      (error) => new SourceError({ message: `cannot read the sync state ${error.file}`, cause: error })
    )
  )

/** The plan the saved state describes: its commit and listing, reused on a 304 or while GitHub is unavailable. */
export const planFromState = (state: GitHubSyncState): Plan => ({
  commit: state.commit,
  etag: state.etag,
  commitTime: state.commitTime,
  files: Object.entries(state.listing)
    .map(([path, blob]) => ({ path, sha: blob.sha, size: blob.size }))
    .sort(Order.mapInput(Order.string, (file: ListedFile) => file.path)),
  complete: state.listingComplete,
  problems: []
})

/** "retry after <time> (in N min)" from the rate-limit reset or Retry-After, else "retry later". */
const retryHint = (error: GitHubError) =>
  Clock.currentTimeMillis.pipe(
    Effect.map((now) => {
      const at =
        error.rateLimitReset !== null
          ? error.rateLimitReset * 1000
          : error.retryAfter !== null
            ? now + error.retryAfter * 1000
            : null
      if (at === null) return "retry later"
      const minutes = Math.max(1, Math.ceil((at - now) / 60_000))
      return `retry after ${DateTime.formatIso(DateTime.unsafeMake(at))} (in ${minutes} min)`
    })
  )

/** The run-level problem of a sync that stopped early but returns what it has. */
export const stopProblem = (error: GitHubError, label: string, pending: number) =>
  Effect.map(retryHint(error), (hint): Problem => {
    const left = `${pending} file(s) not synced yet`
    return error.reason === "rate-limited"
      ? fileProblem(
          label,
          "rate-limited",
          "warning",
          `GitHub rate limit reached (${error.message}); ${left}; ${hint}`
        )
      : fileProblem(label, "sync-incomplete", "error", `${error.message}; ${left}; the next run resumes`)
  })

/** The SourceError of a sync that has nothing usable to return. */
export const toSourceError = (error: GitHubError, label: string) =>
  Effect.flatMap(retryHint(error), (hint) =>
    Effect.fail(
      new SourceError({
        message:
          error.reason === "not-found"
            ? `GitHub ${label}: repository or ref not found (a private repository needs GITHUB_TOKEN): ${error.message}`
            : error.reason === "unauthorized"
              ? `GitHub ${label}: access refused, check GITHUB_TOKEN: ${error.message}`
              : error.reason === "rate-limited"
                ? `GitHub ${label}: rate limit reached before anything was synced; ${hint}: ${error.message}`
                : `GitHub ${label}: nothing could be synced: ${error.message}`,
        cause: error
      })
    )
  )
