/** The Enricher end to end against the loopback fake: cache reuse, offline, faults, pending, code links. */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Logger, LogLevel, Schema, TestClock } from "effect"
import { arxivMetadataOf } from "../../src/domain/EnrichedPaper.ts"
import type { Paper } from "../../src/domain/Paper.ts"
import { EnrichSettings } from "../../src/domain/Pipeline.ts"
import type { ArxivClientOptions } from "../../src/enrich/ArxivClient.ts"
import { Enricher, type EnrichOptions } from "../../src/enrich/Enricher.ts"
import { METADATA_CACHE_DIR, MetadataCacheFile, shardFile } from "../../src/enrich/MetadataCache.ts"
import { GitHub } from "../../src/github/GitHub.ts"
import { FAST_CLIENT, fakeArxivScoped } from "../fakes/ArxivFakeLayer.ts"
import { makeArxivResponder } from "../fakes/arxivResponder.ts"
import type { ArxivFault, FakeArxiv } from "../fakes/FakeArxiv.ts"
import { inMemoryArxivClient } from "../fakes/InMemoryArxiv.ts"
import { runOnTestClock } from "../support/runOnTestClock.ts"
import { paper, stateStoreLayer, syntheticPapers, tempStateDir, withDay } from "./enrichFixtures.ts"

interface Run {
  readonly offline?: boolean
  readonly settings?: ConstructorParameters<typeof EnrichSettings>[0]
  readonly budget?: EnrichOptions["budget"]
  readonly day?: string
  readonly client?: ArxivClientOptions
}

const enrichWith = (fake: FakeArxiv, folder: string, papers: ReadonlyArray<Paper>, run: Run = {}) => {
  const options: EnrichOptions = {
    settings: EnrichSettings.make(run.settings ?? {}),
    offline: run.offline ?? false,
    ...(run.budget === undefined ? {} : { budget: run.budget })
  }
  const layer = Enricher.layer(options, {
    arxiv: run.client ?? { ...FAST_CLIENT, requestTimeout: "400 millis" }
  }).pipe(
    Layer.provide(GitHub.Default()),
    Layer.provide(stateStoreLayer(folder)),
    Layer.provide(NodeHttpClient.layerUndici),
    Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["ARXIV_API_URL", fake.url]]))))
  )
  return Effect.flatMap(Enricher, (enricher) => enricher.enrich(papers)).pipe(
    Effect.provide(layer),
    withDay(run.day ?? "2025-10-07T06:00:00Z"),
    Logger.withMinimumLogLevel(LogLevel.Error)
  )
}

/** The one shard synthetic papers (2510.00001...) live in. */
const cacheFile = (folder: string) => join(folder, shardFile("2510.0"))
const cacheDir = (folder: string) => join(folder, METADATA_CACHE_DIR)
/** The cache as the next run will read it, every shard (throws when one does not decode). */
const readCache = (folder: string) => ({
  papers: readdirSync(cacheDir(folder))
    .filter((name) => name.endsWith(".json"))
    .sort()
    .flatMap(
      (name) =>
        Schema.decodeUnknownSync(Schema.parseJson(MetadataCacheFile))(
          readFileSync(join(cacheDir(folder), name), "utf8")
        ).papers
    )
})

