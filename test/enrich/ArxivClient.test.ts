/** ArxivClient + fetchArxivMetadata against the loopback fake: batching, spacing, and every injected fault. */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Logger, LogLevel } from "effect"
import { ArxivId } from "../../src/domain/ArxivId.ts"
import { ArxivClient, type ArxivClientOptions, retryAfterMillis } from "../../src/enrich/ArxivClient.ts"
import { type FetchOptions, fetchArxivMetadata } from "../../src/enrich/fetchArxivMetadata.ts"
import { arxivClientLayer, FAST_CLIENT, fakeArxivScoped } from "../fakes/ArxivFakeLayer.ts"
import type { ArxivFault, FakeArxiv, FakeArxivOptions } from "../fakes/FakeArxiv.ts"

const syntheticIds = (n: number, prefix = "2501"): Array<ArxivId> =>
  Array.from({ length: n }, (_, i) => ArxivId.make(`${prefix}.${String(i + 1).padStart(5, "0")}`))

const gaps = (fake: FakeArxiv): Array<number> =>
  fake.log.slice(1).map((entry, i) => entry.time - (fake.log[i]?.time ?? 0))

/** Runs fetchArxivMetadata against a fresh fake. */
const fetchWith = (
  ids: ReadonlyArray<ArxivId>,
  setup: { fake?: FakeArxivOptions; client?: ArxivClientOptions; fetch?: Partial<FetchOptions> } = {}
) =>
  Effect.gen(function* () {
    const fake = yield* fakeArxivScoped(setup.fake)
    const report = yield* Effect.flatMap(ArxivClient, (client) =>
      fetchArxivMetadata(client, ids, { batchSize: 100, budget: "30 seconds", ...setup.fetch })
    ).pipe(
      Effect.provide(arxivClientLayer(fake, setup.client ?? FAST_CLIENT)),
      Logger.withMinimumLogLevel(LogLevel.Error)
    )
    return { fake, report }
  })

