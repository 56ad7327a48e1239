/**
 * The arXiv API client, polite by construction: one connection at a time, request starts spaced by at least
 * 3 seconds (arXiv's terms), batched id_list queries, retries with backoff and jitter that honour Retry-After.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Clock, Config, Data, Duration, Effect, Either, Option, RateLimiter, Ref } from "effect"
import type { ArxivId } from "../domain/ArxivId.ts"
import { ARXIV, arxivApiUrl } from "../domain/ServiceDefaults.ts"
import { type ArxivFeed, decodeArxivFeed } from "./decodeArxivFeed.ts"
import { jitteredBackoff, type RetryingClientOptions, retryAfterMillis } from "./retryTiming.ts"

export { retryAfterMillis } from "./retryTiming.ts"

/** One batch could not be fetched, after every retry the budget allowed. */
export class ArxivError extends Data.TaggedError("ArxivError")<{
  readonly ids: ReadonlyArray<ArxivId>
  /** Last HTTP status seen, null for timeouts and connection errors. */
  readonly status: number | null
  readonly reason: string
  readonly attempts: number
}> {}

export interface ArxivClientOptions extends RetryingClientOptions {
  /** Least time between two request starts. arXiv asks for 3 s; only tests and benchmarks lower it. */
  readonly spacing?: Duration.DurationInput
}

/** Above this URL length a query goes as a form POST (arXiv answers 414 to GETs of ~650 ids and more). */
export const MAX_GET_URL = 2000

type Attempt =
  | { readonly _tag: "Feed"; readonly feed: ArxivFeed }
  | {
      readonly _tag: "Retry"
      readonly status: number | null
      readonly reason: string
      readonly after: number
    }
  | { readonly _tag: "Fatal"; readonly status: number | null; readonly reason: string }
  | { readonly _tag: "OutOfTime" }

/** Reads ARXIV_API_URL, and GITHUB_SERVER_URL/GITHUB_REPOSITORY (set in Actions) for the User-Agent. */
const settings = Config.all({
  baseUrl: arxivApiUrl,
  server: Config.string("GITHUB_SERVER_URL").pipe(Config.withDefault("https://github.com")),
  repository: Config.option(Config.string("GITHUB_REPOSITORY"))
})

