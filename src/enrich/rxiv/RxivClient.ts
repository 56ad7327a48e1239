/**
 * The bioRxiv/medRxiv API client (api.biorxiv.org `details`), polite by construction: one connection at a time,
 * each request starting at least 1 s (by default) after the previous answer ended, retries with backoff and jitter that honour Retry-After, and a
 * per-request timeout. The API publishes no rate limit; see the README ("bioRxiv/medRxiv API") for the spacing.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Clock, Config, Data, Duration, Effect, Either, Option, Ref } from "effect"
import type { RxivServer } from "../../domain/RxivMetadata.ts"
import { RXIV, rxivApiUrl } from "../../domain/ServiceDefaults.ts"
import { jitteredBackoff, type RetryingClientOptions, retryAfterMillis } from "../retryTiming.ts"
import { decodeRxivDetails, type RxivDetailsPage } from "./decodeRxivDetails.ts"
import type { RxivRequest } from "./RxivCall.ts"

export type { RxivRequest } from "./RxivCall.ts"

/** A request could not be answered, after every retry the budget allowed. */
export class RxivError extends Data.TaggedError("RxivError")<{
  readonly request: RxivRequest
  /** Last HTTP status seen, null for timeouts and connection errors. */
  readonly status: number | null
  readonly reason: string
  readonly attempts: number
  /** True when the run's time budget, not the server, ended the attempts. */
  readonly outOfTime: boolean
}> {}

/** Defaults: 60 s timeout (an interval page with 30 abstracts is ~100 KB), 4 retries. */
export interface RxivClientOptions extends RetryingClientOptions {
  /** Least time from the end of one exchange to the next request (default 1 s). Only tests lower it. */
  readonly spacing?: Duration.DurationInput
}

/** The API's path for a request, JSON format. DOIs go in the path as they are: `/` is part of the route. */
export const pathOf = (request: RxivRequest): string =>
  request._tag === "Doi"
    ? `/details/${request.server}/${request.doi}/na/json`
    : `/details/${request.server}/${request.from}/${request.to}/${request.cursor}/json`

export const describeRequest = (request: RxivRequest): string =>
  request._tag === "Doi"
    ? `${request.server} ${request.doi}`
    : `${request.server} ${request.from}..${request.to} cursor ${request.cursor}`

type Attempt =
  | { readonly _tag: "Page"; readonly page: RxivDetailsPage }
  | {
      readonly _tag: "Retry"
      readonly status: number | null
      readonly reason: string
      readonly after: number
    }
  | { readonly _tag: "Fatal"; readonly status: number; readonly reason: string }
  | { readonly _tag: "OutOfTime" }

/** Reads RXIV_API_URL, and GITHUB_SERVER_URL/GITHUB_REPOSITORY (set in Actions) for the User-Agent. */
const settings = Config.all({
  baseUrl: rxivApiUrl,
  server: Config.string("GITHUB_SERVER_URL").pipe(Config.withDefault("https://github.com")),
  repository: Config.option(Config.string("GITHUB_REPOSITORY"))
})

/** What an answer means: a page, a transient failure worth another attempt, or a final refusal. */
export const classifyAnswer = (
  server: RxivServer,
  status: number,
  body: string,
  retryAfter: number
): Attempt => {
  if (status === 429 || status >= 500)
    return { _tag: "Retry", status, reason: `HTTP ${status}`, after: retryAfter }
  if (status !== 200) return { _tag: "Fatal", status, reason: `HTTP ${status}` }
  const page = decodeRxivDetails(body, server)
  // Empty bodies, `Error : (2002) …` and broken JSON all arrive as 200s during the API's outages.
  if (Either.isLeft(page)) return { _tag: "Retry", status, reason: page.left.message, after: retryAfter }
  return { _tag: "Page", page: page.right }
}

