/** The one octokit adapter: every GitHub REST call of the sources goes through `call`, failures become GitHubError. */
import { Config, Data, Effect, Option, Redacted, Schedule } from "effect"
import { Octokit, RequestError } from "octokit"
import { GITHUB, githubApiUrl } from "../domain/ServiceDefaults.ts"

/** Why a GitHub call failed, which decides what the sync does next. */
export type GitHubFailure =
  /** Primary or secondary rate limit, not worth waiting for: stop, keep what is synced, retry later. */
  | "rate-limited"
  /** Repository, ref or object unknown (or private without a token). */
  | "not-found"
  /** Bad or missing credentials, or access refused. */
  | "unauthorized"
  /** 5xx, connection reset, truncated or malformed body: retried, then reported. */
  | "transient"

export class GitHubError extends Data.TaggedError("GitHubError")<{
  readonly operation: string
  readonly reason: GitHubFailure
  readonly status: number | null
  /** Epoch seconds when the primary rate limit resets (`x-ratelimit-reset`), when known. */
  readonly rateLimitReset: number | null
  /** Seconds GitHub asked to wait (`retry-after`), when given. */
  readonly retryAfter: number | null
  readonly message: string
  readonly cause?: unknown
}> {}

/** Knobs of the client; tests shorten every wait with `retryBaseMillis`. */
export interface GitHubClientOptions {
  /** A rate limit that resets within this many seconds is waited for; a later one stops the sync. Default 60. */
  readonly maxRateLimitWaitSeconds?: number
  /** Milliseconds per second of `retry-after`, and the unit of the retry backoff. Default 1000. */
  readonly retryBaseMillis?: number
  /** Retries of a 5xx or network failure inside octokit. Default 3. */
  readonly retries?: number
  /** A call (octokit's own retries included) that takes longer is aborted and retried. Default 120,000. */
  readonly timeoutMillis?: number
}

/** A body that arrived but cannot be what GitHub sends: retried like a network failure. */
export class BadResponse extends Error {
  override readonly name = "BadResponse"
}

const headerNumber = (headers: Record<string, unknown>, name: string): number | null => {
  const value = Number(headers[name])
  return Number.isFinite(value) && headers[name] !== undefined ? value : null
}

const toGitHubError = (operation: string, cause: unknown): GitHubError => {
  if (!(cause instanceof RequestError)) {
    const detail = cause instanceof Error ? cause.message : String(cause)
    return new GitHubError({
      operation,
      reason: "transient",
      status: null,
      rateLimitReset: null,
      retryAfter: null,
      message: `${operation}: ${detail}`,
      cause
    })
  }
  const headers: Record<string, unknown> = cause.response?.headers ?? {}
  const status = cause.status
  const exhausted = headers["x-ratelimit-remaining"] === "0"
  const retryAfter = headerNumber(headers, "retry-after")
  const limited =
    (status === 403 || status === 429) &&
    (exhausted || retryAfter !== null || /rate limit/i.test(cause.message))
  const reason: GitHubFailure = limited
    ? "rate-limited"
    : status === 401 || status === 403
      ? "unauthorized"
      : status === 404 || status === 409 || status === 422
        ? "not-found"
        : "transient"
  return new GitHubError({
    operation,
    reason,
    status,
    rateLimitReset: exhausted ? headerNumber(headers, "x-ratelimit-reset") : null,
    retryAfter,
    message: `${operation}: HTTP ${status} ${cause.message}`,
    cause
  })
}

/** What `makeGitHubClient` returns: the one `call` helper and the request counter. */
export interface GitHubClient {
  readonly baseUrl: string
  readonly authenticated: boolean
  /** HTTP requests sent so far, redirects and retries included. */
  readonly requestCount: () => number
  /** Runs one octokit call; transient failures are retried twice more with backoff. */
  readonly call: <A>(
    operation: string,
    run: (octokit: Octokit, signal: AbortSignal) => Promise<A>
  ) => Effect.Effect<A, GitHubError>
}

/** Builds the octokit client from `GITHUB_TOKEN` (optional, redacted) and `GITHUB_API_URL`. */
export const makeGitHubClient = Effect.fn("GitHubClient.make")(function* (options: GitHubClientOptions = {}) {
  const token = yield* Config.option(Config.redacted("GITHUB_TOKEN"))
  const baseUrl = (yield* githubApiUrl).trim().replace(/\/+$/, "")
  const auth = Option.filter(token, (secret) => Redacted.value(secret).trim() !== "")
  const maxWait = options.maxRateLimitWaitSeconds ?? GITHUB.maxRateLimitWaitSeconds
  const base = options.retryBaseMillis ?? GITHUB.retryBaseMillis
  const counter = { requests: 0 }
  const notes: Array<string> = []

  // Counts what actually goes on the wire: every attempt, plus the redirect a tarball download follows.
  const countingFetch: typeof globalThis.fetch = async (input, init) => {
    counter.requests += 1
    const response = await globalThis.fetch(input, init)
    if (response.redirected) counter.requests += 1
    return response
  }
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const wait = retryAfter <= maxWait && retryCount < 2
      notes.push(
        `GitHub ${kind} on ${request.method} ${request.url}: ` +
          (wait ? `waiting ${retryAfter} s` : `not waiting ${retryAfter} s, stopping`)
      )
      return wait
    }
  const octokit = new Octokit({
    ...(Option.isSome(auth) ? { auth: Redacted.value(auth.value) } : {}),
    baseUrl,
    userAgent: "digest-feeds",
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => notes.push(message),
      error: (message: string) => notes.push(message)
    },
    request: { fetch: countingFetch },
    throttle: {
      retryAfterBaseValue: base,
      onRateLimit: onLimit("rate limit"),
      onSecondaryRateLimit: onLimit("secondary rate limit")
    },
    // 429 is left to the throttling plugin, which honours Retry-After; 5xx and network errors are retried here.
    retry: {
      retryAfterBaseValue: base,
      retries: options.retries ?? GITHUB.retries,
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451]
    }
  })
  const flushNotes = Effect.suspend(() => Effect.forEach(notes.splice(0), (note) => Effect.logWarning(note)))
  const backoff = Schedule.exponential(`${base} millis`)

  const timeout = options.timeoutMillis ?? GITHUB.timeoutMillis
  // A server that accepts the connection and never answers would otherwise hold the run forever.
  const timedOut = (operation: string) =>
    new GitHubError({
      operation,
      reason: "transient",
      status: null,
      rateLimitReset: null,
      retryAfter: null,
      message: `${operation}: no answer within ${timeout / 1000} s`
    })
  const call = <A>(operation: string, run: (octokit: Octokit, signal: AbortSignal) => Promise<A>) =>
    Effect.tryPromise({
      try: (signal) => run(octokit, signal),
      catch: (cause) => toGitHubError(operation, cause)
    }).pipe(
      Effect.timeoutFail({ duration: `${timeout} millis`, onTimeout: () => timedOut(operation) }),
      Effect.ensuring(flushNotes),
      Effect.retry({ schedule: backoff, times: 2, while: (error) => error.reason === "transient" })
    )

  return {
    baseUrl,
    authenticated: Option.isSome(auth),
    requestCount: () => counter.requests,
    call
  } satisfies GitHubClient as GitHubClient
})
