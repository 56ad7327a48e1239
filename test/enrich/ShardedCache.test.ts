/**
 * The shard files both caches write through ShardedCache, byte for byte as each cache wrote them before they
 * shared the module: `{"format":1,"papers":[` one entry per line `],"asked":[` one record per line `]}`, the
 * `asked` part absent when empty, entries sorted by id or DOI.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { ArxivId } from "../../src/domain/ArxivId.ts"
import { Doi } from "../../src/domain/Doi.ts"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import { RxivMetadata, RxivPerson } from "../../src/domain/RxivMetadata.ts"
import { AskRecord } from "../../src/enrich/AskSchedule.ts"
import { CachedMetadata, saveMetadataCache, shardFile } from "../../src/enrich/MetadataCache.ts"
import {
  CachedRxivMetadata,
  cacheKey,
  loadRxivCache,
  rxivShardFile,
  saveRxivCache
} from "../../src/enrich/rxiv/RxivCache.ts"
import { StateStore } from "../../src/state/StateStore.ts"
import { buildMetadata } from "../support/paperFixtures.ts"
import { stateStoreLayer, tempStateDir } from "./enrichFixtures.ts"

const DAY = IsoDate.make("2026-08-21")
const line = <A, I>(schema: Schema.Schema<A, I>, value: A) => JSON.stringify(Schema.encodeSync(schema)(value))

const arxivEntry = (id: string) => CachedMetadata.make({ fetchedOn: DAY, metadata: buildMetadata(id) })
const rxivEntry = (doi: string) =>
  CachedRxivMetadata.make({
    fetchedOn: DAY,
    metadata: RxivMetadata.make({
      doi: Doi.make(doi),
      server: "biorxiv",
      title: "T",
      abstract: "A",
      authors: [RxivPerson.make({ family: "Doe", given: "J." })],
      category: "neuroscience",
      version: 1,
      date: IsoDate.make("2026-08-20"),
      license: "cc_by",
      type: "new results",
      withdrawn: false,
      publishedDoi: null,
      jatsxml: null
    })
  })
const record = (id: string) =>
  AskRecord.make({ id: id as ArxivId, answer: "missing", lastAsked: DAY, tries: 2, version: null })

describe("ShardedCache bytes", () => {
  it.effect("the arXiv cache writes its shards as before, with and without ask records", () => {
    const folder = tempStateDir()
    return Effect.gen(function* () {
      const store = yield* StateStore
      const b = arxivEntry("2510.00002")
      const a = arxivEntry("2510.00001")
      const asked = record("2510.00009")
      yield* saveMetadataCache(
        store,
        new Map([
          [b.metadata.id, b],
          [a.metadata.id, a]
        ]),
        [a.metadata.id],
        new Map([[ArxivId.make("2510.00009"), asked]])
      )
      assert.strictEqual(
        readFileSync(join(folder, shardFile("2510.0")), "utf8"),
        `{"format":1,"papers":[\n${line(CachedMetadata, a)},\n${line(CachedMetadata, b)}\n],"asked":[\n${line(AskRecord, asked)}\n]}\n`
      )
      yield* saveMetadataCache(store, new Map([[a.metadata.id, a]]), [a.metadata.id])
      assert.strictEqual(
        readFileSync(join(folder, shardFile("2510.0")), "utf8"),
        `{"format":1,"papers":[\n${line(CachedMetadata, a)}\n]}\n`
      )
    }).pipe(Effect.provide(stateStoreLayer(folder)))
  })

  it.effect("the bioRxiv/medRxiv cache writes its shards as before, and reads back its ask records", () => {
    const folder = tempStateDir()
    return Effect.gen(function* () {
      const store = yield* StateStore
      const b = rxivEntry("10.1101/2026.08.20.000002")
      const a = rxivEntry("10.1101/2026.08.20.000001")
      const cache = new Map([
        [cacheKey("biorxiv", b.metadata.doi), b],
        [cacheKey("biorxiv", a.metadata.doi), a]
      ])
      yield* saveRxivCache(store, cache, [{ server: "biorxiv", doi: a.metadata.doi }])
      const file = join(folder, rxivShardFile("biorxiv-2026.08"))
      assert.strictEqual(
        readFileSync(file, "utf8"),
        `{"format":1,"papers":[\n${line(CachedRxivMetadata, a)},\n${line(CachedRxivMetadata, b)}\n]}\n`
      )
      const asked = record("10.1101/2026.08.20.000009")
      const log = new Map([[cacheKey("biorxiv", "10.1101/2026.08.20.000009"), asked]])
      yield* saveRxivCache(store, cache, [{ server: "biorxiv", doi: a.metadata.doi }], log)
      assert.strictEqual(
        readFileSync(file, "utf8"),
        `{"format":1,"papers":[\n${line(CachedRxivMetadata, a)},\n${line(CachedRxivMetadata, b)}\n],"asked":[\n${line(AskRecord, asked)}\n]}\n`
      )
      const loaded = yield* loadRxivCache(store, [{ server: "biorxiv", doi: "10.1101/2026.08.20.000009" }])
      assert.deepStrictEqual([...loaded.asked.keys()], ["biorxiv 10.1101/2026.08.20.000009"])
      assert.strictEqual(loaded.cache.size, 2)
    }).pipe(Effect.provide(stateStoreLayer(folder)))
  })
})
