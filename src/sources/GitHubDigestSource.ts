/** The DigestSource over a GitHub repository: conditional, incremental sync through octokit, with a local mirror. */
import { Path } from "@effect/platform"
import { Effect, Layer } from "effect"
import type { GitHubSource } from "../domain/Pipeline.ts"
import { GitHub } from "../github/GitHub.ts"
import { StateStore } from "../state/StateStore.ts"
import { makeDigestMirror } from "./DigestMirror.ts"
import { DigestSource } from "./DigestSource.ts"
import { makeRepoApi } from "./GitHubRepoApi.ts"
import { syncGitHub } from "./GitHubSync.ts"
import { MIRROR_FOLDER } from "./GitHubSyncState.ts"

export { GitHubError } from "../github/GitHub.ts"
export { GITHUB_SYNC_STATE, MIRROR_FOLDER } from "./GitHubSyncState.ts"

/** The source's `sync` over the run's GitHub client. */
const make = Effect.fn("GitHubDigestSource.make")(function* (source: GitHubSource) {
  const store = yield* StateStore
  const path = yield* Path.Path
  const client = yield* GitHub
  const api = makeRepoApi(client, source.owner, source.repo)
  const mirror = yield* makeDigestMirror(store, path.join(store.folder, MIRROR_FOLDER))
  return { sync: syncGitHub({ source, client, api, mirror, store }) }
})

/**
 * A DigestSource over `source` (owner, repo, ref, path glob, backfillThreshold, maxFileBytes). Its state lives in
 * the StateStore folder: `github-sync.json` and the mirror `digests/<repository path>`. Needs GitHub (the
 * run's one client), StateStore, FileSystem and Path.
 */
export const GitHubDigestSource = {
  make,
  layer: (source: GitHubSource) => Layer.effect(DigestSource, make(source))
}
