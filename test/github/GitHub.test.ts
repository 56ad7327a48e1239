/**
 * The GitHub client's own waits, on the TestClock: the timeout of a call that never answers and the backoff
 * between retries of a transient failure are Effect schedules, so they are tested without real time. The waits
 * octokit's plugins do themselves (Retry-After, rate limits, 5xx inside one call) are tested on the wire against
 * the loopback fake (test/sources/GitHubFaults.test.ts).
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Exit, Fiber, TestClock } from "effect"
import { RequestError } from "octokit"
import { GitHub, GitHubError } from "../../src/github/GitHub.ts"

const noEnvironment = Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))
const client = (options: { timeoutMillis: number; retryBaseMillis: number }) =>
  Effect.provide(GitHub, GitHub.Default(options)).pipe(noEnvironment)

const notFound = () =>
  new RequestError("Not Found", 404, { request: { method: "GET", url: "https://x/y", headers: {} } })

describe("GitHub client on the TestClock", () => {
  it.effect("a call that never answers times out, is tried three times with backoff, then fails", () =>
    Effect.gen(function* () {
      const github = yield* client({ timeoutMillis: 1000, retryBaseMillis: 100 })
      let attempts = 0
      const fiber = yield* Effect.fork(
        github.call("hang", () => {
          attempts++
          return new Promise<never>(() => {})
        })
      )
      // attempt 1: 0-1000 ms, backoff 100; attempt 2: 1100-2100, backoff 200; attempt 3: 2300-3300.
      yield* TestClock.adjust("1099 millis")
      assert.strictEqual(attempts, 1)
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(attempts, 2)
      yield* TestClock.adjust("1199 millis")
      assert.strictEqual(attempts, 2)
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(attempts, 3)
      yield* TestClock.adjust("999 millis")
      assert.isUndefined(fiber.unsafePoll() ?? undefined)
      yield* TestClock.adjust("1 millis")
      const exit = yield* Fiber.await(fiber)
      assert.isTrue(Exit.isFailure(exit))
      const error = Exit.isFailure(exit) ? exit.cause : undefined
      assert.include(String(error), "no answer within 1 s")
    })
  )

  it.effect("a transient failure is retried after the backoff and the answer returned", () =>
    Effect.gen(function* () {
      const github = yield* client({ timeoutMillis: 60_000, retryBaseMillis: 100 })
      let attempts = 0
      const fiber = yield* Effect.fork(
        github.call("flaky", () => {
          attempts++
          return attempts < 3 ? Promise.reject(new Error("socket hang up")) : Promise.resolve("ok")
        })
      )
      yield* TestClock.adjust("299 millis")
      assert.strictEqual(attempts, 2)
      assert.isNull(fiber.unsafePoll())
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* Fiber.join(fiber), "ok")
      assert.strictEqual(attempts, 3)
    })
  )

  it.effect("a repository GitHub does not know is not retried", () =>
    Effect.gen(function* () {
      const github = yield* client({ timeoutMillis: 60_000, retryBaseMillis: 100 })
      let attempts = 0
      const error = yield* github
        .call("missing", () => {
          attempts++
          return Promise.reject(notFound())
        })
        .pipe(Effect.flip)
      assert.instanceOf(error, GitHubError)
      assert.deepStrictEqual([error.reason, error.status, attempts], ["not-found", 404, 1])
    })
  )
})
