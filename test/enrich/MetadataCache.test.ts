/** The metadata cache file (stable bytes, corrupt-file rebuild) and the fetch selection policy. */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Either, Schema } from "effect"
import { ArxivId } from "../../src/domain/ArxivId.ts"
import { ArxivMetadata } from "../../src/domain/ArxivMetadata.ts"
import { addDays, IsoDate } from "../../src/domain/IsoDate.ts"
import { decodeArxivFeed } from "../../src/enrich/decodeArxivFeed.ts"
import {
  CachedMetadata,
  LEGACY_METADATA_CACHE_FILE,
  loadMetadataCache,
  METADATA_CACHE_DIR,
  type MetadataCache,
  MetadataCacheFile,
  saveMetadataCache,
  selectForFetch,
  shardFile,
  shardOf
} from "../../src/enrich/MetadataCache.ts"
import { StateStore } from "../../src/state/StateStore.ts"
import { apiAtomFiles, readApiAtom } from "./arxivFixtures.ts"
import { paper, stateStoreLayer, tempStateDir } from "./enrichFixtures.ts"

const recorded = apiAtomFiles().flatMap((file) => {
  const feed = decodeArxivFeed(readApiAtom(file))
  return Either.isRight(feed) ? feed.right.entries : []
})
const metadataOf = (id: string) => {
  const found = recorded.find((entry) => entry.id === id)
  if (found === undefined) throw new Error(`no recorded entry for ${id}`)
  return found
}

const entry = (id: string, fetchedOn: string, version?: number) => {
  const metadata = metadataOf(id)
  return CachedMetadata.make({
    fetchedOn: IsoDate.make(fetchedOn),
    metadata: version === undefined ? metadata : ArxivMetadata.make({ ...metadata, version })
  })
}
const cacheOf = (...entries: ReadonlyArray<CachedMetadata>): MetadataCache =>
  new Map(entries.map((e) => [e.metadata.id, e] as const))

const ids = (cache: MetadataCache) => [...cache.keys()]

