/**
 * RxivClient + fetchRxivMetadata on the TestClock, over the in-memory fake API (HttpClient.make): spacing,
 * retries and backoff, Retry-After, timeouts, the run's budget, interval paging, each paper degraded alone.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Logger, LogLevel } from "effect"
import { IsoDate } from "../../../src/domain/IsoDate.ts"
import type { RxivServer } from "../../../src/domain/RxivMetadata.ts"
import { fetchRxivMetadata, type RxivFetchOptions } from "../../../src/enrich/rxiv/fetchRxivMetadata.ts"
import { planRxivRequests, type RxivPlan, type WantedDoi } from "../../../src/enrich/rxiv/planRxivRequests.ts"
import { RxivClient, type RxivClientOptions } from "../../../src/enrich/rxiv/RxivClient.ts"
import {
  makeRxivFakeApi,
  type RxivFakeApi,
  type RxivFakeOptions,
  type RxivFault
} from "../../fakes/RxivFakeApi.ts"
import { memoryRxivClientLayer } from "../../fakes/RxivFakeLayer.ts"
import { onTestClock } from "./onTestClock.ts"

const TWO_VERSIONS = "10.64898/2026.04.29.721673"
const GROUP = "10.1101/2025.06.17.25329001"

const perDoi = (...dois: ReadonlyArray<readonly [RxivServer, string]>): RxivPlan =>
  planRxivRequests(
    dois.map(([server, doi]) => ({ server, doi, postedOn: null })),
    { pageSize: 30, versionsPerDay: () => 0 }
  )

const synthetic = (n: number, server: RxivServer = "biorxiv"): Array<readonly [RxivServer, string]> =>
  Array.from(
    { length: n },
    (_, i) => [server, `10.1101/2025.01.02.${String(i + 1).padStart(6, "0")}`] as const
  )

interface Setup {
  readonly fake?: RxivFakeOptions
  readonly client?: RxivClientOptions
  readonly fetch?: Partial<RxivFetchOptions>
  readonly config?: Readonly<Record<string, string>>
}

const fetchWith = (plan: RxivPlan, setup: Setup = {}) =>
  Effect.gen(function* () {
    const api = makeRxivFakeApi(setup.fake)
    const report = yield* onTestClock(
      Effect.flatMap(RxivClient, (client) =>
        fetchRxivMetadata(client, plan, { budget: "2 hours", ...setup.fetch })
      ).pipe(
        Effect.provide(memoryRxivClientLayer(api, setup.client, setup.config)),
        Logger.withMinimumLogLevel(LogLevel.None)
      )
    )
    return { api, report }
  })

const gaps = (api: RxivFakeApi): Array<number> =>
  api.log.slice(1).map((entry, i) => entry.time - (api.log[i]?.time ?? 0))

describe("RxivClient, per DOI", () => {
  it.effect(
    "asks /details/{server}/{doi}/na/json one DOI at a time, 1 s apart, with a descriptive User-Agent",
    () =>
      Effect.gen(function* () {
        const { api, report } = yield* fetchWith(
          perDoi(["biorxiv", TWO_VERSIONS], ["medrxiv", GROUP], ...synthetic(2)),
          {
            config: { GITHUB_REPOSITORY: "someone/digest-feeds" }
          }
        )
        assert.deepStrictEqual(
          api.log.map((entry) => entry.path),
          [
            "/details/biorxiv/10.1101/2025.01.02.000001/na/json",
            "/details/biorxiv/10.1101/2025.01.02.000002/na/json",
            `/details/biorxiv/${TWO_VERSIONS}/na/json`,
            `/details/medrxiv/${GROUP}/na/json`
          ]
        )
        assert.strictEqual(
          api.log[0]?.userAgent,
          "digest-feeds/0.1 (+https://github.com/someone/digest-feeds)"
        )
        for (const gap of gaps(api)) assert.isAtLeast(gap, 1000)
        assert.strictEqual(report.requests, 4)
        assert.deepStrictEqual([report.notFound, report.pending, report.rejected], [[], [], []])
        const newest = report.found.find((record) => record.doi === TWO_VERSIONS)
        assert.strictEqual(newest?.version, 2, "the newest of the versions listed")
        assert.strictEqual(newest?.authors.length, 5)
        assert.strictEqual(report.found.find((record) => record.doi === GROUP)?.server, "medrxiv")
      })
  )

  it.effect("reports `no posts found` as not found, without retrying", () =>
    Effect.gen(function* () {
      const { api, report } = yield* fetchWith(perDoi(...synthetic(2)), {
        fake: { missing: ["10.1101/2025.01.02.000001"] }
      })
      assert.deepStrictEqual(report.notFound, [{ server: "biorxiv", doi: "10.1101/2025.01.02.000001" }])
      assert.strictEqual(report.found.length, 1)
      assert.strictEqual(api.log.length, 2)
    })
  )
})

describe("RxivClient retries", () => {
  const recovers: Array<[string, ReadonlyArray<RxivFault>]> = [
    ["HTTP 500", [{ kind: "status", status: 500 }]],
    [
      "HTTP 503 then 502",
      [
        { kind: "status", status: 503 },
        { kind: "status", status: 502 }
      ]
    ],
    ["an empty body", [{ kind: "empty" }]],
    ["`Error : (2002) Connection refused`", [{ kind: "error-2002" }]],
    ["a malformed body", [{ kind: "malformed" }]],
    ["a connection reset", [{ kind: "reset" }]],
    ["a hang (the request timeout)", [{ kind: "hang" }]],
    [
      "all of them in a row",
      [{ kind: "empty" }, { kind: "error-2002" }, { kind: "hang" }, { kind: "malformed" }]
    ]
  ]
  for (const [name, faults] of recovers) {
    it.effect(`recovers from ${name}, asking the same DOI again`, () =>
      Effect.gen(function* () {
        const { api, report } = yield* fetchWith(perDoi(...synthetic(2)), { fake: { faults } })
        assert.strictEqual(report.found.length, 2)
        assert.deepStrictEqual(report.pending, [])
        assert.strictEqual(report.requests, 2 + faults.length)
        const first = api.log[0]?.path
        assert.isTrue(api.log.slice(0, faults.length + 1).every((entry) => entry.path === first))
      })
    )
  }

  it.effect("waits about 5, 10, 20, 40 s between attempts (exponential, jittered within [d/2, d])", () =>
    Effect.gen(function* () {
      const faults = Array.from({ length: 4 }, (): RxivFault => ({ kind: "status", status: 500 }))
      const { api, report } = yield* fetchWith(perDoi(...synthetic(1)), { fake: { faults } })
      assert.strictEqual(report.found.length, 1)
      const waits = gaps(api)
      assert.strictEqual(waits.length, 4)
      waits.forEach((wait, n) => {
        const full = 5000 * 2 ** n
        assert.isAtLeast(wait, full / 2, `retry ${n + 1}`)
        assert.isAtMost(wait, full + 1000, `retry ${n + 1}`)
      })
    })
  )

  it.effect("gives a hung request 60 s before asking again", () =>
    Effect.gen(function* () {
      const { api } = yield* fetchWith(perDoi(...synthetic(1)), { fake: { faults: [{ kind: "hang" }] } })
      assert.isAtLeast(gaps(api)[0] ?? 0, 60_000 + 2500)
    })
  )

  it.effect("honours Retry-After when it asks for longer than the backoff", () =>
    Effect.gen(function* () {
      const { api, report } = yield* fetchWith(perDoi(...synthetic(1)), {
        fake: { faults: [{ kind: "status", status: 503, retryAfter: "120" }] }
      })
      assert.strictEqual(report.found.length, 1)
      assert.isAtLeast(gaps(api)[0] ?? 0, 120_000)
    })
  )

  it.effect("degrades each paper alone: one DOI that keeps failing is pending, the next is found", () =>
    Effect.gen(function* () {
      const faults = Array.from({ length: 5 }, (): RxivFault => ({ kind: "status", status: 500 }))
      const { report } = yield* fetchWith(perDoi(...synthetic(2)), { fake: { faults } })
      assert.deepStrictEqual(
        report.pending.map((p) => [p.doi, p.reason]),
        [["10.1101/2025.01.02.000001", "HTTP 500 (after 5 attempts)"]]
      )
      assert.deepStrictEqual(
        report.found.map((r) => r.doi),
        ["10.1101/2025.01.02.000002"]
      )
      assert.strictEqual(report.requests, 6)
    })
  )

  it.effect("takes the API to be down after 3 failed calls in a row and leaves the rest pending", () =>
    Effect.gen(function* () {
      const { api, report } = yield* fetchWith(perDoi(...synthetic(6)), {
        fake: { afterQueue: { kind: "error-2002" } },
        client: { retries: 1 }
      })
      assert.strictEqual(api.log.length, 6, "3 DOIs x 2 attempts")
      assert.deepStrictEqual(
        report.pending.map((p) => p.reason.startsWith("not asked")),
        [false, false, false, true, true, true]
      )
    })
  )

  it.effect("does not retry a 404: the DOI stays pending with the status", () =>
    Effect.gen(function* () {
      const { api, report } = yield* fetchWith(perDoi(...synthetic(1)), {
        fake: { faults: [{ kind: "status", status: 404 }] }
      })
      assert.strictEqual(api.log.length, 1)
      assert.strictEqual(report.pending[0]?.reason, "HTTP 404")
    })
  )
})

describe("RxivClient time budget", () => {
  it.effect("starts no call after the budget: what is left stays pending for the next run", () =>
    Effect.gen(function* () {
      const { api, report } = yield* fetchWith(perDoi(...synthetic(100)), { fetch: { budget: "30 seconds" } })
      assert.isAtLeast(api.log.length, 29)
      assert.isAtMost(api.log.length, 31)
      assert.strictEqual(report.found.length, api.log.length)
      assert.strictEqual(report.pending.length, 100 - api.log.length)
      assert.isTrue(report.pending.every((p) => /time budget/.test(p.reason)))
      assert.isAtMost(api.log.at(-1)?.time ?? 0, 30_000)
    })
  )

  it.effect("has only what earlier calls of the run left (a sliced run): 20 s spent of 30 s", () =>
    Effect.gen(function* () {
      const { api, report } = yield* fetchWith(perDoi(...synthetic(100)), {
        fetch: { budget: "30 seconds", spent: "20 seconds" }
      })
      assert.isAtLeast(api.log.length, 9)
      assert.isAtMost(api.log.length, 11)
      assert.strictEqual(report.found.length, api.log.length)
      assert.strictEqual(report.pending.length, 100 - api.log.length)
      assert.isTrue(report.pending.every((p) => /time budget/.test(p.reason)))
      assert.isAtMost(api.log.at(-1)?.time ?? 0, 10_000)
    })
  )

  it.effect("starts no call, interval or DOI, once earlier calls of the run used the budget up", () =>
    Effect.gen(function* () {
      const wanted = dayDois(12)
      const plan = planRxivRequests(
        [
          ...postedOn("biorxiv", "2026-05-01", wanted),
          ...perDoi(...synthetic(3)).steps.flatMap((step) =>
            step._tag === "Doi" ? [{ server: step.server, doi: step.doi, postedOn: null }] : []
          )
        ],
        { pageSize: 30, versionsPerDay: () => 84 }
      )
      assert.isTrue(plan.steps.some((step) => step._tag === "Interval"))
      const { api, report } = yield* fetchWith(plan, {
        fake: { posted: { "biorxiv 2026-05-01": wanted }, postings: () => 70 },
        fetch: { budget: "45 minutes", spent: "45 minutes" }
      })
      assert.deepStrictEqual([api.log.length, report.requests, report.found.length], [0, 0, 0])
      assert.strictEqual(report.pending.length, 15)
      assert.isTrue(report.pending.every((p) => /time budget was used up/.test(p.reason)))
    })
  )

  it.effect("does not wait for a Retry-After past the budget", () =>
    Effect.gen(function* () {
      const { api, report } = yield* fetchWith(perDoi(...synthetic(3)), {
        fake: { faults: [{ kind: "status", status: 503, retryAfter: "3600" }] },
        fetch: { budget: "10 minutes" }
      })
      assert.strictEqual(api.log.length, 3, "the first DOI once, then the other two")
      assert.match(report.pending[0]?.reason ?? "", /HTTP 503; time budget left no room to retry/)
      assert.strictEqual(report.found.length, 2)
    })
  )
})

const postedOn = (server: RxivServer, date: string, dois: ReadonlyArray<string>): Array<WantedDoi> =>
  dois.map((doi) => ({ server, doi, postedOn: IsoDate.make(date) }))

const dayDois = (n: number) =>
  Array.from({ length: n }, (_, i) => `10.1101/2026.04.2${i % 9}.${String(700_000 + i)}`)

describe("RxivClient, interval pages", () => {
  const options = { pageSize: 30, versionsPerDay: () => 84 }

  it.effect(
    "a DOI asked by itself is current as of the call, though an interval listed the same version first",
    () =>
      Effect.gen(function* () {
        // Twelve DOIs page 2026-05-01's interval; `single` is asked by itself (no posting date known), and the
        // interval lists it too: the same version, which only the per-DOI answer vouches is the newest.
        const wanted = dayDois(12)
        const single = "10.1101/2026.04.30.800001"
        const plan = planRxivRequests(
          [...postedOn("biorxiv", "2026-05-01", wanted), { doi: single, server: "biorxiv", postedOn: null }],
          options
        )
        const { report } = yield* fetchWith(plan, {
          fake: { posted: { "biorxiv 2026-05-01": [...wanted, single] }, postings: () => 70 }
        })
        assert.isTrue(report.found.some((record) => record.doi === single))
        assert.isFalse(report.listedThrough.has(single))
        assert.strictEqual(report.listedThrough.get(wanted[0]!), "2026-05-01")
      })
  )

  it.effect(
    "pages an interval by cursor until `total`, and keeps the wanted DOIs among every version listed",
    () =>
      Effect.gen(function* () {
        // 10.64898 DOIs sort after the day's other versions, so they come on the last page.
        const wanted = dayDois(12).map((doi) => doi.replace("10.1101/", "10.64898/"))
        const plan = planRxivRequests(postedOn("biorxiv", "2026-05-01", wanted), options)
        assert.strictEqual(plan.requests, 3)
        const { api, report } = yield* fetchWith(plan, {
          fake: { posted: { "biorxiv 2026-05-01": wanted }, postings: () => 70 }
        })
        assert.deepStrictEqual(
          api.log.map((entry) => [entry.interval, entry.cursor, entry.records]),
          [
            ["2026-05-01..2026-05-01", 0, 30],
            ["2026-05-01..2026-05-01", 30, 30],
            ["2026-05-01..2026-05-01", 60, 24]
          ]
        )
        assert.deepStrictEqual(report.found.map((r) => r.doi).sort(), [...wanted].sort())
        assert.strictEqual(report.requests, 3)
        for (const gap of gaps(api)) assert.isAtLeast(gap, 1000)
      })
  )

  it.effect("pages by the records listed, also when `count` holds the interval's total", () =>
    Effect.gen(function* () {
      const wanted = dayDois(12).map((doi) => doi.replace("10.1101/", "10.64898/"))
      const plan = planRxivRequests(postedOn("biorxiv", "2026-05-01", wanted), options)
      const { api, report } = yield* fetchWith(plan, {
        fake: { posted: { "biorxiv 2026-05-01": wanted }, postings: () => 70, countIsTotal: true }
      })
      assert.deepStrictEqual(
        api.log.map((entry) => entry.cursor),
        [0, 30, 60]
      )
      assert.strictEqual(report.found.length, 12)
    })
  )

  it.effect("asks a wanted DOI the interval did not list on its own afterwards", () =>
    Effect.gen(function* () {
      const wanted = dayDois(12)
      const plan = planRxivRequests(postedOn("biorxiv", "2026-05-01", wanted), options)
      const { api, report } = yield* fetchWith(plan, {
        fake: { posted: { "biorxiv 2026-05-01": wanted.slice(1) }, postings: () => 10 }
      })
      assert.deepStrictEqual(
        api.log.map((entry) => entry.kind),
        ["interval", "doi"]
      )
      assert.strictEqual(api.log[1]?.doi, wanted[0])
      assert.strictEqual(report.found.length, 12)
    })
  )

  it.effect("when a page keeps failing, the interval's DOIs not yet seen are asked one by one", () =>
    Effect.gen(function* () {
      // 10.64898 DOIs sort after the day's 70 other (10.1101) versions: none is on page 0.
      const wanted = dayDois(12).map((doi) => doi.replace("10.1101/", "10.64898/"))
      const plan = planRxivRequests(postedOn("biorxiv", "2026-05-01", wanted), options)
      const failures = Array.from({ length: 5 }, (): RxivFault => ({ kind: "empty" }))
      const { api, report } = yield* fetchWith(plan, {
        fake: {
          posted: { "biorxiv 2026-05-01": wanted },
          postings: () => 70,
          faults: [{ kind: "ok" }, ...failures]
        }
      })
      assert.deepStrictEqual(
        api.log.slice(0, 6).map((entry) => [entry.cursor, entry.fault]),
        [
          [0, "ok"],
          [30, "empty"],
          [30, "empty"],
          [30, "empty"],
          [30, "empty"],
          [30, "empty"]
        ]
      )
      assert.deepStrictEqual(
        api.log.slice(6).map((entry) => entry.doi),
        wanted
      )
      assert.strictEqual(report.found.length, 12)
      assert.deepStrictEqual(report.pending, [])
    })
  )

  it.effect(
    "switches to the per-DOI way when the real `total` makes the pages left dearer than the DOIs left",
    () =>
      Effect.gen(function* () {
        // Planned for 84 versions (3 pages); the server posted 300 that day: 9 pages left for 3 DOIs.
        const wanted = [...dayDois(9), ...dayDois(3).map((doi) => doi.replace("10.1101/", "10.64898/"))]
        const plan = planRxivRequests(postedOn("biorxiv", "2026-05-01", wanted), options)
        assert.strictEqual(plan.steps[0]?._tag, "Interval")
        const { api, report } = yield* fetchWith(plan, {
          fake: { posted: { "biorxiv 2026-05-01": wanted }, postings: () => 286 }
        })
        assert.deepStrictEqual(
          api.log.map((entry) => entry.kind),
          ["interval", "doi", "doi", "doi"]
        )
        assert.strictEqual(report.found.length, 12)
      })
  )

  it.effect("an empty interval (`no posts found`) sends its DOIs to the per-DOI way", () =>
    Effect.gen(function* () {
      const wanted = dayDois(4)
      const plan = planRxivRequests(postedOn("medrxiv", "2026-08-20", wanted), {
        pageSize: 30,
        versionsPerDay: () => 1
      })
      const { api, report } = yield* fetchWith(plan, { fake: { synthesize: true } })
      assert.deepStrictEqual(
        api.log.map((entry) => entry.kind),
        ["interval", "doi", "doi", "doi", "doi"]
      )
      assert.strictEqual(report.found.length, 4)
    })
  )
})
