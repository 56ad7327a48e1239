/**
 * The one GitHub client of a run: built once by the composition root and shared by the digest source and the
 * repository facts, so a run has one octokit, one request counter and one throttle.
 */
import { Effect } from "effect"
import { type GitHubClientOptions, makeGitHubClient } from "./GitHubClient.ts"

export { BadResponse, type GitHubClientOptions, GitHubError, type GitHubFailure } from "./GitHubClient.ts"

/** `call` runs one octokit request as an Effect; `requestCount` counts every request this run sent. */
export class GitHub extends Effect.Service<GitHub>()("github/GitHub", {
  effect: Effect.fn(function* (options: GitHubClientOptions = {}) {
    return yield* makeGitHubClient(options)
  })
}) {}