/** Talks to api.biorxiv.org; requests are counted for the run report. */
export class RxivClient extends Effect.Service<RxivClient>()("enrich/RxivClient", {
  scoped: Effect.fn(function* (options: RxivClientOptions = {}) {
    const config = yield* settings
    const http = yield* HttpClient.HttpClient
    const baseUrl = config.baseUrl.replace(/\/+$/, "")
    const spacing = Duration.toMillis(options.spacing ?? Duration.millis(RXIV.spacingMillis))
    const timeout = Duration.decode(options.requestTimeout ?? Duration.millis(RXIV.requestTimeoutMillis))
    const retries = options.retries ?? RXIV.retries
    const backoffBase = Duration.toMillis(options.backoffBase ?? Duration.millis(RXIV.backoffBaseMillis))
    const backoffCap = Duration.toMillis(options.backoffCap ?? Duration.millis(RXIV.backoffCapMillis))
    const contact = Option.match(config.repository, {
      // Outside Actions the operator's URL is unknown; in Actions it is the repository that runs the job.
      onNone: () => "bioRxiv/medRxiv digest feeds",
      onSome: (repository) => `+${config.server}/${repository}`
    })
    const userAgent = options.userAgent ?? `digest-feeds/0.1 (${contact})`
    const connection = yield* Effect.makeSemaphore(1)
    const requests = yield* Ref.make<Record<RxivServer, number>>({ biorxiv: 0, medrxiv: 0 })
    /** When the last exchange ended (epoch ms), null before the first. */
    const lastEnd = yield* Ref.make<number | null>(null)

    const httpRequest = (request: RxivRequest) =>
      HttpClientRequest.get(`${baseUrl}${pathOf(request)}`).pipe(
        HttpClientRequest.setHeader("user-agent", userAgent),
        HttpClientRequest.setHeader("accept", "application/json")
      )

    /** The HTTP exchange itself, bounded by the request timeout; never fails. */
    const exchange = (request: RxivRequest): Effect.Effect<Attempt> =>
      Effect.gen(function* () {
        yield* Ref.update(requests, (sent) => ({ ...sent, [request.server]: sent[request.server] + 1 }))
        const response = yield* http.execute(httpRequest(request))
        const body = yield* response.text
        const now = yield* Clock.currentTimeMillis
        return classifyAnswer(
          request.server,
          response.status,
          body,
          retryAfterMillis(response.headers["retry-after"], now)
        )
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
        Effect.ensuring(Effect.flatMap(Clock.currentTimeMillis, (now) => Ref.set(lastEnd, now)))
      )

    /**
     * One attempt: holds the only connection and starts `spacing` after the previous exchange ended. Spacing
     * from the end, not the start, means the API never sees two requests closer than `spacing`, whatever a
     * TLS handshake or a slow answer did to the previous one. A start that would come after `deadline` is
     * not made, so the budget bounds when the last request starts.
     */
    const attempt = (request: RxivRequest, deadline: number): Effect.Effect<Attempt> =>
      Effect.gen(function* () {
        const end = yield* Ref.get(lastEnd)
        const wait = end === null ? 0 : end + spacing - (yield* Clock.currentTimeMillis)
        if (wait > 0) yield* Effect.sleep(Duration.millis(wait))
        if ((yield* Clock.currentTimeMillis) >= deadline) return { _tag: "OutOfTime" } as const
        return yield* exchange(request)
      }).pipe(connection.withPermits(1))

    const backoff = jitteredBackoff(backoffBase, backoffCap)

    /**
     * Asks one request, retrying transient failures until `deadline` (epoch ms): a slot after the deadline is
     * not used, and a retry whose wait would end past it is not made.
     */
    const details = Effect.fn("RxivClient.details")(function* (request: RxivRequest, deadline: number) {
      let last: { readonly status: number | null; readonly reason: string } = { status: null, reason: "" }
      for (let n = 0; n <= retries; n++) {
        const outcome = yield* attempt(request, deadline)
        if (outcome._tag === "Page") return outcome.page
        if (outcome._tag === "OutOfTime") {
          const reason = `${n === 0 ? "" : `${last.reason}; `}the run's bioRxiv/medRxiv time budget was used up`
          return yield* new RxivError({ request, status: last.status, reason, attempts: n, outOfTime: true })
        }
        last = outcome
        if (outcome._tag === "Fatal") {
          const { status, reason } = outcome
          return yield* new RxivError({ request, status, reason, attempts: n + 1, outOfTime: false })
        }
        if (n === retries) break
        const wait = Math.max(yield* backoff(n), outcome.after)
        if ((yield* Clock.currentTimeMillis) + wait >= deadline) {
          const reason = `${outcome.reason}; time budget left no room to retry`
          return yield* new RxivError({
            request,
            status: outcome.status,
            reason,
            attempts: n + 1,
            outOfTime: true
          })
        }
        yield* Effect.logWarning(
          `bioRxiv/medRxiv API: ${outcome.reason} for ${describeRequest(request)}, retry ${n + 1}/${retries} in ${Math.round(wait)} ms`
        )
        yield* Effect.sleep(Duration.millis(wait))
      }
      const { status, reason } = last
      return yield* new RxivError({ request, status, reason, attempts: retries + 1, outOfTime: false })
    })

    return {
      details,
      /** HTTP requests sent so far (every attempt counts). */
      requests: Effect.map(Ref.get(requests), (sent) => sent.biorxiv + sent.medrxiv),
      /** The same, per server, for the run report. */
      requestsByServer: Ref.get(requests)
    } as const
  })
}) {}
