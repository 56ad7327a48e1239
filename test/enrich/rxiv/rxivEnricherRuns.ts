/**
 * Test helpers: one run of the Enricher over bioRxiv/medRxiv papers, on the TestClock against the in-memory fake
 * API, or on the live clock against the loopback fake, with the state in a given folder (kept between runs).
 */
import { NodeHttpClient } from "@effect/platform-node"
import { type Duration, Effect, Layer, Logger, LogLevel, TestClock } from "effect"
import type { Paper } from "../../../src/domain/Paper.ts"
import { EnrichSettings } from "../../../src/domain/Pipeline.ts"
import { ArxivClient } from "../../../src/enrich/ArxivClient.ts"
import { Enricher } from "../../../src/enrich/Enricher.ts"
import { GitHubFacts } from "../../../src/enrich/GitHubFacts.ts"
import type { RxivClientOptions } from "../../../src/enrich/rxiv/RxivClient.ts"
import { GitHub } from "../../../src/github/GitHub.ts"
import type { FakeRxiv } from "../../fakes/FakeRxiv.ts"
import type { RxivFakeApi } from "../../fakes/RxivFakeApi.ts"
import { loopbackRxivClientLayer, memoryRxivClientLayer } from "../../fakes/RxivFakeLayer.ts"
import { stateStoreLayer } from "../enrichFixtures.ts"
import { onTestClock } from "./onTestClock.ts"

export interface Run {
  readonly day: string
  readonly offline?: boolean
  readonly budget?: Duration.DurationInput
  readonly settings?: ConstructorParameters<typeof EnrichSettings>[0]
  readonly client?: RxivClientOptions
}

const enricherLayer = (
  folder: string,
  rxivClient: ReturnType<typeof memoryRxivClientLayer>,
  run: Omit<Run, "day" | "client">
) =>
  Enricher.Default({
    settings: EnrichSettings.make(run.settings ?? {}),
    offline: run.offline ?? false,
    ...(run.budget === undefined ? {} : { rxivBudget: run.budget })
  }).pipe(
    Layer.provide(Layer.mergeAll(ArxivClient.Default(), rxivClient, GitHubFacts.Default)),
    Layer.provide(GitHub.Default()),
    Layer.provide(NodeHttpClient.layerUndici),
    Layer.provideMerge(stateStoreLayer(folder))
  )

/** One run of the Enricher on the TestClock set to `day`, against `api`, with the state in `folder`. */
export const runOn = (api: RxivFakeApi, folder: string, papers: ReadonlyArray<Paper>, run: Run) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(Date.parse(run.day))
    return yield* onTestClock(Effect.flatMap(Enricher, (e) => e.enrich(papers)))
  }).pipe(
    Effect.provide(enricherLayer(folder, memoryRxivClientLayer(api, run.client), run)),
    Logger.withMinimumLogLevel(LogLevel.None)
  )

/** One run of the Enricher on the live clock (today's date) against the loopback fake, 10 ms spacing. */
export const runOnLoopback = (
  fake: FakeRxiv,
  folder: string,
  papers: ReadonlyArray<Paper>,
  run: Omit<Run, "day" | "client"> = {}
) =>
  Effect.flatMap(Enricher, (e) => e.enrich(papers)).pipe(
    Effect.provide(enricherLayer(folder, loopbackRxivClientLayer(fake, { spacing: "10 millis" }), run)),
    Logger.withMinimumLogLevel(LogLevel.None)
  )

/** What the fake was asked since request `from`: the DOI, or the interval. */
export const asked = (log: RxivFakeApi["log"], from = 0) =>
  log.slice(from).map((entry) => entry.doi ?? entry.interval)
