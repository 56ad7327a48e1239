/**
 * The Enricher over bioRxiv/medRxiv papers, on the TestClock against the in-memory fake API (every wait is
 * virtual), and once over real HTTP against the loopback fake: faults degrade each paper alone, the cache and
 * the ask schedule make the next run ask only for what is new, pending or due, a budget cut leaves the rest
 * pending.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { rxivMetadataOf } from "../../../src/domain/EnrichedPaper.ts"
import type { Paper } from "../../../src/domain/Paper.ts"
import type { EnrichResult } from "../../../src/enrich/Enricher.ts"
import { RxivCacheFile, rxivShardFile } from "../../../src/enrich/rxiv/RxivCache.ts"
import { makeRxivFakeApi, type RxivFakeOptions } from "../../fakes/RxivFakeApi.ts"
import { fakeRxivScoped } from "../../fakes/RxivFakeLayer.ts"
import { buildPostedRxivPaper } from "../../support/paperFixtures.ts"
import { tempStateDir } from "../enrichFixtures.ts"
import { asked, runOn, runOnLoopback } from "./rxivEnricherRuns.ts"

const WITHDRAWN = "10.1101/2023.10.05.561103"
const TWO_VERSIONS = "10.64898/2026.04.29.721673"
const UNKNOWN = "10.1101/2026.08.20.999001"
const GROUP = "10.1101/2025.06.17.25329001"
const PUBLISHED = "10.64898/2026.01.06.26343442"
const NEW = "10.1101/2026.08.21.000777"

/** Papers as the digests list them, each on its posting day (the API's date of the version). */
const PAPERS: ReadonlyArray<Paper> = [
  buildPostedRxivPaper(WITHDRAWN, { firstSeen: "2025-05-16", line: 5 }),
  buildPostedRxivPaper(TWO_VERSIONS, { firstSeen: "2026-06-10", line: 6 }),
  buildPostedRxivPaper(UNKNOWN, { firstSeen: "2026-08-20", line: 7 }),
  buildPostedRxivPaper(GROUP, { server: "medrxiv", firstSeen: "2025-06-17", line: 8 }),
  buildPostedRxivPaper(PUBLISHED, { server: "medrxiv", firstSeen: "2026-06-16", line: 9 })
]

const metadataOf = (result: EnrichResult, doi: string) =>
  rxivMetadataOf(result.papers.find((item) => item.paper.id === doi) ?? assert.fail(`no ${doi}`))
const codes = (result: EnrichResult) =>
  result.problems.map((problem) => `${problem.code} ${problem.line}`).sort()

