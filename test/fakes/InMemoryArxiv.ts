/**
 * The fake arXiv API as an in-memory HttpClient: the answers of arxivResponder.ts (real recordings, synthetic
 * entries, injected faults) without a socket, logged at the time of Effect's Clock. Under a TestClock the
 * client's waits (spacing, backoff, Retry-After, timeouts, budgets) take no real time and every logged time is
 * exact; the loopback FakeArxiv stays for what happens on the wire.
 */
import { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import { Clock, ConfigProvider, type Duration, Effect, Layer } from "effect"
import { ArxivClient, type ArxivClientOptions } from "../../src/enrich/ArxivClient.ts"
import { type ArxivResponder, type FakeArxivOptions, makeArxivResponder } from "./arxivResponder.ts"

export interface InMemoryArxivOptions extends FakeArxivOptions {
  /** Time from a request's start to its answer, on Effect's Clock. */
  readonly latency?: Duration.DurationInput
}

const BASE_URL = "http://arxiv.test/api/query"

const bodyText = (body: { readonly _tag: string; readonly body?: unknown }): string =>
  body._tag === "Uint8Array" && body.body instanceof Uint8Array ? new TextDecoder().decode(body.body) : ""

/** An HttpClient answering like arXiv from `responder`'s recordings and faults. */
export const inMemoryArxivClient = (responder: ArxivResponder, options: InMemoryArxivOptions = {}) =>
  HttpClient.make((request, url) =>
    Effect.gen(function* () {
      const time = yield* Clock.currentTimeMillis
      if (options.latency !== undefined) yield* Effect.sleep(options.latency)
      const params =
        request.method === "POST" ? new URLSearchParams(bodyText(request.body)) : url.searchParams
      const answer = responder.answer({
        time,
        method: request.method,
        path: url.pathname,
        params,
        userAgent: request.headers["user-agent"] ?? "",
        contentType: request.body._tag === "Uint8Array" ? request.body.contentType : ""
      })
      if (answer.kind === "hang") return yield* Effect.never
      if (answer.kind === "reset") {
        return yield* new HttpClientError.RequestError({
          request,
          reason: "Transport",
          description: "connection reset by the in-memory arXiv"
        })
      }
      const response = new Response(answer.body, { status: answer.status, headers: answer.headers })
      return HttpClientResponse.fromWeb(request, response)
    })
  )

/** The responder (for its log and fault queue) and an ArxivClient layer that talks to it in memory. */
export const inMemoryArxiv = (options: InMemoryArxivOptions = {}, client: ArxivClientOptions = {}) => {
  const responder = makeArxivResponder(options)
  const layer = ArxivClient.Default(client).pipe(
    Layer.provide(Layer.succeed(HttpClient.HttpClient, inMemoryArxivClient(responder, options))),
    Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["ARXIV_API_URL", BASE_URL]]))))
  )
  return { responder, layer } as const
}
