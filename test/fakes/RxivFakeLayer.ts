/**
 * Test helpers: RxivClient over the in-memory fake (HttpClient.make: no socket, so waits run on the TestClock)
 * or over the loopback FakeRxiv (undici), with RXIV_API_URL set through a ConfigProvider as the CLI would.
 */
import { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Clock, ConfigProvider, Effect, Layer } from "effect"
import { RxivClient, type RxivClientOptions } from "../../src/enrich/rxiv/RxivClient.ts"
import { type FakeRxiv, type FakeRxivServerOptions, startFakeRxiv } from "./FakeRxiv.ts"
import type { RxivFakeApi } from "./RxivFakeApi.ts"

const MEMORY_BASE = "http://rxiv.invalid"

const withBaseUrl = (url: string, config: Readonly<Record<string, string>> = {}) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["RXIV_API_URL", url], ...Object.entries(config)])))

/** An HttpClient answering from `api`, stamping each request with the (Test)Clock's time. */
export const memoryHttpClient = (api: RxivFakeApi) =>
  HttpClient.make((request, url) =>
    Effect.flatMap(Clock.currentTimeMillis, (time) => {
      const reply = api.answer(url.pathname, request.headers["user-agent"] ?? "", time)
      if (reply.kind === "hang") return Effect.never
      if (reply.kind === "reset")
        return Effect.fail(
          new HttpClientError.RequestError({ request, reason: "Transport", description: "connection reset" })
        )
      return Effect.succeed(
        HttpClientResponse.fromWeb(
          request,
          new Response(reply.body, { status: reply.status, headers: reply.headers })
        )
      )
    })
  )

/** RxivClient over the in-memory fake. */
export const memoryRxivClientLayer = (
  api: RxivFakeApi,
  options: RxivClientOptions = {},
  config: Readonly<Record<string, string>> = {}
) =>
  RxivClient.Default(options).pipe(
    Layer.provide(Layer.succeed(HttpClient.HttpClient, memoryHttpClient(api))),
    Layer.provide(withBaseUrl(MEMORY_BASE, config))
  )

/** Starts the loopback fake for the enclosing scope and closes it (dropping hung connections) at the end. */
export const fakeRxivScoped = (options: FakeRxivServerOptions = {}) =>
  Effect.acquireRelease(
    Effect.promise(() => startFakeRxiv(options)),
    (fake) => Effect.promise(() => fake.close())
  )

/** RxivClient talking to the loopback fake over real HTTP. */
export const loopbackRxivClientLayer = (fake: FakeRxiv, options: RxivClientOptions = {}) =>
  RxivClient.Default(options).pipe(
    Layer.provide(NodeHttpClient.layerUndici),
    Layer.provide(withBaseUrl(fake.url))
  )
