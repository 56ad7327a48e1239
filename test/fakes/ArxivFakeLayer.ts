/** Test helper: a scoped FakeArxiv and an ArxivClient layer pointed at it (undici over loopback). */
import { NodeHttpClient } from "@effect/platform-node"
import { ConfigProvider, Effect, Layer } from "effect"
import { ArxivClient, type ArxivClientOptions } from "../../src/enrich/ArxivClient.ts"
import { type FakeArxiv, type FakeArxivOptions, startFakeArxiv } from "./FakeArxiv.ts"

/** Starts the fake for the enclosing scope and closes it (dropping hung connections) when the scope ends. */
export const fakeArxivScoped = (options: FakeArxivOptions = {}) =>
  Effect.acquireRelease(
    Effect.promise(() => startFakeArxiv(options)),
    (fake) => Effect.promise(() => fake.close())
  )

/** Fast-test defaults: spacing and backoff scaled down so a suite of fault tests runs in seconds. */
export const FAST_CLIENT: ArxivClientOptions = {
  spacing: "20 millis",
  requestTimeout: "2 seconds",
  retries: 3,
  backoffBase: "20 millis",
  backoffCap: "200 millis"
}

/** ArxivClient talking to `fake`, with ARXIV_API_URL set through a ConfigProvider as the CLI would. */
export const arxivClientLayer = (fake: FakeArxiv, options: ArxivClientOptions = FAST_CLIENT) =>
  ArxivClient.Default(options).pipe(
    Layer.provide(NodeHttpClient.layerUndici),
    Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["ARXIV_API_URL", fake.url]]))))
  )
