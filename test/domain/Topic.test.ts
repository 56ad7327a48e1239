/** A bad topic in the pipeline file is a configuration error naming its path (loadPipeline, and exit 2). */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { loadPipeline } from "../../src/pipeline/loadPipeline.ts"
import { runCli, tempDir } from "../support/cli.ts"

const BASE = {
  name: "x",
  title: "X",
  siteUrl: "https://example.org/",
  source: { type: "local", path: "digests" }
}

/** Writes a pipeline with these topics and loads it as `--pipeline FILE` would. */
const load = (topics: ReadonlyArray<Record<string, unknown>>) =>
  Effect.gen(function* () {
    const file = join(tempDir("topic-pipeline"), "pipeline.json")
    writeFileSync(file, JSON.stringify({ ...BASE, topics }))
    const exit = yield* Effect.exit(loadPipeline(file, "/nonexistent"))
    return { file, exit }
  }).pipe(Effect.provide(NodeContext.layer))

const errorOf = (exit: Exit.Exit<unknown, { message: string }>): string =>
  Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error.message : "no failure"

const rejects = (topics: ReadonlyArray<Record<string, unknown>>, expected: string) =>
  Effect.gen(function* () {
    const { file, exit } = yield* load(topics)
    const message = errorOf(exit)
    assert.include(message, file)
    assert.include(message, expected)
  })

describe("topics in the pipeline file", () => {
  it.effect("decode with their defaults", () =>
    Effect.gen(function* () {
      const { exit } = yield* load([{ name: "llm", title: "LLM", any: ["llm"] }])
      assert.isTrue(Exit.isSuccess(exit))
      if (Exit.isSuccess(exit))
        assert.deepStrictEqual(
          { ...exit.value.pipeline.topics[0] },
          {
            name: "llm",
            title: "LLM",
            any: ["llm"],
            all: [],
            none: [],
            servers: [],
            categories: [],
            authors: [],
            hasCode: false,
            days: 30
          }
        )
    })
  )

  it.effect("an unknown field is named by its path", () =>
    rejects([{ name: "a", title: "A", keywords: ["x"] }], "topics.0.keywords: is unexpected")
  )

  it.effect("an empty name, or one that is not a safe folder name", () =>
    Effect.gen(function* () {
      yield* rejects([{ name: "", title: "A" }], "topics.0.name: a topic needs a name")
      for (const name of ["../up", "a/b", "..", "-a", "Upper", "a b", "a.b"])
        yield* rejects(
          [
            { name: "ok", title: "A" },
            { name, title: "B" }
          ],
          "topics.1.name: a folder name"
        )
    })
  )

  it.effect("two topics with one name", () =>
    rejects(
      [
        { name: "a", title: "A" },
        { name: "b", title: "B" },
        { name: "a", title: "C" }
      ],
      'topics.2.name: a second topic named "a"'
    )
  )

  it.effect("a term list that matches nothing by construction", () =>
    Effect.gen(function* () {
      yield* rejects([{ name: "a", title: "A", any: ["llm", "  "] }], "topics.0.any.1: a blank term")
      yield* rejects([{ name: "a", title: "A", none: ["\u3000"] }], "topics.0.none.0: a blank term")
      yield* rejects([{ name: "a", title: "A", authors: [""] }], "topics.0.authors.0: a blank term")
      yield* rejects(
        [{ name: "a", title: "A", all: ["diffusion", "LLM"], none: ["ｌｌｍ"] }],
        'topics.0.all.1: topic "a": "LLM" always contains the excluded term "ｌｌｍ"'
      )
      yield* rejects(
        [{ name: "a", title: "A", any: ["large language model", "gan"], none: ["language"] }],
        "topics.0.any.0:"
      )
      yield* rejects([{ name: "a", title: "A", any: ["扩散模型"], none: ["扩散"] }], "topics.0.any.0:")
      yield* rejects([{ name: "a", title: "A", categories: ["cs CV"] }], "topics.0.categories.0:")
      yield* rejects([{ name: "a", title: "A", servers: ["ssrn"] }], "topics.0.servers.0:")
      yield* rejects([{ name: "a", title: "A", days: 0 }], "topics.0.days:")
    })
  )

  it.effect("terms that only look alike are fine", () =>
    Effect.gen(function* () {
      const { exit } = yield* load([
        { name: "a", title: "A", any: ["llm"], none: ["llm2vec", "综述"], all: ["扩散"] },
        { name: "b", title: "B", any: ["language"], none: ["large language model"] }
      ])
      assert.isTrue(Exit.isSuccess(exit), errorOf(exit))
    })
  )

  it("the CLI exits 2 and names the file and the topic's field", async () => {
    const file = join(tempDir("topic-cli"), "pipeline.json")
    writeFileSync(file, JSON.stringify({ ...BASE, topics: [{ name: "../escape", title: "E" }] }))
    const result = await runCli(["run", "--pipeline", file, "--out", tempDir("topic-cli-out")])
    assert.strictEqual(result.code, 2)
    assert.include(result.stderr, file)
    assert.include(result.stderr, "topics.0.name")
  }, 120_000)
})
