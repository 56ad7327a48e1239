import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { decodePipeline, loadPipeline } from "../../src/pipeline/loadPipeline.ts"

const pipelinesRoot = new URL("../../pipelines", import.meta.url).pathname

const failureMessage = (exit: Exit.Exit<unknown, { message: string }>): string =>
  Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error.message : "no failure"

describe("pipeline definitions", () => {
  it.effect("the bundled pipelines decode, with defaults filled in", () =>
    Effect.gen(function* () {
      const sample = yield* loadPipeline("sample", pipelinesRoot)
      assert.strictEqual(sample.pipeline.name, "sample")
      assert.strictEqual(sample.pipeline.source.type, "local")
      assert.isTrue(sample.pipeline.offline)
      assert.strictEqual(sample.pipeline.feeds.days, 7)
      assert.strictEqual(sample.pipeline.enrich.batchSize, 100)
      const live = yield* loadPipeline("arxiv-daily", pipelinesRoot)
      assert.deepStrictEqual(
        live.pipeline.source.type === "github" ? [live.pipeline.source.owner, live.pipeline.source.repo] : [],
        ["Lcollection", "Arxiv_Daily"]
      )
    }).pipe(Effect.provide(NodeContext.layer))
  )

  it.effect("a bad field is rejected with a message naming the field", () =>
    Effect.gen(function* () {
      const text = JSON.stringify({
        name: "x",
        title: "X",
        siteUrl: "https://example.org/",
        source: { type: "github", owner: "Lcollection", repo: "Arxiv_Daily", backfillThreshold: -3 }
      })
      const exit = yield* Effect.exit(decodePipeline("bad.json", text))
      const message = failureMessage(exit)
      assert.include(message, "bad.json")
      assert.include(message, "source.backfillThreshold: Expected a positive number, actual -3")
    })
  )

  it.effect("an unknown field and a wrong type are both named", () =>
    Effect.gen(function* () {
      const text = JSON.stringify({
        name: "x",
        title: "X",
        siteUrl: "https://example.org/",
        source: { type: "local", path: "d" },
        feeds: { days: "seven" },
        colour: "blue"
      })
      const message = failureMessage(yield* Effect.exit(decodePipeline("p.json", text)))
      assert.include(message, 'feeds.days: Expected number, actual "seven"')
      assert.include(message, "colour: is unexpected")
    })
  )

  it.effect("an unknown pipeline name lists where it looked", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(loadPipeline("nope", pipelinesRoot))
      assert.include(failureMessage(exit), "nope/pipeline.json")
    }).pipe(Effect.provide(NodeContext.layer))
  )
})