describe("MetadataCache shards", () => {
  it("puts an id in its month and first digit, or its archive and month", () => {
    assert.deepStrictEqual(
      ["2510.12345", "2510.02345", "0704.0001", "hep-th/9901001", "math.GT/0309136"].map(shardOf),
      ["2510.1", "2510.0", "0704.0", "hep-th-9901", "math.GT-0309"]
    )
  })

  it.effect("round-trips shard by shard, sorted by id, and rewrites identical bytes", () => {
    const folder = tempStateDir()
    return Effect.gen(function* () {
      const cache = cacheOf(
        entry("math/9501234", "2025-10-01"),
        entry("2104.12255", "2025-10-02"),
        entry("astro-ph/0601001", "2025-10-03")
      )
      const store = yield* StateStore
      yield* saveMetadataCache(store, cache, cache.keys())
      assert.deepStrictEqual(readdirSync(join(folder, METADATA_CACHE_DIR)).sort(), [
        "2104.1.json",
        "astro-ph-0601.json",
        "math-9501.json"
      ])
      const file = join(folder, shardFile("2104.1"))
      const first = readFileSync(file, "utf8")
      const parsed = JSON.parse(first) as { format: number; papers: Array<{ metadata: { id: string } }> }
      assert.strictEqual(parsed.format, 1)
      assert.deepStrictEqual(
        parsed.papers.map((p) => p.metadata.id),
        ["2104.12255"]
      )
      const loaded = yield* loadMetadataCache(store, ids(cache))
      assert.strictEqual(loaded.corrupt, null)
      assert.deepStrictEqual([...loaded.cache.keys()].sort(), [...cache.keys()].sort())
      assert.strictEqual(loaded.cache.get(ArxivId.make("2104.12255"))?.metadata.title, "0")
      yield* saveMetadataCache(store, new Map([...loaded.cache].reverse()), loaded.cache.keys())
      assert.strictEqual(readFileSync(file, "utf8"), first)
    }).pipe(Effect.provide(stateStoreLayer(folder)))
  })

  it.effect("reads only the shards of the ids asked for, and writes only the shards that changed", () => {
    const folder = tempStateDir()
    return Effect.gen(function* () {
      const store = yield* StateStore
      const cache = cacheOf(entry("math/9501234", "2025-10-01"), entry("2104.12255", "2025-10-02"))
      yield* saveMetadataCache(store, cache, cache.keys())
      const untouched = statSync(join(folder, shardFile("math-9501"))).mtimeMs
      const loaded = yield* loadMetadataCache(store, [ArxivId.make("2104.19999")])
      assert.deepStrictEqual(ids(loaded.cache), ["2104.12255"])
      loaded.cache.set(ArxivId.make("2104.12255"), entry("2104.12255", "2025-10-20"))
      yield* saveMetadataCache(store, loaded.cache, [ArxivId.make("2104.12255")])
      assert.strictEqual(statSync(join(folder, shardFile("math-9501"))).mtimeMs, untouched)
      const reloaded = yield* loadMetadataCache(store, ids(cache))
      assert.strictEqual(reloaded.cache.get(ArxivId.make("2104.12255"))?.fetchedOn, "2025-10-20")
      assert.strictEqual(reloaded.cache.get(ArxivId.make("math/9501234"))?.fetchedOn, "2025-10-01")
    }).pipe(Effect.provide(stateStoreLayer(folder)))
  })

  it.effect("splits an earlier version's single file into shards and removes it", () => {
    const folder = tempStateDir()
    const legacy = [entry("2104.12255", "2025-10-02"), entry("math/9501234", "2025-10-01")]
    writeFileSync(
      join(folder, LEGACY_METADATA_CACHE_FILE),
      JSON.stringify(Schema.encodeSync(MetadataCacheFile)({ format: 1, papers: legacy, asked: [] }))
    )
    return Effect.gen(function* () {
      const loaded = yield* loadMetadataCache(yield* StateStore, [ArxivId.make("math/9501234")])
      assert.deepStrictEqual(ids(loaded.cache), ["math/9501234"])
      assert.isFalse(existsSync(join(folder, LEGACY_METADATA_CACHE_FILE)))
      assert.isTrue(existsSync(join(folder, shardFile("2104.1"))))
    }).pipe(Effect.provide(stateStoreLayer(folder)))
  })

  it.effect("moves a corrupt shard aside, says why, and reads the others", () => {
    const folder = tempStateDir()
    return Effect.gen(function* () {
      const store = yield* StateStore
      const cache = cacheOf(entry("math/9501234", "2025-10-01"), entry("2104.12255", "2025-10-02"))
      yield* saveMetadataCache(store, cache, cache.keys())
      writeFileSync(join(folder, shardFile("2104.1")), '{"format":1,"papers":[{"fetchedOn":"yesterday"}]}')
      const loaded = yield* loadMetadataCache(store, ids(cache))
      assert.deepStrictEqual(ids(loaded.cache), ["math/9501234"])
      assert.match(loaded.corrupt ?? "", /2104\.1\.json[\s\S]*fetchedOn/)
      assert.isFalse(existsSync(join(folder, shardFile("2104.1"))))
      assert.isTrue(existsSync(join(folder, `${shardFile("2104.1")}.corrupt`)))
    }).pipe(Effect.provide(stateStoreLayer(folder)))
  })

  it.effect("an absent shard is an empty cache", () =>
    Effect.gen(function* () {
      const loaded = yield* loadMetadataCache(yield* StateStore, [ArxivId.make("2510.00001")])
      assert.deepStrictEqual([loaded.cache.size, loaded.corrupt], [0, null])
    }).pipe(Effect.provide(stateStoreLayer(tempStateDir())))
  )
})

const idsOf = (selection: { readonly ids: ReadonlyArray<string> }): Array<string> => [...selection.ids]

const policy = { today: IsoDate.make("2025-10-20"), refreshDays: 14, refreshLimit: 100 }