describe("Enricher, bioRxiv/medRxiv", () => {
  it.effect(
    "publishes every paper through every fault: metadata where the API answered, pending where not",
    () =>
      Effect.gen(function* () {
        const folder = tempStateDir()
        // Five failed attempts in a row for the first DOI asked (every outage shape), then the API is well.
        const api = makeRxivFakeApi({
          missing: [UNKNOWN],
          faults: [
            { kind: "hang" },
            { kind: "error-2002" },
            { kind: "empty" },
            { kind: "status", status: 503 },
            { kind: "malformed" }
          ]
        })
        const first = yield* runOn(api, folder, PAPERS, { day: "2026-08-21T06:00:00Z" })
        assert.deepStrictEqual(
          first.papers.map((item) => item.paper),
          [...PAPERS]
        )
        assert.deepStrictEqual(first.pending, [WITHDRAWN])
        assert.isNull(metadataOf(first, WITHDRAWN))
        assert.isNull(metadataOf(first, UNKNOWN))
        const two = metadataOf(first, TWO_VERSIONS)
        assert.deepStrictEqual(
          [two?.version, two?.date, two?.category, two?.license, two?.withdrawn, two?.publishedDoi],
          [2, "2026-06-10", two?.category, two?.license, false, null]
        )
        assert.isTrue((two?.category ?? "") !== "" && (two?.license ?? "") !== "")
        assert.deepStrictEqual(
          two?.authors.map((person) => [person.family, person.given]),
          [
            ["Bouchet", "C. A."],
            ["Ledesma", "K. M."],
            ["Ogden", "T. J."],
            ["Fernandez", "A. R."],
            ["Myers", "B."]
          ]
        )
        const group = metadataOf(first, GROUP)
        assert.deepStrictEqual(
          group?.authors.slice(0, 2).map((person) => [person.family, person.given]),
          [
            ["Pooja", null],
            ["OLVG hospital", null]
          ]
        )
        assert.isNotNull(metadataOf(first, PUBLISHED)?.publishedDoi ?? null)
        assert.deepStrictEqual(codes(first), ["rxiv-not-fetched 0", "rxiv-not-found 7"])
        assert.match(
          first.problems.find((p) => p.code === "rxiv-not-fetched")?.message ?? "",
          /after 5 attempts/
        )
        // 5 attempts for the first DOI, then one per DOI; each server's DOIs fit one interval page at best.
        assert.deepStrictEqual(first.rxivRequests, { biorxiv: 7, medrxiv: 2 })
        assert.strictEqual(first.rxivLowerBound, 2)
        assert.deepStrictEqual([first.fetched, first.fromCache], [3, 0])
        assert.isTrue(api.log.every((entry) => entry.userAgent.startsWith("digest-feeds/")))

        // Later the same day, with a new paper: only the pending DOI and the new one are asked.
        const before = api.log.length
        const papers = [...PAPERS, buildPostedRxivPaper(NEW, { firstSeen: "2026-08-21", line: 10 })]
        const second = yield* runOn(api, folder, papers, { day: "2026-08-21T20:00:00Z" })
        assert.deepStrictEqual(asked(api.log, before), [WITHDRAWN, NEW])
        assert.deepStrictEqual(second.pending, [])
        assert.isTrue(metadataOf(second, WITHDRAWN)?.withdrawn)
        assert.deepStrictEqual(codes(second), ["rxiv-not-found 7", "rxiv-withdrawn 5"])
        assert.deepStrictEqual([second.fetched, second.fromCache], [2, 3])
      })
  )

  it.effect(
    "asks a DOI with no posts again after 1, then 2 days (AskSchedule), and refreshes recent papers",
    () =>
      Effect.gen(function* () {
        const folder = tempStateDir()
        const api = makeRxivFakeApi({ missing: [UNKNOWN] })
        const papers = [PAPERS[2], buildPostedRxivPaper(NEW, { firstSeen: "2026-08-21", line: 10 })].filter(
          (paper) => paper !== undefined
        )
        const noRefresh = { refreshLimit: 0 }
        yield* runOn(api, folder, papers, { day: "2026-08-21T06:00:00Z", settings: noRefresh })
        assert.deepStrictEqual(asked(api.log), [UNKNOWN, NEW])
        const days = ["2026-08-22", "2026-08-23", "2026-08-24"]
        const perDay: Array<Array<string | null>> = []
        for (const day of days) {
          const before = api.log.length
          yield* runOn(api, folder, papers, { day: `${day}T06:00:00Z`, settings: noRefresh })
          perDay.push(asked(api.log, before))
        }
        assert.deepStrictEqual(perDay, [[UNKNOWN], [], [UNKNOWN]])
        const shard = readFileSync(join(folder, rxivShardFile("biorxiv-2026.08")), "utf8")
        const file = Schema.decodeUnknownSync(Schema.parseJson(RxivCacheFile))(shard)
        assert.deepStrictEqual(
          file.asked.map((record) => [record.id, record.answer, record.lastAsked, record.tries]),
          [[UNKNOWN, "missing", "2026-08-24", 3]]
        )
        // With refreshes on, a known unpublished recent paper is asked again once a day for its journal DOI.
        const before = api.log.length
        yield* runOn(api, folder, papers, { day: "2026-08-25T06:00:00Z" })
        assert.deepStrictEqual(asked(api.log, before), [NEW])
      })
  )

  it.effect("a budget cut leaves the rest pending, and the next run asks for exactly those", () =>
    Effect.gen(function* () {
      const folder = tempStateDir()
      const api = makeRxivFakeApi()
      // Ten DOIs posted on ten days: one call each (an interval would cost more).
      const papers = Array.from({ length: 10 }, (_, i) => {
        const day = String(i + 1).padStart(2, "0")
        return buildPostedRxivPaper(`10.1101/2026.07.${day}.00000${i}`, {
          firstSeen: `2026-07-${day}`,
          line: i + 5
        })
      })
      const first = yield* runOn(api, folder, papers, { day: "2026-08-21T06:00:00Z", budget: "4500 millis" })
      // Spacing 1 s from one answer's end to the next start: starts at 0, 1, 2, 3, 4 s; the sixth is past 4.5 s.
      assert.strictEqual(api.log.length, 5)
      assert.deepStrictEqual(
        first.pending,
        papers.slice(5).map((paper) => paper.id)
      )
      assert.deepStrictEqual(codes(first), ["rxiv-not-fetched 0"])
      assert.match(
        first.problems[0]?.message ?? "",
        /^5 DOIs not fetched \(5 left digest-only, pending\): the run's bioRxiv\/medRxiv time budget/
      )
      assert.isTrue(first.papers.slice(5).every((item) => item.metadata === null))
      const second = yield* runOn(api, folder, papers, { day: "2026-08-21T07:00:00Z" })
      assert.deepStrictEqual(
        asked(api.log, 5),
        papers.slice(5).map((paper) => paper.id)
      )
      assert.deepStrictEqual([second.pending, second.fetched, second.fromCache], [[], 5, 5])
    })
  )

  it.effect(
    "pages a busy posting day's interval when it costs fewer calls than its DOIs, against the lower bound",
    () =>
      Effect.gen(function* () {
        const folder = tempStateDir()
        const day = "2026-08-20"
        const dois = Array.from({ length: 40 }, (_, i) => `10.1101/2026.08.20.5${String(i).padStart(5, "0")}`)
        // 40 of ours among 160 versions posted that day: at most 6 pages of 30 instead of 40 calls.
        const options: RxivFakeOptions = { posted: { [`biorxiv ${day}`]: dois }, postings: () => 120 }
        const api = makeRxivFakeApi(options)
        const papers = dois.map((doi, i) => buildPostedRxivPaper(doi, { firstSeen: day, line: i + 5 }))
        const result = yield* runOn(api, folder, papers, { day: "2026-08-21T06:00:00Z" })
        assert.isTrue(api.log.every((entry) => entry.kind === "interval"))
        // The fake lists a day by DOI and ours sort first: once page 2 holds the last of them, paging stops, at
        // the lower bound instead of the plan's estimated 6 pages (a real day interleaves them).
        assert.deepStrictEqual(result.rxivRequests, { biorxiv: 2, medrxiv: 0 })
        assert.strictEqual(result.rxivLowerBound, 2)
        assert.deepStrictEqual([result.pending, result.fetched], [[], 40])
      })
  )

  it.effect("offline, or with enrich.rxiv off, serves the cache and sends nothing", () =>
    Effect.gen(function* () {
      const folder = tempStateDir()
      const api = makeRxivFakeApi()
      const papers = PAPERS.slice(1, 2)
      yield* runOn(api, folder, papers, { day: "2026-08-21T06:00:00Z" })
      const offline = yield* runOn(api, folder, [...papers, buildPostedRxivPaper(NEW)], {
        day: "2026-08-22T06:00:00Z",
        offline: true
      })
      const off = yield* runOn(api, folder, [...papers, buildPostedRxivPaper(NEW)], {
        day: "2026-08-23T06:00:00Z",
        settings: { rxiv: false }
      })
      assert.strictEqual(api.log.length, 1)
      for (const result of [offline, off]) {
        assert.strictEqual(metadataOf(result, TWO_VERSIONS)?.version, 2)
        assert.isNull(metadataOf(result, NEW))
        assert.deepStrictEqual([result.rxivRequests, result.fromCache], [{ biorxiv: 0, medrxiv: 0 }, 1])
      }
    })
  )

  it.scopedLive(
    "over real HTTP: one connection, the User-Agent, every author and the code links of the abstract",
    () =>
      Effect.gen(function* () {
        const fake = yield* fakeRxivScoped()
        const folder = tempStateDir()
        const papers = [
          ...PAPERS.slice(1, 2),
          buildPostedRxivPaper(NEW, {
            firstSeen: "2026-08-21",
            abstractEn: "Code: https://github.com/example/tool."
          })
        ]
        const result = yield* runOnLoopback(fake, folder, papers)
        assert.deepStrictEqual(
          fake.log.map((entry) => entry.doi),
          [NEW, TWO_VERSIONS]
        )
        assert.strictEqual(fake.connections(), 1)
        assert.match(fake.log[0]?.userAgent ?? "", /^digest-feeds\/\S+ \(/)
        assert.strictEqual(metadataOf(result, TWO_VERSIONS)?.authors.length, 5)
        const code = result.papers[1]?.codeLinks.map((link) => [link.url, link.foundIn])
        assert.deepStrictEqual(code, [["https://github.com/example/tool", ["abstract_en"]]])
      })
  )
})