describe("ArxivClient batching", () => {
  it.scopedLive(
    "asks ceil(N/100) GET requests with max_results = batch size and a descriptive User-Agent",
    () =>
      Effect.gen(function* () {
        const ids = syntheticIds(250)
        const progress: Array<[number, number]> = []
        const { fake, report } = yield* fetchWith(ids, {
          fetch: { onProgress: (done, total) => Effect.sync(() => progress.push([done, total])) }
        })
        assert.strictEqual(report.requests, 3)
        assert.deepStrictEqual(
          fake.log.map((entry) => [entry.method, entry.ids.length, entry.maxResults, entry.status]),
          [
            ["GET", 100, 100, 200],
            ["GET", 100, 100, 200],
            ["GET", 50, 50, 200]
          ]
        )
        assert.match(fake.log[0]?.userAgent ?? "", /^digest-feeds\/0\.1 \(/)
        assert.deepStrictEqual(report.found.map((entry) => entry.id).sort(), [...ids].sort())
        assert.deepStrictEqual([report.notFound, report.rejected, report.failed], [[], [], []])
        assert.deepStrictEqual(progress, [
          [100, 250],
          [200, 250],
          [250, 250]
        ])
        assert.isTrue(gaps(fake).every((gap) => gap >= 20))
      })
  )

  it.scopedLive("returns the real recorded entries, in whatever order arXiv sends them", () =>
    Effect.gen(function* () {
      const ids = ["astro-ph/0601001", "1707.08567", "2104.12255", "math/9501234"].map((id) =>
        ArxivId.make(id)
      )
      const { report } = yield* fetchWith(ids, { fake: { seed: 7 } })
      assert.deepStrictEqual(report.found.map((entry) => entry.id).sort(), [...ids].sort())
      assert.strictEqual(report.found.find((entry) => entry.id === "2104.12255")?.title, "0")
    })
  )

  it.scopedLive("switches to a form POST when the GET URL would be too long", () =>
    Effect.gen(function* () {
      const { fake, report } = yield* fetchWith(syntheticIds(300), { fetch: { batchSize: 300 } })
      assert.deepStrictEqual(
        fake.log.map((entry) => [entry.method, entry.ids.length, entry.maxResults, entry.contentType]),
        [["POST", 300, 300, "application/x-www-form-urlencoded"]]
      )
      assert.strictEqual(report.found.length, 300)
    })
  )

  it.scopedLive("reports unknown ids as not found after asking them a second time", () =>
    Effect.gen(function* () {
      const ids = [...syntheticIds(3), ArxivId.make("0808.05394")]
      const { fake, report } = yield* fetchWith(ids)
      assert.deepStrictEqual(report.notFound, ["0808.05394"])
      assert.deepStrictEqual(
        fake.log.map((entry) => entry.ids),
        [ids, ["0808.05394"]]
      )
    })
  )

  it.scopedLive("starts requests at least 3 s apart with the default spacing (server clock)", () =>
    Effect.gen(function* () {
      const { fake, report } = yield* fetchWith(syntheticIds(3), {
        client: { requestTimeout: "5 seconds" },
        fetch: { batchSize: 1 }
      })
      assert.strictEqual(report.found.length, 3)
      assert.strictEqual(fake.log.length, 3)
      for (const gap of gaps(fake)) assert.isAtLeast(gap, 3000)
    })
  )
})

const faultCase = (faults: ReadonlyArray<ArxivFault>, client: ArxivClientOptions = FAST_CLIENT) =>
  fetchWith(syntheticIds(150), { fake: { faults }, client })

describe("ArxivClient under injected faults", () => {
  const recovers: Array<[string, ReadonlyArray<ArxivFault>]> = [
    ["HTTP 503", [{ kind: "status", status: 503 }]],
    ["plain-body Rate exceeded.", [{ kind: "rate-exceeded" }]],
    ["truncated XML", [{ kind: "truncated" }]],
    ["connection reset", [{ kind: "reset" }]],
    ["a hang (request timeout)", [{ kind: "hang" }]],
    ["several in a row", [{ kind: "status", status: 502 }, { kind: "rate-exceeded" }, { kind: "truncated" }]]
  ]
  for (const [name, faults] of recovers) {
    it.scopedLive(`recovers from ${name}`, () =>
      Effect.gen(function* () {
        const { fake, report } = yield* faultCase(faults, { ...FAST_CLIENT, requestTimeout: "400 millis" })
        assert.strictEqual(report.found.length, 150)
        assert.deepStrictEqual([report.notFound, report.failed], [[], []])
        assert.strictEqual(report.requests, 2 + faults.length)
        assert.strictEqual(fake.log.length, 2 + faults.length)
        assert.deepStrictEqual(
          fake.log[faults.length]?.ids,
          fake.log[0]?.ids,
          "the failed batch is asked again"
        )
      })
    )
  }

  it.scopedLive("honours Retry-After on a 429 (seconds)", () =>
    Effect.gen(function* () {
      const { fake, report } = yield* faultCase([{ kind: "status", status: 429, retryAfter: "1" }])
      assert.strictEqual(report.found.length, 150)
      assert.isAtLeast(gaps(fake)[0] ?? 0, 1000)
    })
  )

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z")
    assert.strictEqual(retryAfterMillis("7", now), 7000)
    assert.strictEqual(retryAfterMillis("Thu, 01 Jan 2026 00:00:02 GMT", now), 2000)
    assert.strictEqual(retryAfterMillis("Wed, 31 Dec 2025 00:00:00 GMT", now), 0)
    assert.strictEqual(retryAfterMillis("soon", now), 0)
    assert.strictEqual(retryAfterMillis(undefined, now), 0)
  })

  it.scopedLive("recovers partial results by asking the missing ids again", () =>
    Effect.gen(function* () {
      const { fake, report } = yield* faultCase([{ kind: "partial", drop: 10 }])
      assert.strictEqual(report.found.length, 150)
      assert.deepStrictEqual(report.notFound, [])
      assert.deepStrictEqual(
        fake.log.map((entry) => entry.ids.length),
        [100, 50, 10]
      )
    })
  )

  it.scopedLive("drops an id arXiv rejects with an HTTP 400 error feed and asks for the rest", () =>
    Effect.gen(function* () {
      const { fake, report } = yield* faultCase([{ kind: "error-400" }])
      assert.deepStrictEqual(
        report.rejected.map((error) => error.id),
        ["2501.00001"]
      )
      assert.strictEqual(report.found.length, 149)
      assert.deepStrictEqual(
        fake.log.map((entry) => [entry.ids.length, entry.status]),
        [
          [100, 400],
          [99, 200],
          [50, 200]
        ]
      )
    })
  )

  it.scopedLive("gives up on a batch that keeps failing and goes on with the next", () =>
    Effect.gen(function* () {
      const faults: Array<ArxivFault> = Array.from({ length: 4 }, () => ({ kind: "status", status: 503 }))
      const { report } = yield* faultCase(faults)
      assert.strictEqual(report.requests, 5)
      assert.strictEqual(report.failed.length, 1)
      assert.strictEqual(report.failed[0]?.ids.length, 100)
      assert.match(report.failed[0]?.reason ?? "", /HTTP 503 \(after 4 attempts\)/)
      assert.strictEqual(report.found.length, 50)
    })
  )

  it.scopedLive("stops asking after two batches in a row fail: arXiv is down, the rest waits", () =>
    Effect.gen(function* () {
      const progress: Array<number> = []
      const { fake, report } = yield* fetchWith(syntheticIds(350), {
        fake: { afterQueue: { kind: "status", status: 503 } },
        fetch: { onProgress: (done) => Effect.sync(() => progress.push(done)) }
      })
      assert.strictEqual(fake.log.length, 8)
      assert.deepStrictEqual(
        report.failed.map((batch) => [batch.ids.length, batch.reason.startsWith("not asked")]),
        [
          [100, false],
          [100, false],
          [100, true],
          [50, true]
        ]
      )
      assert.deepStrictEqual(progress, [100, 200, 300, 350])
    })
  )

  it.scopedLive("leaves the batches the time budget cannot cover for the next run", () =>
    Effect.gen(function* () {
      const { fake, report } = yield* fetchWith(syntheticIds(10), {
        client: { ...FAST_CLIENT, spacing: "150 millis" },
        fetch: { batchSize: 1, budget: "400 millis" }
      })
      assert.isBelow(fake.log.length, 10)
      assert.isAbove(fake.log.length, 0)
      assert.strictEqual(report.found.length, fake.log.length)
      assert.strictEqual(report.failed.flatMap((batch) => batch.ids).length, 10 - fake.log.length)
      assert.match(report.failed[0]?.reason ?? "", /time budget/)
    })
  )

  it.scopedLive("does not wait for a Retry-After beyond the budget", () =>
    Effect.gen(function* () {
      const { fake, report } = yield* fetchWith(syntheticIds(5), {
        fake: { faults: [{ kind: "status", status: 429, retryAfter: "3600" }] },
        fetch: { budget: "5 seconds" }
      })
      assert.strictEqual(fake.log.length, 1)
      assert.match(report.failed[0]?.reason ?? "", /HTTP 429; time budget left no room to retry/)
    })
  )
})
