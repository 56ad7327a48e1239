/** DIGEST_FEEDS_TIME_SCALE: honoured for loopback services only, warned about only for services a run contacts. */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Logger } from "effect"
import { clientTuning } from "../../src/cli/timeScale.ts"

const withEnv = (env: Record<string, string>) => {
  const warnings: Array<string> = []
  const logger = Logger.make(({ message }) => {
    warnings.push(String(message))
  })
  return {
    warnings,
    run: <A, E>(effect: Effect.Effect<A, E>) =>
      effect.pipe(
        Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
      )
  }
}

describe("clientTuning", () => {
  it.effect("unset: the defaults, nothing logged", () => {
    const env = withEnv({})
    return Effect.gen(function* () {
      const tuning = yield* env.run(clientTuning({ arxiv: true, rxiv: true, github: true }))
      assert.deepStrictEqual(tuning, { arxiv: {}, rxiv: {}, github: {} })
      assert.deepStrictEqual(env.warnings, [])
    })
  })

  it.effect("scales the services on loopback only", () => {
    const env = withEnv({ DIGEST_FEEDS_TIME_SCALE: "0.01", ARXIV_API_URL: "http://127.0.0.1:9/api" })
    return Effect.gen(function* () {
      const tuning = yield* env.run(clientTuning({ arxiv: true, rxiv: true, github: true }))
      assert.strictEqual(tuning.arxiv.spacing, "30 millis")
      assert.deepStrictEqual(tuning.rxiv, {})
      assert.deepStrictEqual(tuning.github, {})
      assert.deepStrictEqual(env.warnings, [
        "DIGEST_FEEDS_TIME_SCALE ignored for bioRxiv/medRxiv and GitHub: not on loopback"
      ])
    })
  })

  it.effect("scales the bioRxiv/medRxiv client when RXIV_API_URL is on loopback", () => {
    const env = withEnv({ DIGEST_FEEDS_TIME_SCALE: "0.01", RXIV_API_URL: "http://127.0.0.1:9" })
    return Effect.gen(function* () {
      const tuning = yield* env.run(clientTuning({ arxiv: false, rxiv: true, github: false }))
      assert.strictEqual(tuning.rxiv.spacing, "10 millis")
      assert.strictEqual(tuning.rxiv.backoffBase, "50 millis")
      assert.deepStrictEqual(tuning.arxiv, {})
      assert.deepStrictEqual(env.warnings, [])
    })
  })

  it.effect("the scaled GitHub timeout: a 10 s floor, or DIGEST_FEEDS_GITHUB_TIMEOUT_SECONDS", () => {
    const loopback = { DIGEST_FEEDS_TIME_SCALE: "0.001", GITHUB_API_URL: "http://127.0.0.1:9" }
    return Effect.gen(function* () {
      const floor = yield* withEnv(loopback).run(clientTuning({ arxiv: false, rxiv: false, github: true }))
      assert.strictEqual(floor.github.timeoutMillis, 10_000)
      assert.strictEqual(floor.github.retryBaseMillis, 1)
      const set = yield* withEnv({ ...loopback, DIGEST_FEEDS_GITHUB_TIMEOUT_SECONDS: "120" }).run(
        clientTuning({ arxiv: false, rxiv: false, github: true })
      )
      assert.strictEqual(set.github.timeoutMillis, 120_000)
      // Without a scale nothing is read: the production defaults stand.
      const unscaled = yield* withEnv({ DIGEST_FEEDS_GITHUB_TIMEOUT_SECONDS: "1" }).run(
        clientTuning({ arxiv: false, rxiv: false, github: true })
      )
      assert.deepStrictEqual(unscaled.github, {})
    })
  })

  it.effect("no warning for a run that contacts no service (offline), even with real URLs", () => {
    const env = withEnv({ DIGEST_FEEDS_TIME_SCALE: "0.01" })
    return env
      .run(clientTuning({ arxiv: false, rxiv: false, github: false }))
      .pipe(Effect.map(() => assert.deepStrictEqual(env.warnings, [])))
  })
})
