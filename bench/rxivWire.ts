/**
 * bench:rxiv's measurement on the wire: runs a request plan through the real RxivClient and fetchRxivMetadata
 * against the loopback fake API (no spacing: loopback only), whose days hold the wanted DOIs among the day's
 * other versions in a scrambled order, and counts the requests made next to the plan's estimate and lower bound.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { ConfigProvider, Effect, Layer, Logger, LogLevel } from "effect"
import type { RxivServer } from "../src/domain/RxivMetadata.ts"
import { fetchRxivMetadata } from "../src/enrich/rxiv/fetchRxivMetadata.ts"
import type { RxivPlan, WantedDoi } from "../src/enrich/rxiv/planRxivRequests.ts"
import { RxivClient } from "../src/enrich/rxiv/RxivClient.ts"
import { startFakeRxiv } from "../test/fakes/FakeRxiv.ts"

export interface WireMeasure {
  readonly requests: number
  readonly found: number
  readonly pending: number
  readonly notFound: number
  readonly seconds: number
}

/** Serves every wanted DOI on its posting day beside the day's other versions (`volume` a day in all). */
export const measureOnFake = async (
  wanted: ReadonlyArray<WantedDoi>,
  plan: RxivPlan,
  volume: (server: RxivServer) => number
): Promise<WireMeasure> => {
  const posted: Record<string, Array<string>> = {}
  for (const item of wanted) {
    if (item.postedOn === null) continue
    const day = `${item.server} ${item.postedOn}`
    posted[day] = [...(posted[day] ?? []), item.doi]
  }
  const fake = await startFakeRxiv({
    posted,
    postings: (server, date) =>
      Math.max(0, volume(server as RxivServer) - (posted[`${server} ${date}`]?.length ?? 0)),
    interleave: true
  })
  try {
    const client = RxivClient.Default({ spacing: 0, retries: 0 }).pipe(
      Layer.provide(NodeHttpClient.layerUndici),
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["RXIV_API_URL", fake.url]]))))
    )
    const started = performance.now()
    const report = await Effect.runPromise(
      Effect.flatMap(RxivClient, (rxiv) =>
        fetchRxivMetadata(rxiv, plan, { budget: "24 hours", onProgress: () => Effect.void })
      ).pipe(Effect.provide(client), Effect.scoped, Logger.withMinimumLogLevel(LogLevel.Error))
    )
    return {
      requests: report.requests,
      found: report.found.length,
      pending: report.pending.length,
      notFound: report.notFound.length,
      seconds: (performance.now() - started) / 1000
    }
  } finally {
    await fake.close()
  }
}
