/**
 * ArxivClient + fetchArxivMetadata with the production settings (3 s spacing, 30 s timeout, 4 retries, backoff
 * 5 s doubling to 2 min, half of it jittered) against the in-memory fake arXiv under the TestClock: every request
 * start is asserted to the millisecond. The loopback tests at the end cover what only a real socket shows.
 */
import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Logger, LogLevel, Random, TestClock } from "effect"
import { ArxivId } from "../../src/domain/ArxivId.ts"
import { ArxivClient, type ArxivClientOptions, retryAfterMillis } from "../../src/enrich/ArxivClient.ts"
import { type FetchOptions, fetchArxivMetadata } from "../../src/enrich/fetchArxivMetadata.ts"
import { arxivClientLayer, FAST_CLIENT, fakeArxivScoped } from "../fakes/ArxivFakeLayer.ts"
import type { ArxivFault } from "../fakes/FakeArxiv.ts"
import { type InMemoryArxivOptions, inMemoryArxiv } from "../fakes/InMemoryArxiv.ts"
import { runOnTestClock } from "../support/runOnTestClock.ts"

const syntheticIds = (n: number, prefix = "2501"): Array<ArxivId> =>
  Array.from({ length: n }, (_, i) => ArxivId.make(`${prefix}.${String(i + 1).padStart(5, "0")}`))

/**
 * The limiter's interval: 3 s plus a margin of min(100 ms, spacing / 10), so that starts stay 3 s apart on
 * arXiv's clock even when one request paid for a TCP handshake and the next did not.
 */
const SLOT = 3100
/** Backoff before retry n (0-based) with the jitter drawn as 0.5: 3/4 of min(2 min, 5 s × 2^n). */
const BACKOFF = [3750, 7500, 15000, 30000, 60000, 90000]

interface Setup {
  readonly fake?: InMemoryArxivOptions
  readonly client?: ArxivClientOptions
  readonly fetch?: Partial<FetchOptions>
  /** The values Random draws for the backoff jitter, in turn (default: always 0.5). */
  readonly jitter?: [number, ...Array<number>]
}

/**
 * Runs fetchArxivMetadata on the TestClock from `start` against a fresh in-memory fake; request times in the
 * log and `elapsed` are milliseconds since the start.
 */
const fetchOnTestClock = (ids: ReadonlyArray<ArxivId>, setup: Setup = {}, start = 0) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(start)
    const { responder, layer } = inMemoryArxiv(setup.fake, setup.client)
    const report = yield* runOnTestClock(
      Effect.flatMap(ArxivClient, (client) =>
        fetchArxivMetadata(client, ids, { batchSize: 100, budget: "20 minutes", ...setup.fetch })
      ).pipe(
        Effect.provide(layer),
        Effect.withRandom(Random.fixed(setup.jitter ?? [0.5])),
        Logger.withMinimumLogLevel(LogLevel.Error)
      )
    )
    const elapsed = (yield* Clock.currentTimeMillis) - start
    const times = responder.log.map((entry) => entry.time - start)
    return { log: responder.log, times, report, elapsed }
  })

