import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { assert, describe, expect, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { decodePipeline, loadPipeline } from "../../src/pipeline/loadPipeline.ts"
import { tempDir } from "../support/cli.ts"
import { runInProcess } from "../support/runInProcess.ts"

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
      assert.deepStrictEqual(sample.pipeline.servers, ["arxiv", "biorxiv", "medrxiv"])
      assert.deepStrictEqual(sample.pipeline.source.path, ["digests/*.md", "digests/api/daily/*.json"])
      const live = yield* loadPipeline("arxiv-daily", pipelinesRoot)
      assert.deepStrictEqual(
        live.pipeline.source.type === "github" ? [live.pipeline.source.owner, live.pipeline.source.repo] : [],
        ["Lcollection", "Arxiv_Daily"]
      )
      assert.deepStrictEqual(live.pipeline.servers, ["arxiv", "biorxiv", "medrxiv"])
      assert.deepStrictEqual(live.pipeline.source.path, [
        "docs/daily-papers/*rxiv.md",
        "docs/api/daily/*.json"
      ])
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

  it.effect("servers default to arXiv alone, and a path may be one glob or a list", () =>
    Effect.gen(function* () {
      const base = { name: "x", title: "X", siteUrl: "https://example.org/" }
      const old = yield* decodePipeline(
        "p.json",
        JSON.stringify({ ...base, source: { type: "github", owner: "o", repo: "r" } })
      )
      assert.deepStrictEqual(old.servers, ["arxiv"])
      assert.strictEqual(old.source.path, "docs/daily-papers/*-arxiv.md")
      const listed = yield* decodePipeline(
        "p.json",
        JSON.stringify({
          ...base,
          servers: ["medrxiv"],
          source: { type: "local", path: ["a/*.md", "b/*.json"] }
        })
      )
      assert.deepStrictEqual(listed.servers, ["medrxiv"])
      assert.deepStrictEqual(listed.source.path, ["a/*.md", "b/*.json"])
    })
  )

  it.effect("a bad servers or path value is rejected naming its field", () =>
    Effect.gen(function* () {
      const base = { name: "x", title: "X", siteUrl: "https://example.org/" }
      const decode = (fields: Record<string, unknown>) =>
        Effect.map(
          Effect.exit(decodePipeline("p.json", JSON.stringify({ ...base, ...fields }))),
          failureMessage
        )
      const local = { type: "local", path: "d" }
      assert.include(yield* decode({ source: local, servers: ["arxiv", "pubmed"] }), "servers.1:")
      assert.include(yield* decode({ source: local, servers: [] }), "servers.0: is missing")
      assert.include(
        yield* decode({ source: local, servers: ["arxiv", "arxiv"] }),
        "a server is listed twice"
      )
      assert.include(yield* decode({ source: { type: "local", path: [] } }), "source.path.0: is missing")
      assert.include(
        yield* decode({ source: { type: "local", path: ["a/*.md", ""] } }),
        "source.path.1: an empty path"
      )
      assert.include(
        yield* decode({ source: { type: "github", owner: "o", repo: "r", path: 3 } }),
        "source.path: Expected"
      )
    })
  )

  it("a bad servers value stops the run with a configuration error (exit 2) naming the field", async () => {
    const folder = tempDir("bad-servers")
    mkdirSync(join(folder, "bad"))
    writeFileSync(
      join(folder, "bad", "pipeline.json"),
      JSON.stringify({
        name: "bad",
        title: "Bad",
        siteUrl: "https://example.org/",
        source: { type: "local", path: "digests" },
        servers: ["biorxiv", "chemrxiv"]
      })
    )
    const result = await runInProcess({
      pipeline: "bad",
      pipelinesDir: folder,
      outDir: tempDir("bad-servers-out"),
      stateDir: tempDir("bad-servers-state"),
      offline: true,
      env: {}
    })
    expect(result.exitCode).toBe(2)
    expect(result.error).toContain("servers.1")
  })

  it.effect("an unknown pipeline name lists where it looked", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(loadPipeline("nope", pipelinesRoot))
      assert.include(failureMessage(exit), "nope/pipeline.json")
    }).pipe(Effect.provide(NodeContext.layer))
  )
})
