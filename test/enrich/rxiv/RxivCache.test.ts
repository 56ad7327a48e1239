/** The bioRxiv/medRxiv cache: shards, stable bytes, corrupt shards, and a second run asking only for the new. */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Either, Logger, LogLevel } from "effect"
import { IsoDate } from "../../../src/domain/IsoDate.ts"
import type { RxivMetadata, RxivServer } from "../../../src/domain/RxivMetadata.ts"
import { decodeRxivDetails } from "../../../src/enrich/rxiv/decodeRxivDetails.ts"
import { fetchRxivMetadata } from "../../../src/enrich/rxiv/fetchRxivMetadata.ts"
import { planRxivRequests } from "../../../src/enrich/rxiv/planRxivRequests.ts"
import {
  cacheKey,
  loadRxivCache,
  notInRxivCache,
  RXIV_CACHE_DIR,
  rememberRxiv,
  rxivShardFile,
  rxivShardOf,
  saveRxivCache
} from "../../../src/enrich/rxiv/RxivCache.ts"
import { RxivClient } from "../../../src/enrich/rxiv/RxivClient.ts"
import { StateStore } from "../../../src/state/StateStore.ts"
import { makeRxivFakeApi, readRxivFixture } from "../../fakes/RxivFakeApi.ts"
import { memoryRxivClientLayer } from "../../fakes/RxivFakeLayer.ts"
import { stateStoreLayer, tempStateDir } from "../enrichFixtures.ts"
import { onTestClock } from "./onTestClock.ts"

const recorded = (name: string, server: RxivServer): Array<RxivMetadata> => {
  const page = decodeRxivDetails(readRxivFixture(name), server)
  return Either.isRight(page) ? [...page.right.records] : []
}
const FIXTURE_RECORDS = [
  ...recorded("details-doi-biorxiv-two-versions.json", "biorxiv"),
  ...recorded("details-doi-withdrawn.json", "biorxiv"),
  ...recorded("details-doi-group-authors.json", "medrxiv"),
  ...recorded("details-doi-medrxiv-published.json", "medrxiv")
]
const TODAY = IsoDate.make("2026-08-21")

describe("RxivCache shards", () => {
  it("puts a DOI in its server and the month of its dated suffix, old numeric DOIs together", () => {
    assert.deepStrictEqual(
      [
        rxivShardOf("biorxiv", "10.1101/2025.05.16.654321"),
        rxivShardOf("biorxiv", "10.64898/2025.12.07.123456"),
        rxivShardOf("medrxiv", "10.1101/2025.06.17.25329001"),
        rxivShardOf("biorxiv", "10.1101/029900")
      ],
      ["biorxiv-2025.05", "biorxiv-2025.12", "medrxiv-2025.06", "biorxiv-numeric"]
    )
  })

  it.effect("round-trips shard by shard, sorted by DOI, and rewrites identical bytes", () => {
    const folder = tempStateDir()
    return Effect.gen(function* () {
      const store = yield* StateStore
      const cache = new Map()
      const changed = rememberRxiv(cache, FIXTURE_RECORDS, { today: TODAY })
      yield* saveRxivCache(store, cache, changed)
      assert.deepStrictEqual(readdirSync(join(folder, RXIV_CACHE_DIR)).sort(), [
        "biorxiv-2023.10.json",
        "biorxiv-2026.04.json",
        "medrxiv-2025.06.json",
        "medrxiv-2026.01.json"
      ])
      const file = join(folder, rxivShardFile("biorxiv-2023.10"))
      const first = readFileSync(file, "utf8")
      const loaded = yield* loadRxivCache(store, changed)
      assert.strictEqual(loaded.corrupt, null)
      assert.strictEqual(loaded.cache.size, 4, "one entry per DOI, the last version remembered")
      const withdrawn = loaded.cache.get(cacheKey("biorxiv", "10.1101/2023.10.05.561103"))
      assert.deepStrictEqual([withdrawn?.metadata.version, withdrawn?.metadata.withdrawn], [2, true])
      const group = loaded.cache.get(cacheKey("medrxiv", "10.1101/2025.06.17.25329001"))?.metadata
      assert.deepStrictEqual({ ...group?.authors[0] }, { family: "Pooja", given: null })
      yield* saveRxivCache(store, new Map([...loaded.cache].reverse()), changed)
      assert.strictEqual(readFileSync(file, "utf8"), first)
    }).pipe(Effect.provide(stateStoreLayer(folder)))
  })

  it.effect("writes only the shards that changed, and moves a corrupt shard aside saying why", () => {
    const folder = tempStateDir()
    return Effect.gen(function* () {
      const store = yield* StateStore
      const cache = new Map()
      const changed = rememberRxiv(cache, FIXTURE_RECORDS, { today: TODAY })
      yield* saveRxivCache(store, cache, changed)
      const untouched = statSync(join(folder, rxivShardFile("medrxiv-2026.01"))).mtimeMs
      const bio = changed.filter((paper) => paper.server === "biorxiv")
      yield* saveRxivCache(store, cache, bio)
      assert.strictEqual(statSync(join(folder, rxivShardFile("medrxiv-2026.01"))).mtimeMs, untouched)
      writeFileSync(join(folder, rxivShardFile("biorxiv-2026.04")), '{"format":1,"papers":[{"fetchedOn":1}]}')
      const loaded = yield* loadRxivCache(store, changed)
      assert.strictEqual(loaded.cache.size, 3)
      assert.match(loaded.corrupt ?? "", /biorxiv-2026\.04\.json/)
      assert.isTrue(existsSync(join(folder, `${rxivShardFile("biorxiv-2026.04")}.corrupt`)))
    }).pipe(Effect.provide(stateStoreLayer(folder)))
  })
})

describe("a second run", () => {
  it.effect("asks only for what the cache lacks: the new DOI and the one left pending", () => {
    const folder = tempStateDir()
    const api = makeRxivFakeApi({
      faults: Array.from({ length: 5 }, () => ({ kind: "status" as const, status: 500 }))
    })
    const night = (dois: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        const store = yield* StateStore
        const papers = dois.map((doi) => ({ server: "biorxiv" as const, doi, postedOn: null }))
        const { cache } = yield* loadRxivCache(store, papers)
        const plan = planRxivRequests(notInRxivCache(papers, cache), {
          pageSize: 30,
          versionsPerDay: () => 0
        })
        const report = yield* Effect.flatMap(RxivClient, (client) =>
          fetchRxivMetadata(client, plan, { budget: "1 hour" })
        ).pipe(Effect.provide(memoryRxivClientLayer(api)))
        yield* saveRxivCache(
          store,
          cache,
          rememberRxiv(cache, report.found, { today: TODAY, listedThrough: report.listedThrough })
        )
        return report
      })
    const failing = "10.1101/2026.08.19.000001"
    const first = [failing, "10.1101/2026.08.19.000002", "10.1101/2026.08.19.000003"]
    return Effect.gen(function* () {
      const one = yield* onTestClock(night(first))
      assert.deepStrictEqual(
        one.pending.map((p) => p.doi),
        [failing]
      )
      const asked = api.log.length
      const two = yield* onTestClock(night([...first, "10.1101/2026.08.20.000004"]))
      assert.deepStrictEqual(
        api.log.slice(asked).map((entry) => entry.doi),
        [failing, "10.1101/2026.08.20.000004"]
      )
      assert.deepStrictEqual([two.found.length, two.pending.length], [2, 0])
    }).pipe(Effect.provide(stateStoreLayer(folder)), Logger.withMinimumLogLevel(LogLevel.None))
  })
})
