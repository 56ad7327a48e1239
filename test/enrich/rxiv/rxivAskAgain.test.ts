/**
 * When the Enricher asks the bioRxiv/medRxiv API about a DOI it has metadata for: a record naming the other
 * server than the digest is cached where the next run finds it (loopback fake, two runs), and a digest date
 * later than the cached version asks again once, without re-asking forever when the API dates the listed
 * version a day earlier (in-memory fake on the TestClock).
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { rxivMetadataOf } from "../../../src/domain/EnrichedPaper.ts"
import type { EnrichResult } from "../../../src/enrich/Enricher.ts"
import { RxivCacheFile, rxivShardFile } from "../../../src/enrich/rxiv/RxivCache.ts"
import { makeRxivFakeApi } from "../../fakes/RxivFakeApi.ts"
import { fakeRxivScoped } from "../../fakes/RxivFakeLayer.ts"
import { buildPostedRxivPaper, buildRxivPaper } from "../../support/paperFixtures.ts"
import { tempStateDir } from "../enrichFixtures.ts"
import { asked, runOn, runOnLoopback } from "./rxivEnricherRuns.ts"

/** A bioRxiv record in the fixtures: v1 posted 2026-05-01, v2 2026-06-10. */
const BIORXIV_DOI = "10.64898/2026.04.29.721673"
/** A medRxiv record in the fixtures (v3, 2025-06-17). */
const MEDRXIV_DOI = "10.1101/2025.06.17.25329001"

const only = (result: EnrichResult) => result.papers[0] ?? assert.fail("no paper")
const codes = (result: EnrichResult) => result.problems.map((problem) => problem.code).sort()

