/**
 * The ask schedule end to end: the Enricher against the fake arXiv serving the real recorded entries, night
 * after night (run dates from a shifted clock). 2104.12255 is recorded at v1 while the digest links v2, as
 * 2506.24119 was in the real archive; 0808.05394 is an id arXiv's recorded answer left out.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Logger, LogLevel, Schema } from "effect"
import { addDays, IsoDate } from "../../src/domain/IsoDate.ts"
import type { Paper } from "../../src/domain/Paper.ts"
import { EnrichSettings } from "../../src/domain/Pipeline.ts"
import { toFeedItem } from "../../src/emit/FeedItem.ts"
import { renderPaperItem } from "../../src/emit/site/renderPaperItem.ts"
import { Enricher } from "../../src/enrich/Enricher.ts"
import { METADATA_CACHE_DIR, MetadataCacheFile } from "../../src/enrich/MetadataCache.ts"
import { GitHub } from "../../src/github/GitHub.ts"
import { FAST_CLIENT, fakeArxivScoped } from "../fakes/ArxivFakeLayer.ts"
import type { FakeArxiv } from "../fakes/FakeArxiv.ts"
import { paper, stateStoreLayer, tempStateDir, withDay } from "./enrichFixtures.ts"

const enrichOn = (fake: FakeArxiv, folder: string, papers: ReadonlyArray<Paper>, instant: string) =>
  Effect.flatMap(Enricher, (enricher) => enricher.enrich(papers)).pipe(
    Effect.provide(
      Enricher.layer(
        // Refreshes of recent papers have their own daily rule; off here, so only the schedule asks.
        { settings: EnrichSettings.make({ refreshLimit: 0 }), offline: false },
        { arxiv: FAST_CLIENT }
      ).pipe(
        Layer.provide(GitHub.Default()),
        Layer.provide(stateStoreLayer(folder)),
        Layer.provide(NodeHttpClient.layerUndici),
        Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["ARXIV_API_URL", fake.url]]))))
      )
    ),
    withDay(instant),
    Logger.withMinimumLogLevel(LogLevel.Error)
  )

const STALE = "2104.12255"
const UNKNOWN = "0808.05394"
const CATCHES_UP = "2510.00001"
const CURRENT = "1111.2011"

const papers = [
  paper(STALE, { version: 2 }),
  paper(UNKNOWN, { version: 1, line: 9 }),
  paper(CATCHES_UP, { version: 2, line: 11 }),
  paper(CURRENT, { version: 2, line: 13 })
]

const day = (n: number) => addDays(IsoDate.make("2025-10-07"), n)

const askRecords = (folder: string) =>
  readdirSync(join(folder, METADATA_CACHE_DIR))
    .filter((name) => name.endsWith(".json"))
    .sort()
    .flatMap(
      (name) =>
        Schema.decodeUnknownSync(Schema.parseJson(MetadataCacheFile))(
          readFileSync(join(folder, METADATA_CACHE_DIR, name), "utf8")
        ).asked
    )
    .map((record) => [record.id, record.answer, record.lastAsked, record.tries])

describe("asking arXiv again", () => {
  it.scopedLive(
    "asks once a day at most, waits 1, 2, 4 ... days for ids it lacks, and stops once arXiv catches up",
    () =>
      Effect.gen(function* () {
        const fake = yield* fakeArxivScoped()
        const folder = tempStateDir()
        const askedOn: Array<[number, Array<string>]> = []
        for (let n = 0; n <= 7; n++) {
          // arXiv's answer for CATCHES_UP reaches v2 on the fourth night.
          if (n === 3) fake.setVersion(CATCHES_UP, 2)
          const before = fake.log.length
          const night = yield* enrichOn(fake, folder, papers, `${day(n)}T00:20:00Z`)
          const asked = [...new Set(fake.log.slice(before).flatMap((request) => request.ids))].sort()
          askedOn.push([n, asked])
          assert.deepStrictEqual(night.pending, [])
          // A rerun the same day asks nothing, whatever is due.
          const rerun = yield* enrichOn(fake, folder, papers, `${day(n)}T03:47:00Z`)
          assert.strictEqual(rerun.requests, 0, `rerun on night ${n}`)
          assert.deepStrictEqual(rerun.problems, night.problems, "the report says the same either way")
        }
        assert.deepStrictEqual(askedOn, [
          [0, [UNKNOWN, CURRENT, STALE, CATCHES_UP]],
          [1, [UNKNOWN, STALE, CATCHES_UP]],
          [2, []],
          [3, [UNKNOWN, STALE, CATCHES_UP]],
          [4, []],
          [5, []],
          [6, []],
          [7, [UNKNOWN, STALE]]
        ])
        // The schedule lives in the cache with the date last asked and the tries.
        assert.deepStrictEqual(askRecords(folder), [
          [UNKNOWN, "missing", day(7), 4],
          [STALE, "older", day(7), 4]
        ])

        const last = yield* enrichOn(fake, folder, papers, `${day(7)}T23:00:00Z`)
        assert.deepStrictEqual(
          last.problems.map((p) => [p.line, p.code, p.severity]),
          [
            [5, "arxiv-older-version", "info"],
            [9, "arxiv-not-found", "warning"]
          ]
        )
        assert.match(last.problems[0]?.message ?? "", /at v1 where a digest links v2.*next on 2025-10-22/)
        // Every output carries the newest version either source knows: the digest's v2 over arXiv's v1.
        const stale = last.papers[0]!
        assert.strictEqual(stale.metadata?.version, 1)
        const item = toFeedItem(stale, { siteUrl: "https://example.org/", language: "zh-CN" })
        assert.deepStrictEqual(
          [item.version, item.pdfUrl, item.updated],
          [2, `https://arxiv.org/pdf/${STALE}v2`, null]
        )
        assert.include(renderPaperItem(stale), `href="https://arxiv.org/pdf/${STALE}v2"`)
        const caughtUp = toFeedItem(last.papers[2]!, { siteUrl: "https://example.org/", language: "zh-CN" })
        assert.deepStrictEqual(
          [caughtUp.version, caughtUp.pdfUrl],
          [2, `https://arxiv.org/pdf/${CATCHES_UP}v2`]
        )
        assert.isNotNull(caughtUp.updated)
      })
  )
})