describe("selectForFetch", () => {
  it("asks for ids never seen and ids whose digest version is newer, in paper order", () => {
    const cache = cacheOf(entry("1111.2011", "2025-10-19"), entry("2104.12255", "2025-10-20"))
    const selection = selectForFetch(
      [
        paper("2510.00002"),
        paper("1111.2011", { version: 3 }),
        paper("2104.12255", { version: 1 }),
        paper("2510.00001")
      ],
      cache,
      policy
    )
    assert.deepStrictEqual(idsOf(selection), ["2510.00002", "1111.2011", "2510.00001"])
    assert.deepStrictEqual(
      [...selection.reasons],
      [
        ["2510.00002", "new"],
        ["1111.2011", "newer-version"],
        ["2510.00001", "new"]
      ]
    )
  })

  it("asks for nothing when every paper is cached at its version and fresh", () => {
    const cache = cacheOf(entry("2104.12255", "2025-10-20"), entry("1111.2011", "2025-10-20"))
    const selection = selectForFetch(
      [paper("2104.12255", { version: null }), paper("1111.2011", { version: 2 })],
      cache,
      policy
    )
    assert.deepStrictEqual(idsOf(selection), [])
  })

  it("refreshes at most refreshLimit recent papers fetched before today: stalest first, then newest", () => {
    const cache = cacheOf(
      entry("2104.12255", "2025-10-19"),
      entry("1111.2011", "2025-10-10"),
      entry("1710.08557", "2025-10-10"),
      entry("1707.08567", "2025-10-20"),
      entry("math/9501234", "2025-09-01")
    )
    const papers = [
      paper("2104.12255", { firstSeen: "2025-10-19" }),
      paper("1111.2011", { firstSeen: "2025-10-08" }),
      paper("1710.08557", { firstSeen: "2025-10-09" }),
      paper("1707.08567", { firstSeen: "2025-10-19" }),
      paper("math/9501234", { firstSeen: "2025-09-01", dates: ["2025-09-01", "2025-09-03"] }),
      paper("2510.00001", { firstSeen: "2025-10-20" })
    ]
    const all = selectForFetch(papers, cache, policy)
    // newest digest date 2025-10-20, window from 2025-10-06; 1707.08567 was fetched today; math/9501234 is old
    assert.deepStrictEqual(idsOf(all), ["2510.00001", "1710.08557", "1111.2011", "2104.12255"])
    const limited = selectForFetch(papers, cache, { ...policy, refreshLimit: 2 })
    assert.deepStrictEqual(idsOf(limited), ["2510.00001", "1710.08557", "1111.2011"])
    const none = selectForFetch(papers, cache, { ...policy, refreshLimit: 0 })
    assert.deepStrictEqual(idsOf(none), ["2510.00001"])
    const narrow = selectForFetch(papers, cache, { ...policy, refreshDays: 1 })
    assert.deepStrictEqual(idsOf(narrow), ["2510.00001", "2104.12255"])
  })

  it("measures the refresh window from policy.newest when given (a slice), else from the papers' newest date", () => {
    const cache = cacheOf(
      entry("1111.2011", "2025-10-10"),
      entry("1710.08557", "2025-10-10"),
      entry("2104.12255", "2025-10-10")
    )
    // a slice's papers: its newest digest date is 2025-10-09, the run's (newest) 2025-10-11
    const papers = [
      paper("1111.2011", { firstSeen: "2025-10-07" }),
      paper("1710.08557", { firstSeen: "2025-10-08" }),
      paper("2104.12255", { firstSeen: "2025-10-09" })
    ]
    const narrow = { ...policy, refreshDays: 2 }
    assert.deepStrictEqual(idsOf(selectForFetch(papers, cache, narrow)), [
      "2104.12255",
      "1710.08557",
      "1111.2011"
    ])
    const run = selectForFetch(papers, cache, { ...narrow, newest: IsoDate.make("2025-10-11") })
    assert.deepStrictEqual(idsOf(run), ["2104.12255"])
    assert.deepStrictEqual([...run.reasons], [["2104.12255", "refresh"]])
    // a slice long before the run's newest date refreshes nothing; new ids are asked all the same
    const early = selectForFetch([...papers, paper("2510.00001", { firstSeen: "2025-10-09" })], cache, {
      ...narrow,
      newest: IsoDate.make("2025-10-20")
    })
    assert.deepStrictEqual(idsOf(early), ["2510.00001"])
  })

  it("is deterministic: the same inputs in another order select the same ids", () => {
    const cache = cacheOf(entry("2104.12255", "2025-10-19"), entry("1111.2011", "2025-10-19"))
    const papers = [paper("2104.12255"), paper("1111.2011"), paper("2510.00001")]
    const a = selectForFetch(papers, cache, { ...policy, refreshLimit: 1 })
    const b = selectForFetch([...papers].reverse(), cache, { ...policy, refreshLimit: 1 })
    assert.deepStrictEqual(idsOf(a), ["2510.00001", "1111.2011"])
    assert.deepStrictEqual(idsOf(b), idsOf(a))
  })

  it("addDays crosses month and year ends", () => {
    assert.strictEqual(addDays(IsoDate.make("2025-03-01"), -1), "2025-02-28")
    assert.strictEqual(addDays(IsoDate.make("2025-12-31"), 1), "2026-01-01")
  })
})