describe("Enricher, bioRxiv/medRxiv: asking again", () => {
  it.scopedLive("a record naming the other server is remembered: the second run asks nothing", () =>
    Effect.gen(function* () {
      const fake = yield* fakeRxivScoped()
      const folder = tempStateDir()
      const papers = [
        buildPostedRxivPaper(BIORXIV_DOI, { server: "medrxiv", firstSeen: "2026-06-10", line: 5 }),
        buildPostedRxivPaper(MEDRXIV_DOI, { server: "biorxiv", firstSeen: "2025-06-17", line: 6 })
      ]
      const first = yield* runOnLoopback(fake, folder, papers)
      assert.deepStrictEqual(fake.log.map((entry) => `${entry.server} ${entry.doi}`).sort(), [
        `biorxiv ${MEDRXIV_DOI}`,
        `medrxiv ${BIORXIV_DOI}`
      ])
      const second = yield* runOnLoopback(fake, folder, papers)
      assert.strictEqual(fake.log.length, 2, "the second run asked again")
      for (const result of [first, second]) {
        // The record is the truth about the server; the paper keeps its DOI, and is shown where it lives.
        assert.deepStrictEqual(
          result.papers.map(({ paper, metadata }) => [
            String(paper.id),
            String(paper.server),
            rxivMetadataOf({ metadata })?.server
          ]),
          [
            [BIORXIV_DOI, "biorxiv", "biorxiv"],
            [MEDRXIV_DOI, "medrxiv", "medrxiv"]
          ]
        )
        assert.deepStrictEqual(result.pending, [])
        assert.deepStrictEqual(codes(result), ["rxiv-other-server", "rxiv-other-server"])
      }
      assert.deepStrictEqual([first.fetched, first.fromCache, second.fetched, second.fromCache], [2, 0, 0, 2])
      // Kept in the shard of the digest's server, the one a run reads for that paper.
      const shard = readFileSync(join(folder, rxivShardFile("medrxiv-2026.04")), "utf8")
      const file = Schema.decodeUnknownSync(Schema.parseJson(RxivCacheFile))(shard)
      assert.deepStrictEqual(
        file.papers.map((entry) => [entry.metadata.doi, entry.metadata.server]),
        [[BIORXIV_DOI, "biorxiv"]]
      )
    })
  )

  it.effect("a version the API dates before its listing day is asked about once more, then never again", () =>
    Effect.gen(function* () {
      const folder = tempStateDir()
      const api = makeRxivFakeApi({ asOfClock: true })
      // Listed on 2026-06-12 (layout C); the API's newest version is dated 2026-06-10.
      const papers = [buildPostedRxivPaper(BIORXIV_DOI, { firstSeen: "2026-06-12" })]
      const settings = { refreshLimit: 0 }
      const perDay: Array<ReadonlyArray<string | null>> = []
      const results: Array<EnrichResult> = []
      for (const day of [
        "2026-06-12",
        "2026-06-13",
        "2026-06-14",
        "2026-06-16",
        "2026-06-20",
        "2026-07-30"
      ]) {
        const before = api.log.length
        results.push(yield* runOn(api, folder, papers, { day: `${day}T23:50:00Z`, settings }))
        perDay.push(asked(api.log, before).filter((what) => what === BIORXIV_DOI))
      }
      // The listing day's answer cannot tell; the next day's holds every version posted by the listing day.
      assert.deepStrictEqual(perDay, [[BIORXIV_DOI], [BIORXIV_DOI], [], [], [], []])
      assert.deepStrictEqual(codes(results[0]!), ["rxiv-older-version"])
      for (const result of results.slice(1)) {
        assert.deepStrictEqual(codes(result), [])
        assert.strictEqual(rxivMetadataOf(only(result))?.version, 2)
      }
    })
  )

  it.effect("a revision a later digest lists is asked for, in layouts without a posting date too", () =>
    Effect.gen(function* () {
      const folder = tempStateDir()
      const api = makeRxivFakeApi({ asOfClock: true })
      const settings = { refreshLimit: 0 }
      // Layout B (no posting date column): listed on v1's day, then again on v2's.
      const firstListing = [buildRxivPaper(BIORXIV_DOI, { firstSeen: "2026-05-01", layout: "B" })]
      const bothListings = [
        buildRxivPaper(BIORXIV_DOI, {
          firstSeen: "2026-05-01",
          dates: ["2026-05-01", "2026-06-10"],
          layout: "B"
        })
      ]
      const v1 = yield* runOn(api, folder, firstListing, { day: "2026-05-02T06:00:00Z", settings })
      assert.strictEqual(rxivMetadataOf(only(v1))?.version, 1)
      const quiet = yield* runOn(api, folder, firstListing, { day: "2026-06-11T06:00:00Z", settings })
      assert.strictEqual(rxivMetadataOf(only(quiet))?.version, 1)
      assert.deepStrictEqual(asked(api.log), [BIORXIV_DOI])
      const v2 = yield* runOn(api, folder, bothListings, { day: "2026-06-11T07:00:00Z", settings })
      assert.deepStrictEqual(asked(api.log, 1), [BIORXIV_DOI])
      assert.strictEqual(rxivMetadataOf(only(v2))?.version, 2)
      assert.strictEqual(rxivMetadataOf(only(v2))?.date, "2026-06-10")
      const after = yield* runOn(api, folder, bothListings, { day: "2026-06-12T06:00:00Z", settings })
      assert.deepStrictEqual(asked(api.log, 2), [])
      assert.deepStrictEqual(codes(after), [])
    })
  )

  it.effect(
    "a backfill takes a revised DOI's version from its newest listing's interval, not an earlier one's",
    () =>
      Effect.gen(function* () {
        // One run plans both days' intervals (eight DOIs each: cheaper than eight calls). The revised DOI is wanted
        // on 2026-06-10, its newest listing, whose 207 versions take 7 pages, it last; 2026-05-01's interval, paged
        // for the others, lists its version 1, which must not count as found: the run would stop paging.
        const folder = tempStateDir()
        const early = Array.from({ length: 7 }, (_, i) => `10.1101/2026.05.01.80000${i}`)
        const late = Array.from({ length: 7 }, (_, i) => `10.1101/2026.06.10.80000${i}`)
        const revised = "10.1101/2026.07.01.800009"
        const api = makeRxivFakeApi({
          posted: { "biorxiv 2026-05-01": [revised, ...early], "biorxiv 2026-06-10": [...late, revised] },
          postings: (_server, date) => (date === "2026-06-10" ? 200 : 0)
        })
        const papers = [
          buildRxivPaper(revised, {
            firstSeen: "2026-05-01",
            dates: ["2026-05-01", "2026-06-10"],
            layout: "B"
          }),
          ...early.map((doi) => buildRxivPaper(doi, { firstSeen: "2026-05-01", layout: "B" })),
          ...late.map((doi) => buildRxivPaper(doi, { firstSeen: "2026-06-10", layout: "B" }))
        ]
        const result = yield* runOn(api, folder, papers, {
          day: "2026-07-30T06:00:00Z",
          settings: { refreshLimit: 0 }
        })
        const metadata = rxivMetadataOf(result.papers.find(({ paper }) => paper.id === revised)!)
        assert.deepStrictEqual([metadata?.version, metadata?.date], [2, "2026-06-10"])
        assert.deepStrictEqual(codes(result), [])
      })
  )

  it.effect(
    "a backfill by slices asks for a revision a later slice lists, though its first answer came after it",
    () =>
      Effect.gen(function* () {
        // The first slice finds v1 in 2026-05-01's interval (eight DOIs posted that day: the interval is cheaper
        // than eight calls); the run's date is weeks after v2's posting day. That interval's listing holds what was
        // posted that day, not v2: the next slice, whose digest lists the DOI again on 2026-06-10, must ask.
        const folder = tempStateDir()
        const others = Array.from({ length: 7 }, (_, i) => `10.1101/2026.05.01.90000${i}`)
        const api = makeRxivFakeApi({ posted: { "biorxiv 2026-05-01": others } })
        const settings = { refreshLimit: 0 }
        const day = "2026-07-30T06:00:00Z"
        const firstSlice = [BIORXIV_DOI, ...others].map((doi, line) =>
          buildPostedRxivPaper(doi, { firstSeen: "2026-05-01", line: line + 5 })
        )
        const v1 = yield* runOn(api, folder, firstSlice, { day, settings })
        assert.deepStrictEqual(asked(api.log), ["2026-05-01..2026-05-01"])
        assert.strictEqual(rxivMetadataOf(only(v1))?.version, 1)
        // The same papers again that day, refreshes allowed: the answers are today's, nothing is asked.
        yield* runOn(api, folder, firstSlice, { day, settings: {} })
        assert.deepStrictEqual(asked(api.log, 1), [])
        const secondSlice = [
          buildPostedRxivPaper(BIORXIV_DOI, {
            firstSeen: "2026-05-01",
            dates: ["2026-05-01", "2026-06-10"],
            published: "2026-06-10"
          })
        ]
        const v2 = yield* runOn(api, folder, secondSlice, { day, settings })
        assert.deepStrictEqual(asked(api.log, 1), [BIORXIV_DOI])
        assert.strictEqual(rxivMetadataOf(only(v2))?.version, 2)
        // The per-DOI answer of the run's date holds every version posted by then: asked no more.
        yield* runOn(api, folder, secondSlice, { day: "2026-07-31T06:00:00Z", settings })
        assert.deepStrictEqual(asked(api.log, 2), [])
      })
  )
})