describe("ArxivClient on the TestClock: spacing and one connection", () => {
  it.effect("asks ceil(N/100) GETs with max_results = batch size, starting 0, 3.1 and 6.2 s in", () =>
    Effect.gen(function* () {
      const ids = syntheticIds(250)
      const progress: Array<[number, number]> = []
      const { log, times, report, elapsed } = yield* fetchOnTestClock(ids, {
        fetch: { onProgress: (done, total) => Effect.sync(() => progress.push([done, total])) }
      })
      assert.deepStrictEqual(times, [0, SLOT, 2 * SLOT])
      assert.strictEqual(elapsed, 2 * SLOT)
      assert.deepStrictEqual(
        log.map((entry) => [entry.method, entry.ids.length, entry.maxResults, entry.status]),
        [
          ["GET", 100, 100, 200],
          ["GET", 100, 100, 200],
          ["GET", 50, 50, 200]
        ]
      )
      assert.match(log[0]?.userAgent ?? "", /^digest-feeds\/0\.1 \(/)
      assert.strictEqual(report.requests, 3)
      assert.deepStrictEqual(report.found.map((entry) => entry.id).sort(), [...ids].sort())
      assert.deepStrictEqual([report.notFound, report.rejected, report.failed], [[], [], []])
      assert.deepStrictEqual(progress, [
        [100, 250],
        [200, 250],
        [250, 250]
      ])
    })
  )

  it.effect("spaces starts, not ends: answers taking 1 s leave the starts 3.1 s apart", () =>
    Effect.gen(function* () {
      const { times, elapsed } = yield* fetchOnTestClock(syntheticIds(3), {
        fake: { latency: "1 second" },
        fetch: { batchSize: 1 }
      })
      assert.deepStrictEqual(times, [0, SLOT, 2 * SLOT])
      assert.strictEqual(elapsed, 2 * SLOT + 1000)
    })
  )

  it.effect("uses one connection: an answer slower than the spacing holds the next request back", () =>
    Effect.gen(function* () {
      const { times, elapsed } = yield* fetchOnTestClock(syntheticIds(3), {
        fake: { latency: "5 seconds" },
        fetch: { batchSize: 1 }
      })
      assert.deepStrictEqual(times, [0, 5000, 10000])
      assert.strictEqual(elapsed, 15000)
    })
  )

  it.effect("spaces by the configured spacing plus a tenth of it (under 1 s)", () =>
    Effect.gen(function* () {
      const { times } = yield* fetchOnTestClock(syntheticIds(3), {
        client: { spacing: "500 millis" },
        fetch: { batchSize: 1 }
      })
      assert.deepStrictEqual(times, [0, 550, 1100])
    })
  )
})

/** 15 ids in batches of 10: a batch of 10 (which meets the faults) and one of 5. Small batches decode fast. */
const faultCase = (faults: ReadonlyArray<ArxivFault>, setup: Setup = {}, start = 0) =>
  fetchOnTestClock(
    syntheticIds(15),
    { ...setup, fake: { ...setup.fake, faults }, fetch: { batchSize: 10, ...setup.fetch } },
    start
  )

describe("ArxivClient on the TestClock: retries and backoff", () => {
  const recovers: Array<[string, ArxivFault]> = [
    ["HTTP 503", { kind: "status", status: 503 }],
    ["HTTP 429", { kind: "status", status: 429 }],
    ["HTTP 500", { kind: "status", status: 500 }],
    ["plain-body Rate exceeded.", { kind: "rate-exceeded" }],
    ["truncated XML", { kind: "truncated" }],
    ["a connection reset", { kind: "reset" }]
  ]
  for (const [name, fault] of recovers) {
    it.effect(`retries ${name} after the backoff, then asks the next batch one slot later`, () =>
      Effect.gen(function* () {
        const { log, times, report } = yield* faultCase([fault])
        assert.deepStrictEqual(times, [0, BACKOFF[0], BACKOFF[0]! + SLOT])
        assert.deepStrictEqual(
          log.map((entry) => entry.ids.length),
          [10, 10, 5]
        )
        assert.deepStrictEqual(log[1]?.ids, log[0]?.ids, "the failed batch is asked again")
        assert.strictEqual(report.found.length, 15)
        assert.deepStrictEqual([report.notFound, report.failed, report.requests], [[], [], 3])
      })
    )
  }

  it.effect("a hang costs exactly the 30 s request timeout before the retry", () =>
    Effect.gen(function* () {
      const { times, report } = yield* faultCase([{ kind: "hang" }])
      assert.deepStrictEqual(times, [0, 30000 + BACKOFF[0]!, 30000 + BACKOFF[0]! + SLOT])
      assert.strictEqual(report.found.length, 15)
    })
  )

  it.effect("doubles the backoff per retry and caps it at 2 minutes", () =>
    Effect.gen(function* () {
      const faults = Array.from({ length: 6 }, (): ArxivFault => ({ kind: "status", status: 503 }))
      const { times, report } = yield* faultCase(faults, { client: { retries: 6 } })
      const starts = [0]
      for (const wait of BACKOFF) starts.push(starts.at(-1)! + wait)
      assert.deepStrictEqual(times, [...starts, starts.at(-1)! + SLOT])
      assert.deepStrictEqual(starts, [0, 3750, 11250, 26250, 56250, 116250, 206250])
      assert.strictEqual(report.found.length, 15)
    })
  )

  it.effect("jitters the second half of each delay: draws of 0 and 0.999 wait half and all of it", () =>
    Effect.gen(function* () {
      const faults = Array.from({ length: 2 }, (): ArxivFault => ({ kind: "status", status: 503 }))
      const { times } = yield* faultCase(faults, { jitter: [0, 0.999] })
      // Retry 1: 5 s × (1/2 + 0/2); retry 2: 10 s × (1/2 + 0.999/2) = 9,995 ms.
      assert.deepStrictEqual(times, [0, 3100, 13095, 16195])
    })
  )

  it.effect("several faults in a row: each retry waits longer", () =>
    Effect.gen(function* () {
      const { log, times, report } = yield* faultCase([
        { kind: "status", status: 502 },
        { kind: "rate-exceeded" },
        { kind: "truncated" }
      ])
      assert.deepStrictEqual(times, [0, 3750, 11250, 26250, 26250 + SLOT])
      assert.deepStrictEqual(
        log.map((entry) => entry.fault),
        ["status", "rate-exceeded", "truncated", "ok", "ok"]
      )
      assert.strictEqual(report.found.length, 15)
    })
  )

  it.effect("gives up on a batch after 5 attempts and goes on with the next", () =>
    Effect.gen(function* () {
      const faults = Array.from({ length: 5 }, (): ArxivFault => ({ kind: "status", status: 503 }))
      const { times, report } = yield* faultCase(faults)
      assert.deepStrictEqual(times, [0, 3750, 11250, 26250, 56250, 56250 + SLOT])
      assert.strictEqual(report.requests, 6)
      assert.deepStrictEqual(
        report.failed.map((batch) => [batch.ids.length, batch.reason]),
        [[10, "HTTP 503 (after 5 attempts)"]]
      )
      assert.strictEqual(report.found.length, 5)
    })
  )

  it.effect("stops asking after two batches in a row fail: arXiv is down, the rest waits", () =>
    Effect.gen(function* () {
      const progress: Array<number> = []
      const { times, report, elapsed } = yield* fetchOnTestClock(syntheticIds(35), {
        fake: { afterQueue: { kind: "status", status: 503 } },
        fetch: { batchSize: 10, onProgress: (done) => Effect.sync(() => progress.push(done)) }
      })
      const second = 56250 + SLOT
      assert.deepStrictEqual(times, [
        0,
        3750,
        11250,
        26250,
        56250,
        ...[0, 3750, 11250, 26250, 56250].map((t) => second + t)
      ])
      assert.strictEqual(elapsed, second + 56250)
      assert.deepStrictEqual(
        report.failed.map((batch) => [batch.ids.length, batch.reason]),
        [
          [10, "HTTP 503 (after 5 attempts)"],
          [10, "HTTP 503 (after 5 attempts)"],
          [10, "not asked: the previous 2 batches failed (arXiv down?)"],
          [5, "not asked: the previous 2 batches failed (arXiv down?)"]
        ]
      )
      assert.deepStrictEqual(progress, [10, 20, 30, 35])
    })
  )
})

describe("ArxivClient on the TestClock: Retry-After and the run's budget", () => {
  it.effect("waits a Retry-After in seconds when it is longer than the backoff", () =>
    Effect.gen(function* () {
      const { times } = yield* faultCase([{ kind: "status", status: 429, retryAfter: "10" }])
      assert.deepStrictEqual(times, [0, 10000, 10000 + SLOT])
    })
  )

  it.effect("keeps the backoff when Retry-After is shorter", () =>
    Effect.gen(function* () {
      const { times } = yield* faultCase([{ kind: "status", status: 503, retryAfter: "1" }])
      assert.deepStrictEqual(times, [0, BACKOFF[0], BACKOFF[0]! + SLOT])
    })
  )

  it.effect("reads Retry-After as an HTTP date against the clock, a past date meaning no extra wait", () =>
    Effect.gen(function* () {
      const start = Date.parse("2026-01-01T00:00:00Z")
      const future = yield* faultCase(
        [{ kind: "status", status: 503, retryAfter: "Thu, 01 Jan 2026 00:00:20 GMT" }],
        {},
        start
      )
      assert.deepStrictEqual(future.times, [0, 20000, 20000 + SLOT])
      const past = yield* faultCase(
        [{ kind: "status", status: 429, retryAfter: "Wed, 31 Dec 2025 23:00:00 GMT" }],
        {},
        start
      )
      assert.deepStrictEqual(past.times, [0, BACKOFF[0], BACKOFF[0]! + SLOT])
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

  it.effect("does not wait for a Retry-After beyond the budget: it gives up at once", () =>
    Effect.gen(function* () {
      const { times, report, elapsed } = yield* fetchOnTestClock(syntheticIds(5), {
        fake: { faults: [{ kind: "status", status: 429, retryAfter: "3600" }] }
      })
      assert.deepStrictEqual(times, [0])
      assert.strictEqual(elapsed, 0)
      assert.deepStrictEqual(
        report.failed.map((batch) => batch.reason),
        ["HTTP 429; time budget left no room to retry"]
      )
    })
  )

  it.effect(
    "starts no request after the budget: a 10 s budget covers the starts at 0, 3.1, 6.2 and 9.3 s",
    () =>
      Effect.gen(function* () {
        const { log, times, report, elapsed } = yield* fetchOnTestClock(syntheticIds(10), {
          fetch: { batchSize: 1, budget: "10 seconds" }
        })
        assert.deepStrictEqual(times, [0, SLOT, 2 * SLOT, 3 * SLOT])
        // The fifth slot comes at 12.4 s, past the deadline: it is not used.
        assert.strictEqual(elapsed, 4 * SLOT)
        assert.deepStrictEqual(
          report.found.map((entry) => entry.id).sort(),
          log.map((entry) => entry.ids[0]).sort()
        )
        assert.deepStrictEqual(
          report.failed.map((batch) => batch.reason),
          [
            "the run's arXiv time budget was used up",
            ...Array.from({ length: 5 }, () => "the run's arXiv time budget was used up before this batch")
          ]
        )
        assert.deepStrictEqual(
          report.failed.flatMap((batch) => batch.ids),
          syntheticIds(10).slice(4)
        )
      })
  )

  it.effect(
    "has only what earlier calls of the run left (a sliced run): 6 s spent of 10 s, starts at 0 and 3.1 s",
    () =>
      Effect.gen(function* () {
        const { times, report, elapsed } = yield* fetchOnTestClock(syntheticIds(10), {
          fetch: { batchSize: 1, budget: "10 seconds", spent: "6 seconds" }
        })
        assert.deepStrictEqual(times, [0, SLOT])
        assert.strictEqual(elapsed, 2 * SLOT)
        assert.strictEqual(report.requests, 2)
        assert.deepStrictEqual(
          report.failed.flatMap((batch) => batch.ids),
          syntheticIds(10).slice(2)
        )
      })
  )

  it.effect(
    "starts no request once earlier calls of the run used the budget up, leaving every id pending",
    () =>
      Effect.gen(function* () {
        const { log, report, elapsed } = yield* fetchOnTestClock(syntheticIds(10), {
          fetch: { batchSize: 3, budget: "20 minutes", spent: "20 minutes" }
        })
        assert.deepStrictEqual([log.length, report.requests, report.found.length, elapsed], [0, 0, 0, 0])
        assert.deepStrictEqual(
          report.failed.flatMap((batch) => batch.ids),
          syntheticIds(10)
        )
        assert.isTrue(
          report.failed.every((batch) => /time budget was used up before this batch/.test(batch.reason))
        )
        // what was spent beyond the budget leaves nothing, not a negative deadline's surprise
        const over = yield* fetchOnTestClock(syntheticIds(2), {
          fetch: { batchSize: 1, budget: "20 minutes", spent: "25 minutes" }
        })
        assert.deepStrictEqual([over.log.length, over.report.failed.length], [0, 2])
      })
  )

  it.effect("a retry whose wait would end past the budget is not made", () =>
    Effect.gen(function* () {
      const { times, report, elapsed } = yield* faultCase([{ kind: "status", status: 503 }], {
        fetch: { budget: "3 seconds" }
      })
      assert.deepStrictEqual(times, [0])
      // The next batch waits for its slot (3.1 s), finds the budget spent and is not sent.
      assert.strictEqual(elapsed, SLOT)
      assert.deepStrictEqual(
        report.failed.map((batch) => batch.reason),
        ["HTTP 503; time budget left no room to retry", "the run's arXiv time budget was used up"]
      )
    })
  )
})

describe("ArxivClient on the TestClock: answers", () => {
  it.effect("returns the real recorded entries, in whatever order arXiv sends them", () =>
    Effect.gen(function* () {
      const ids = ["astro-ph/0601001", "1707.08567", "2104.12255", "math/9501234"].map((id) =>
        ArxivId.make(id)
      )
      const { report } = yield* fetchOnTestClock(ids, { fake: { seed: 7 } })
      assert.deepStrictEqual(report.found.map((entry) => entry.id).sort(), [...ids].sort())
      assert.strictEqual(report.found.find((entry) => entry.id === "2104.12255")?.title, "0")
    })
  )

  it.effect("reports unknown ids as not found after asking them a second time, one slot later", () =>
    Effect.gen(function* () {
      const ids = [...syntheticIds(3), ArxivId.make("0808.05394")]
      const { log, times, report } = yield* fetchOnTestClock(ids)
      assert.deepStrictEqual(report.notFound, ["0808.05394"])
      assert.deepStrictEqual(
        log.map((entry) => entry.ids),
        [ids, ["0808.05394"]]
      )
      assert.deepStrictEqual(times, [0, SLOT])
    })
  )

  it.effect("recovers partial results by asking the missing ids again", () =>
    Effect.gen(function* () {
      const { log, report } = yield* faultCase([{ kind: "partial", drop: 3 }])
      assert.strictEqual(report.found.length, 15)
      assert.deepStrictEqual(report.notFound, [])
      assert.deepStrictEqual(
        log.map((entry) => entry.ids.length),
        [10, 5, 3]
      )
    })
  )

  it.effect("drops an id arXiv rejects with an HTTP 400 error feed and asks for the rest", () =>
    Effect.gen(function* () {
      const { log, report } = yield* faultCase([{ kind: "error-400" }])
      assert.deepStrictEqual(
        report.rejected.map((error) => error.id),
        ["2501.00001"]
      )
      assert.strictEqual(report.found.length, 14)
      assert.deepStrictEqual(
        log.map((entry) => [entry.ids.length, entry.status]),
        [
          [10, 400],
          [9, 200],
          [5, 200]
        ]
      )
    })
  )
})

/** Runs fetchArxivMetadata over loopback against a fresh FakeArxiv (real sockets, real time, fast settings). */
const fetchOverLoopback = (
  ids: ReadonlyArray<ArxivId>,
  setup: { fake?: Parameters<typeof fakeArxivScoped>[0]; fetch?: Partial<FetchOptions> } = {}
) =>
  Effect.gen(function* () {
    const fake = yield* fakeArxivScoped(setup.fake)
    const report = yield* Effect.flatMap(ArxivClient, (client) =>
      fetchArxivMetadata(client, ids, { batchSize: 100, budget: "30 seconds", ...setup.fetch })
    ).pipe(
      Effect.provide(arxivClientLayer(fake, { ...FAST_CLIENT, requestTimeout: "400 millis" })),
      Logger.withMinimumLogLevel(LogLevel.Error)
    )
    return { fake, report }
  })

describe("ArxivClient on the wire (loopback)", () => {
  it.scopedLive("sends GETs with the id list, max_results and User-Agent a real server reads", () =>
    Effect.gen(function* () {
      const ids = syntheticIds(150)
      const { fake, report } = yield* fetchOverLoopback(ids)
      assert.deepStrictEqual(
        fake.log.map((entry) => [entry.method, entry.ids, entry.maxResults, entry.status]),
        [
          ["GET", ids.slice(0, 100), 100, 200],
          ["GET", ids.slice(100), 50, 200]
        ]
      )
      assert.match(fake.log[0]?.userAgent ?? "", /^digest-feeds\/0\.1 \(/)
      assert.strictEqual(report.found.length, 150)
    })
  )

  it.scopedLive("switches to a form POST when the GET URL would be too long", () =>
    Effect.gen(function* () {
      const ids = syntheticIds(300)
      const { fake, report } = yield* fetchOverLoopback(ids, { fetch: { batchSize: 300 } })
      assert.deepStrictEqual(
        fake.log.map((entry) => [entry.method, entry.ids, entry.maxResults, entry.contentType]),
        [["POST", ids, 300, "application/x-www-form-urlencoded"]]
      )
      assert.strictEqual(report.found.length, 300)
    })
  )

  const onTheWire: Array<[string, ArxivFault]> = [
    ["a server that never answers (request timeout)", { kind: "hang" }],
    ["a connection reset", { kind: "reset" }],
    ["a body cut in the middle", { kind: "truncated" }]
  ]
  for (const [name, fault] of onTheWire) {
    it.scopedLive(`recovers from ${name} over a real socket`, () =>
      Effect.gen(function* () {
        const { fake, report } = yield* fetchOverLoopback(syntheticIds(15), {
          fake: { faults: [fault] },
          fetch: { batchSize: 10 }
        })
        assert.deepStrictEqual(
          fake.log.map((entry) => [entry.fault, entry.ids.length]),
          [
            [fault.kind, 10],
            ["ok", 10],
            ["ok", 5]
          ]
        )
        assert.strictEqual(report.found.length, 15)
        assert.deepStrictEqual([report.notFound, report.failed, report.requests], [[], [], 3])
      })
    )
  }
})