/** Talks to the arXiv query API; requests are counted for the run report. */
export class ArxivClient extends Effect.Service<ArxivClient>()("enrich/ArxivClient", {
  scoped: Effect.fn(function* (options: ArxivClientOptions = {}) {
    const config = yield* settings
    const http = yield* HttpClient.HttpClient
    const spacing = Duration.toMillis(options.spacing ?? ARXIV.spacingMillis)
    const timeout = Duration.decode(options.requestTimeout ?? ARXIV.requestTimeoutMillis)
    const retries = options.retries ?? ARXIV.retries
    const backoffBase = Duration.toMillis(options.backoffBase ?? ARXIV.backoffBaseMillis)
    const backoffCap = Duration.toMillis(options.backoffCap ?? ARXIV.backoffCapMillis)
    const contact = Option.match(config.repository, {
      onNone: () => "arXiv digest feeds",
      onSome: (repository) => `+${config.server}/${repository}`
    })
    const userAgent = options.userAgent ?? `digest-feeds/0.1 (${contact})`
    // The limiter spaces starts; the margin keeps them ≥ `spacing` apart on arXiv's clock even when the
    // previous request paid for a TCP handshake and this one reuses the connection.
    const margin = Math.min(100, spacing / 10)
    const limiter =
      spacing > 0
        ? yield* RateLimiter.make({ limit: 1, interval: Duration.millis(spacing + margin) })
        : <A, E, R>(effect: Effect.Effect<A, E, R>) => effect
    const connection = yield* Effect.makeSemaphore(1)
    const requests = yield* Ref.make(0)

    const requestFor = (ids: ReadonlyArray<ArxivId>) => {
      const params = { id_list: ids.join(","), start: "0", max_results: String(ids.length) }
      const get = `${config.baseUrl}?${new URLSearchParams(params).toString()}`
      const request =
        get.length <= MAX_GET_URL
          ? HttpClientRequest.get(get)
          : HttpClientRequest.post(config.baseUrl).pipe(HttpClientRequest.bodyUrlParams(params))
      return request.pipe(
        HttpClientRequest.setHeader("user-agent", userAgent),
        HttpClientRequest.setHeader("accept", "application/atom+xml")
      )
    }

    const classify = (status: number, body: string, retryAfter: number): Attempt => {
      if (status === 429 || status >= 500)
        return { _tag: "Retry", status, reason: `HTTP ${status}`, after: retryAfter }
      // arXiv's throttle sometimes answers 200 with this plain body instead of a 429.
      if (body.trim() === "Rate exceeded.") {
        return { _tag: "Retry", status, reason: "Rate exceeded.", after: retryAfter }
      }
      const feed = decodeArxivFeed(body)
      if (status === 200) {
        return Either.isRight(feed)
          ? { _tag: "Feed", feed: feed.right }
          : { _tag: "Retry", status, reason: `${feed.left.reason} response: ${feed.left.message}`, after: 0 }
      }
      if (status === 400 && Either.isRight(feed) && feed.right.errors.length > 0) {
        return { _tag: "Feed", feed: feed.right }
      }
      return { _tag: "Fatal", status, reason: `HTTP ${status}` }
    }

    /**
     * One HTTP exchange: holds the only connection, waits for its start slot, never fails. A slot that comes
     * after `deadline` is not used, so the budget bounds when the last request starts.
     */
    const attempt = (ids: ReadonlyArray<ArxivId>, deadline: number): Effect.Effect<Attempt> =>
      Effect.gen(function* () {
        if ((yield* Clock.currentTimeMillis) >= deadline) return { _tag: "OutOfTime" } as const
        yield* Ref.update(requests, (n) => n + 1)
        const response = yield* http.execute(requestFor(ids))
        const body = yield* response.text
        const now = yield* Clock.currentTimeMillis
        return classify(response.status, body, retryAfterMillis(response.headers["retry-after"], now))
      }).pipe(
        Effect.timeoutFail({ duration: timeout, onTimeout: () => "timeout" as const }),
        Effect.catchAll(
          (error): Effect.Effect<Attempt> =>
            Effect.succeed({
              _tag: "Retry",
              status: null,
              reason: error === "timeout" ? `no answer within ${Duration.format(timeout)}` : error.message,
              after: 0
            })
        ),
        limiter,
        connection.withPermits(1)
      )

    const backoff = jitteredBackoff(backoffBase, backoffCap)

    /**
     * Fetches one batch (max_results = batch size), retrying transient failures until `deadline` (epoch ms):
     * a retry whose wait would end past the deadline is not made.
     */
    const fetchBatch = Effect.fn("ArxivClient.fetchBatch")(function* (
      ids: ReadonlyArray<ArxivId>,
      deadline: number
    ) {
      let last: { readonly status: number | null; readonly reason: string } = { status: null, reason: "" }
      for (let n = 0; n <= retries; n++) {
        const outcome = yield* attempt(ids, deadline)
        if (outcome._tag === "Feed") return outcome.feed
        if (outcome._tag === "OutOfTime") {
          const reason = `${n === 0 ? "" : `${last.reason}; `}the run's arXiv time budget was used up`
          return yield* new ArxivError({ ids, status: last.status, reason, attempts: n })
        }
        last = outcome
        if (outcome._tag === "Fatal") {
          return yield* new ArxivError({
            ids,
            status: outcome.status,
            reason: outcome.reason,
            attempts: n + 1
          })
        }
        if (n === retries) break
        const wait = Math.max(yield* backoff(n), outcome.after)
        const now = yield* Clock.currentTimeMillis
        if (now + wait >= deadline) {
          const reason = `${outcome.reason}; time budget left no room to retry`
          return yield* new ArxivError({ ids, status: outcome.status, reason, attempts: n + 1 })
        }
        yield* Effect.logWarning(
          `arXiv: ${outcome.reason} for ${ids.length} ids, retry ${n + 1}/${retries} in ${Math.round(wait)} ms`
        )
        yield* Effect.sleep(Duration.millis(wait))
      }
      return yield* new ArxivError({ ids, status: last.status, reason: last.reason, attempts: retries + 1 })
    })

    return {
      fetchBatch,
      /** HTTP requests sent so far (every attempt counts). */
      requests: Ref.get(requests)
    } as const
  })
}) {}