describe("Enricher", () => {
  it.scopedLive(
    "fetches unknown papers in ceil(N/100) requests, then serves a second run from the cache",
    () =>
      Effect.gen(function* () {
        const fake = yield* fakeArxivScoped()
        const folder = tempStateDir()
        const papers = syntheticPapers(250)
        const first = yield* enrichWith(fake, folder, papers)
        assert.deepStrictEqual(
          [first.requests, first.fetched, first.fromCache, first.pending, first.problems],
          [3, 250, 0, [], []]
        )
        assert.isTrue(
          first.papers.every(
            (item, i) => item.paper === papers[i] && arxivMetadataOf(item)?.id === item.paper.id
          )
        )
        const cache = readCache(folder)
        assert.strictEqual(cache.papers.length, 250)
        assert.isTrue(cache.papers.every((entry) => entry.fetchedOn === "2025-10-07"))
        const bytes = readFileSync(cacheFile(folder), "utf8")
        const written = statSync(cacheFile(folder)).mtimeMs

        const second = yield* enrichWith(fake, folder, papers, { day: "2025-10-07T20:00:00Z" })
        assert.deepStrictEqual(
          [second.requests, second.fetched, second.fromCache, second.pending],
          [0, 0, 250, []]
        )
        assert.strictEqual(fake.log.length, 3)
        assert.strictEqual(readFileSync(cacheFile(folder), "utf8"), bytes)
        assert.strictEqual(
          statSync(cacheFile(folder)).mtimeMs,
          written,
          "an unchanged cache is not rewritten"
        )
      })
  )

  it.scopedLive("offline, or with arxiv switched off, uses the cache only and sends nothing", () =>
    Effect.gen(function* () {
      const fake = yield* fakeArxivScoped()
      const folder = tempStateDir()
      const papers = syntheticPapers(3)
      const empty = yield* enrichWith(fake, folder, papers, { offline: true })
      assert.deepStrictEqual([empty.requests, empty.fetched, empty.fromCache, empty.pending], [0, 0, 0, []])
      assert.isTrue(empty.papers.every((item) => item.metadata === null))
      assert.isFalse(existsSync(cacheFile(folder)))
      yield* enrichWith(fake, folder, papers.slice(0, 2))
      const cached = yield* enrichWith(fake, folder, papers, { settings: { arxiv: false } })
      assert.deepStrictEqual([cached.requests, cached.fromCache, cached.pending], [0, 2, []])
      assert.strictEqual(fake.log.length, 1)
    })
  )

  const faults: Array<[string, ReadonlyArray<ArxivFault>]> = [
    ["429 with Retry-After", [{ kind: "status", status: 429, retryAfter: "0" }]],
    ["503", [{ kind: "status", status: 503 }]],
    ["plain-body Rate exceeded.", [{ kind: "rate-exceeded" }]],
    ["a hang", [{ kind: "hang" }]],
    ["truncated XML", [{ kind: "truncated" }]],
    ["partial results", [{ kind: "partial" }]],
    ["a connection reset", [{ kind: "reset" }]]
  ]
  for (const [name, queue] of faults) {
    it.scopedLive(`completes under ${name}: everything fetched, nothing pending, cache readable`, () =>
      Effect.gen(function* () {
        const fake = yield* fakeArxivScoped({ faults: queue })
        const folder = tempStateDir()
        const result = yield* enrichWith(fake, folder, syntheticPapers(150))
        assert.deepStrictEqual([result.fetched, result.pending, result.problems], [150, [], []])
        assert.isAbove(result.requests, 2)
        assert.strictEqual(readCache(folder).papers.length, 150)
      })
    )
  }

  it.scopedLive("an HTTP 400 error feed: the named paper is reported, the rest enriched", () =>
    Effect.gen(function* () {
      const fake = yield* fakeArxivScoped({ faults: [{ kind: "error-400" }] })
      const folder = tempStateDir()
      const result = yield* enrichWith(fake, folder, syntheticPapers(5))
      assert.deepStrictEqual([result.fetched, result.pending], [4, []])
      assert.deepStrictEqual(
        result.problems.map((p) => [p.file, p.line, p.code, p.severity]),
        [["2025-10-06-arxiv.md", 5, "arxiv-rejected", "warning"]]
      )
      assert.strictEqual(result.papers[0]?.metadata, null)
      assert.strictEqual(readCache(folder).papers.length, 4)
    })
  )

  it.scopedLive(
    "a batch that keeps failing leaves its papers digest-only and pending; the next run gets them",
    () =>
      Effect.gen(function* () {
        const fake = yield* fakeArxivScoped({ afterQueue: { kind: "status", status: 503 } })
        const folder = tempStateDir()
        const papers = syntheticPapers(120)
        const failed = yield* enrichWith(fake, folder, papers)
        assert.deepStrictEqual([failed.fetched, failed.pending.length, failed.requests], [0, 120, 8])
        assert.deepStrictEqual(
          failed.problems.map((p) => [p.code, p.severity]),
          [
            ["arxiv-batch-failed", "warning"],
            ["arxiv-batch-failed", "warning"]
          ]
        )
        assert.match(
          failed.problems[0]?.message ?? "",
          /100 ids not fetched \(100 left digest-only, pending\): HTTP 503/
        )
        assert.isTrue(failed.papers.every((item) => item.metadata === null && item.codeLinks.length === 0))
        assert.isFalse(existsSync(cacheFile(folder)))

        fake.setFaults([])
        const retried = yield* enrichWith(fake, folder, papers)
        assert.deepStrictEqual([retried.fetched, retried.pending, retried.problems], [120, [], []])
      })
  )

  it.effect("the time budget leaves unasked batches pending and keeps what arrived (TestClock)", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.parse("2025-10-07T06:00:00Z"))
      const folder = tempStateDir()
      const papers = syntheticPapers(30)
      const responder = makeArxivResponder()
      const layer = Enricher.layer(
        { settings: EnrichSettings.make({ batchSize: 10 }), offline: false, budget: "5 seconds" },
        { arxiv: {} }
      ).pipe(
        Layer.provide(GitHub.Default()),
        Layer.provide(stateStoreLayer(folder)),
        Layer.provide(Layer.succeed(HttpClient.HttpClient, inMemoryArxivClient(responder)))
      )
      const result = yield* runOnTestClock(
        Effect.flatMap(Enricher, (enricher) => enricher.enrich(papers)).pipe(
          Effect.provide(layer),
          Logger.withMinimumLogLevel(LogLevel.Error)
        )
      )
      // Batches start at 0 and 3.1 s (arXiv's spacing); the third slot, 6.2 s, is past the 5 s budget.
      assert.deepStrictEqual(
        responder.log.map((entry) => entry.time - Date.parse("2025-10-07T06:00:00Z")),
        [0, 3100]
      )
      assert.strictEqual(result.fetched, 20)
      assert.deepStrictEqual(
        result.pending,
        papers.slice(20).map((paper) => paper.id)
      )
      assert.strictEqual(readCache(folder).papers.length, 20)
      assert.strictEqual(result.problems.length, 1)
      assert.match(
        result.problems[0]?.message ?? "",
        /^10 ids not fetched \(10 left digest-only, pending\): .*time budget/
      )
    })
  )

  it.effect("slices share the run's budget: a call has what the calls before it left (scope.spentMs)", () =>
    Effect.gen(function* () {
      const start = Date.parse("2025-10-07T06:00:00Z")
      yield* TestClock.setTime(start)
      const papers = syntheticPapers(40)
      const responder = makeArxivResponder()
      const layer = Enricher.layer(
        { settings: EnrichSettings.make({ batchSize: 10 }), offline: false, budget: "5 seconds" },
        { arxiv: {} }
      ).pipe(
        Layer.provide(GitHub.Default()),
        Layer.provide(stateStoreLayer(tempStateDir())),
        Layer.provide(Layer.succeed(HttpClient.HttpClient, inMemoryArxivClient(responder)))
      )
      const [first, second] = yield* runOnTestClock(
        Effect.gen(function* () {
          const enricher = yield* Enricher
          const first = yield* enricher.enrich(papers.slice(0, 30), undefined, {
            spentMs: { arxiv: 0, rxiv: 0 }
          })
          const second = yield* enricher.enrich(papers.slice(30), undefined, { spentMs: first.spentMs })
          return [first, second] as const
        }).pipe(Effect.provide(layer), Logger.withMinimumLogLevel(LogLevel.Error))
      )
      // The first call's batches start at 0 and 3.1 s; its third waits for the slot at 6.2 s, past the budget,
      // and is not sent. The second call has nothing left: a budget of its own would have sent its batch.
      assert.deepStrictEqual(
        responder.log.map((entry) => entry.time - start),
        [0, 3100]
      )
      assert.isAtLeast(first.spentMs.arxiv, 5000)
      assert.deepStrictEqual([first.requests, first.fetched, first.pending.length], [2, 20, 10])
      assert.deepStrictEqual([second.requests, second.fetched, second.spentMs.rxiv], [0, 0, 0])
      assert.deepStrictEqual(
        second.pending,
        papers.slice(30).map((paper) => paper.id)
      )
      assert.match(second.problems[0]?.message ?? "", /time budget/)
    })
  )

  it.scopedLive("reports a paper arXiv does not know at its digest row", () =>
    Effect.gen(function* () {
      const fake = yield* fakeArxivScoped()
      const result = yield* enrichWith(fake, tempStateDir(), [
        paper("0808.05394", { file: "2025-10-06-arxiv.md", line: 17 }),
        paper("1707.08567")
      ])
      assert.deepStrictEqual([result.fetched, result.pending], [1, []])
      assert.deepStrictEqual(
        result.problems.map((p) => [p.file, p.line, p.code, p.severity]),
        [["2025-10-06-arxiv.md", 17, "arxiv-not-found", "warning"]]
      )
    })
  )

  it.scopedLive("computes code links from the digest texts and arXiv's abstract and comment", () =>
    Effect.gen(function* () {
      const fake = yield* fakeArxivScoped()
      const input = paper("astro-ph/0601001", {
        abstract: "代码：https://github.com/o/r。",
        codeCell: "[code](https://github.com/O/R/tree/main)",
        linkTexts: ["另一译文：https://gitlab.com/g/p"]
      })
      const result = yield* enrichWith(fake, tempStateDir(), [input])
      assert.deepStrictEqual(
        result.papers[0]?.codeLinks.map((link) => [link.url, link.kind, link.foundIn]),
        [
          ["https://github.com/o/r", "github", ["abstract_zh", "code_cell"]],
          ["https://gitlab.com/g/p", "gitlab", ["abstract_zh"]],
          ["http://www.astronomy.ohio-state.edu/~gould/ogle_hot_jupiters.ps.gz", "other", ["comment"]]
        ]
      )
      // The texts the links came from are let go (the run holds every paper until it publishes); the rest stays.
      const kept = result.papers[0]!.paper
      assert.deepStrictEqual([kept.codeCell, kept.linkTexts], [null, []])
      assert.deepStrictEqual({ ...kept, codeCell: input.codeCell, linkTexts: input.linkTexts }, { ...input })
    })
  )

  it.scopedLive("asks again for a newer digest version on a later day, and refreshes recent papers", () =>
    Effect.gen(function* () {
      const fake = yield* fakeArxivScoped()
      const folder = tempStateDir()
      const papers = syntheticPapers(4, "2025-10-06")
      const first = yield* enrichWith(fake, folder, papers)
      assert.deepStrictEqual([fake.log.length, first.papers[0]?.metadata?.version], [1, 1])
      fake.setVersion("2510.00001", 2)
      const newer = [paper("2510.00001", { version: 2 }), ...papers.slice(1)]
      // Asked this run date already: the new link waits for the next one.
      const sameDay = yield* enrichWith(fake, folder, newer, { day: "2025-10-07T12:00:00Z" })
      assert.deepStrictEqual([sameDay.requests, fake.log.length], [0, 1])
      const again = yield* enrichWith(fake, folder, newer, {
        day: "2025-10-08T06:00:00Z",
        settings: { refreshLimit: 0 }
      })
      assert.deepStrictEqual(fake.log[1]?.ids, ["2510.00001"])
      assert.strictEqual(again.papers[0]?.metadata?.version, 2)
      const nextDay = yield* enrichWith(fake, folder, newer, {
        day: "2025-10-09T06:00:00Z",
        settings: { refreshLimit: 2 }
      })
      assert.deepStrictEqual(fake.log[2]?.ids, ["2510.00002", "2510.00003"])
      assert.deepStrictEqual([nextDay.fetched, nextDay.fromCache, nextDay.pending], [2, 2, []])
      const none = yield* enrichWith(fake, folder, newer, {
        day: "2025-10-09T06:00:00Z",
        settings: { refreshLimit: 0 }
      })
      assert.deepStrictEqual([none.requests, fake.log.length], [0, 3])
    })
  )

  it.scopedLive("rebuilds a corrupt cache, says so, and leaves a readable one", () =>
    Effect.gen(function* () {
      const fake = yield* fakeArxivScoped()
      const folder = tempStateDir()
      mkdirSync(cacheDir(folder))
      writeFileSync(cacheFile(folder), "{ not json")
      const result = yield* enrichWith(fake, folder, syntheticPapers(2))
      assert.deepStrictEqual(
        result.problems.map((p) => [p.file, p.code]),
        [[METADATA_CACHE_DIR, "arxiv-cache-corrupt"]]
      )
      assert.strictEqual(readCache(folder).papers.length, 2)
      assert.strictEqual(readFileSync(`${cacheFile(folder)}.corrupt`, "utf8"), "{ not json")
    })
  )
})
