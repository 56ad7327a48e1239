/** The GitHub source under injected faults: it completes after retries, or stops cleanly and the next sync resumes. */
import { readdirSync, rmSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Schedule } from "effect"
import { Problem } from "../../src/domain/Problem.ts"
import type { FakeGitHub, FakeGitHubOptions, Fault } from "../fakes/FakeGitHub.ts"
import {
  ARXIV_FIXTURES,
  addNewDigest,
  codes,
  DIGESTS,
  eachWithFakeGitHub,
  NEW_DIGEST as NEW,
  requestsSince,
  syncOnce,
  tempFolder
} from "./GitHubSyncKit.ts"

const F = ARXIV_FIXTURES.length

describe("GitHubDigestSource under faults", () => {
  let fake: FakeGitHub
  let folder: string
  let restartFake: (options: FakeGitHubOptions) => Promise<void>
  eachWithFakeGitHub((setup) => {
    ;({ fake, folder, restart: restartFake } = setup)
  })

  // New bytes: a copy of an existing blob would be taken from the mirror without any fetch.
  const addDigest = () => addNewDigest(fake)

  // [name, fault, cold (tarball) or incremental (one blob)]
  const recoverable: ReadonlyArray<readonly [string, Fault, "cold" | "incremental"]> = [
    [
      "403 secondary rate limit with Retry-After",
      { kind: "secondary-403", match: "/git/trees/", retryAfter: 2 },
      "cold"
    ],
    [
      "429 secondary rate limit with Retry-After",
      { kind: "secondary-429", match: "/git/blobs/", retryAfter: 3 },
      "incremental"
    ],
    [
      "a burst of 5xx on the tarball",
      { kind: "server-error", match: "/tarball/", times: 3, status: 503 },
      "cold"
    ],
    ["a truncated tarball download", { kind: "truncate", match: "/_codeload/" }, "cold"],
    ["a truncated tree listing", { kind: "truncate", match: "/git/trees/" }, "cold"],
    ["a truncated blob", { kind: "truncate", match: "/git/blobs/" }, "incremental"],
    ["a connection reset on the ref lookup", { kind: "reset", match: "/commits/" }, "incremental"],
    [
      "a primary rate limit that resets in a second",
      { kind: "primary", match: "/git/trees/", resetInSeconds: 1 },
      "cold"
    ]
  ]
  for (const [name, fault, mode] of recoverable) {
    it.live(`completes after ${name}`, () =>
      Effect.gen(function* () {
        if (mode === "incremental") {
          yield* syncOnce({ fake, folder })
          addDigest()
        }
        const from = fake.log.length
        fake.setFaults([fault])
        const result = yield* syncOnce({ fake, folder })
        const log = requestsSince(fake, from)
        assert.isTrue(
          fake.log.slice(from).some((entry) => entry.fault === fault.kind),
          log.join("\n")
        )
        assert.deepStrictEqual(result.problems, [], log.join("\n"))
        assert.strictEqual(result.files.length, mode === "cold" ? F : F + 1)
        assert.deepStrictEqual(
          result.changed,
          mode === "cold" ? result.files.map((file) => file.path) : [NEW]
        )
        assert.strictEqual(result.requests, log.length)
        const warm = yield* syncOnce({ fake, folder })
        assert.strictEqual(warm.requests, 1)
      })
    )
  }

  it.live("an exhausted primary rate limit stops the sync with what it has and says when to retry", () =>
    Effect.gen(function* () {
      fake.setQuota({ remaining: 6, resetInSeconds: 3600 })
      const stopped = yield* syncOnce({ fake, folder, source: { backfillThreshold: 50 } })
      assert.deepStrictEqual(codes(stopped), ["rate-limited"])
      const problem = stopped.problems[0]!
      assert.strictEqual(problem.file, "Lcollection/Arxiv_Daily@main")
      assert.match(problem.message, /retry after \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z \(in 60 min\)/)
      assert.match(problem.message, new RegExp(`${F - stopped.files.length} file\\(s\\) not synced yet`))
      assert.isAtLeast(stopped.files.length, 1)
      assert.isBelow(stopped.files.length, F)
      fake.setQuota({ remaining: 5000 })
      const from = fake.log.length
      const resumed = yield* syncOnce({ fake, folder, source: { backfillThreshold: 50 } })
      const log = requestsSince(fake, from)
      assert.match(log[0]!, /^304 .*\(conditional\)$/)
      assert.strictEqual(resumed.requests, 1 + F - stopped.files.length, log.join("\n"))
      assert.strictEqual(resumed.files.length, F)
      assert.deepStrictEqual(resumed.problems, [])
      assert.strictEqual(resumed.changed.length, F - stopped.files.length)
    })
  )

  it.live("a rate limit before anything was synced is a SourceError saying when to retry", () =>
    Effect.gen(function* () {
      fake.setQuota({ remaining: 0, resetInSeconds: 600 })
      const error = yield* Effect.flip(syncOnce({ fake, folder }))
      assert.strictEqual(error._tag, "SourceError")
      assert.match(
        error.message,
        /rate limit reached before anything was synced; retry after .*\(in 10 min\)/
      )
    })
  )

  it.live("a secondary limit asking for a long wait stops; the previous files are served meanwhile", () =>
    Effect.gen(function* () {
      yield* syncOnce({ fake, folder })
      addDigest()
      fake.setFaults([{ kind: "secondary-403", match: "/git/trees/", retryAfter: 120 }])
      const stopped = yield* syncOnce({ fake, folder, maxRateLimitWaitSeconds: 60 })
      assert.deepStrictEqual(codes(stopped), ["rate-limited"])
      assert.match(stopped.problems[0]!.message, /\(in 2 min\)/)
      assert.strictEqual(stopped.files.length, F)
      assert.deepStrictEqual(stopped.changed, [])
      const resumed = yield* syncOnce({ fake, folder })
      assert.strictEqual(resumed.requests, 3)
      assert.deepStrictEqual(resumed.changed, [NEW])
    })
  )

  it.live("a lost mirrored copy that GitHub cannot give again is a problem naming the file, when read", () =>
    Effect.gen(function* () {
      const synced = yield* syncOnce({ fake, folder })
      const path = `${DIGESTS}/2025-07-04-arxiv.md`
      rmSync(join(folder, "digests", path))
      fake.setFaults([{ kind: "server-error", match: "/git/blobs/", times: 100 }])
      const read = yield* synced.read(synced.files.find((file) => file.path === path)!)
      assert.instanceOf(read, Problem)
      assert.deepStrictEqual([read.file, read.code, read.severity], [path, "mirror-damaged", "error"])
      fake.setFaults([])
      const healed = yield* synced.read(synced.files.find((file) => file.path === path)!)
      assert.notInstanceOf(healed, Problem)
    })
  )

  it.live(
    "GitHub failing past every retry: the mirror is served with a problem, the next sync catches up",
    () =>
      Effect.gen(function* () {
        yield* syncOnce({ fake, folder })
        addDigest()
        fake.setFaults([{ kind: "server-error", match: "/git/trees/", times: 100 }])
        const degraded = yield* syncOnce({ fake, folder })
        assert.deepStrictEqual(codes(degraded), ["sync-incomplete"])
        assert.include(degraded.problems[0]!.message, "HTTP 502")
        assert.strictEqual(degraded.files.length, F)
        fake.setFaults([])
        const resumed = yield* syncOnce({ fake, folder })
        assert.deepStrictEqual(resumed.changed, [NEW])
        assert.deepStrictEqual(resumed.problems, [])
      })
  )

  it.live("a blob failing past every retry is a fetch-failed problem; the next sync fetches only it", () =>
    Effect.gen(function* () {
      yield* syncOnce({ fake, folder })
      addDigest()
      fake.setFaults([{ kind: "server-error", match: "/git/blobs/", times: 100 }])
      const partial = yield* syncOnce({ fake, folder })
      assert.deepStrictEqual(
        partial.problems.map((problem) => [problem.file, problem.code]),
        [[NEW, "fetch-failed"]]
      )
      assert.strictEqual(partial.files.length, F)
      fake.setFaults([])
      const from = fake.log.length
      const resumed = yield* syncOnce({ fake, folder })
      assert.deepStrictEqual(requestsSince(fake, from).length, 2)
      assert.deepStrictEqual(resumed.changed, [NEW])
    })
  )

  it.live(
    "a tarball cut short every time keeps the files before the cut; the next sync fetches the rest",
    () =>
      Effect.gen(function* () {
        fake.setFaults([{ kind: "truncate", match: "/_codeload/", times: 100 }])
        const partial = yield* syncOnce({ fake, folder })
        assert.deepStrictEqual(codes(partial), ["sync-incomplete"])
        assert.isAtLeast(partial.files.length, 1)
        assert.isBelow(partial.files.length, F)
        fake.setFaults([])
        const resumed = yield* syncOnce({ fake, folder })
        assert.strictEqual(resumed.files.length, F)
        assert.strictEqual(resumed.changed.length, F - partial.files.length)
      })
  )

  it.live("an interrupted sync keeps the files it fetched; the next one fetches only the rest", () =>
    Effect.gen(function* () {
      fake.setLatency(20)
      const fiber = yield* Effect.fork(syncOnce({ fake, folder, source: { backfillThreshold: 50 } }))
      const blobs = () => fake.log.filter((entry) => entry.path.includes("/git/blobs/")).length
      yield* Effect.sync(blobs).pipe(
        Effect.repeat({ until: (n) => n >= 8, schedule: Schedule.spaced("5 millis") })
      )
      yield* Fiber.interrupt(fiber)
      fake.setLatency(0)
      const mirrored = readdirSync(join(folder, "digests", DIGESTS)).filter((name) =>
        name.endsWith(".md")
      ).length
      assert.isAtLeast(mirrored, 4)
      // Counted by the client: a request aborted by the interruption may still reach the fake's log late.
      const resumed = yield* syncOnce({ fake, folder, source: { backfillThreshold: 50 } })
      assert.strictEqual(resumed.requests, 2 + F - mirrored)
      assert.strictEqual(resumed.files.length, F)
    })
  )

  it.live("the token is sent but never logged, not even in errors", () =>
    Effect.gen(function* () {
      const token = "ghp_FakeSecretToken0123456789abcdefXYZ"
      yield* Effect.promise(() => restartFake({ token }))
      const logs: Array<string> = []
      const env = { GITHUB_TOKEN: token }
      fake.setFaults([
        { kind: "secondary-403", match: "/git/trees/" },
        { kind: "server-error", match: "/tarball/" },
        { kind: "truncate", match: "/_codeload/" }
      ])
      yield* syncOnce({ fake, folder, env, logs })
      addDigest()
      fake.setQuota({ remaining: 1 })
      const stopped = yield* syncOnce({ fake, folder, env, logs })
      assert.deepStrictEqual(codes(stopped), ["rate-limited"])
      assert.isTrue(fake.log.every((entry) => entry.authorized))
      const refused = yield* Effect.flip(
        syncOnce({ fake, folder: tempFolder(), env: { GITHUB_TOKEN: `${token}-wrong` }, logs })
      )
      assert.include(refused.message, "access refused")
      const { inspect } = yield* Effect.promise(() => import("node:util"))
      const everything = [...logs, inspect(refused, { depth: 12 }), JSON.stringify(stopped)].join("\n")
      assert.isAbove(logs.length, 0)
      assert.notInclude(everything, token.slice(4))
    })
  )
})
