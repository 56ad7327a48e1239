/** The publisher: copies of published bytes, recorded sections, kept files, and what counts as intact. */
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import type { Chunk } from "../../src/emit/Artifact.ts"
import { outputsIntact, publishOutputs } from "../../src/pipeline/incremental/publishOutputs.ts"
import { StateStore } from "../../src/state/StateStore.ts"
import { tempDir } from "../support/cli.ts"

const day = (date: string) => IsoDate.make(date)
const mark = (date: string, edge: "start" | "end"): Chunk => ({ _tag: "SectionMark", day: day(date), edge })

const withStore = (state: string) =>
  Effect.provide(StateStore.Default(state).pipe(Layer.provideMerge(NodeContext.layer)))

describe("publishOutputs", () => {
  it.effect("copies sections out of the published file, records where each day lies, and keeps files", () => {
    const out = tempDir("publish-out")
    const state = tempDir("publish-state")
    return Effect.gen(function* () {
      const store = yield* StateStore
      const first = yield* publishOutputs(
        out,
        {
          artifacts: [
            {
              path: "all.txt",
              content: ["[", mark("2025-10-01", "start"), "α,β", mark("2025-10-01", "end"), "]"]
            },
            { path: "bib/2025-10-01.bib", content: "day one\n" }
          ],
          kept: []
        },
        store
      )
      assert.deepStrictEqual(first.sections["all.txt"], { "2025-10-01": { offset: 1, length: 5 } })
      const second = yield* publishOutputs(
        out,
        {
          artifacts: [
            {
              path: "all.txt",
              content: [
                "[",
                mark("2025-10-01", "start"),
                { _tag: "CopyRange", offset: 1, length: 5 },
                mark("2025-10-01", "end"),
                ";",
                mark("2025-10-02", "start"),
                "γ",
                mark("2025-10-02", "end"),
                "]"
              ]
            }
          ],
          kept: ["bib/2025-10-01.bib"]
        },
        store
      )
      assert.strictEqual(readFileSync(join(out, "all.txt"), "utf8"), "[α,β;γ]")
      assert.deepStrictEqual(second.sections["all.txt"], {
        "2025-10-01": { offset: 1, length: 5 },
        "2025-10-02": { offset: 7, length: 2 }
      })
      assert.deepStrictEqual([second.written, second.unchanged, second.removed], [["all.txt"], 1, []])
      assert.strictEqual(readFileSync(join(out, "bib/2025-10-01.bib"), "utf8"), "day one\n")
      assert.isTrue(yield* outputsIntact(out, store))
    }).pipe(withStore(state))
  })

  it.effect("an output folder that is not the one the state describes is not intact, sizes alike", () => {
    const out = tempDir("publish-out")
    const state = tempDir("publish-state")
    return Effect.gen(function* () {
      const store = yield* StateStore
      yield* publishOutputs(out, { artifacts: [{ path: "a.txt", content: "one" }], kept: [] }, store)
      assert.isTrue(yield* outputsIntact(out, store))
      const carried = join(out, ".manifest.json")
      const text = readFileSync(carried, "utf8")
      writeFileSync(carried, text.replace(/"sha256": "./, '"sha256": "x'))
      assert.isFalse(yield* outputsIntact(out, store))
      writeFileSync(carried, text)
      assert.isTrue(yield* outputsIntact(out, store))
    }).pipe(withStore(state))
  })

  it.effect("in a folder it did not write, a file of the recorded size is replaced all the same", () => {
    const out = tempDir("publish-out")
    const state = tempDir("publish-state")
    return Effect.gen(function* () {
      const store = yield* StateStore
      const site = { artifacts: [{ path: "a.txt", content: "one" }], kept: [] }
      yield* publishOutputs(out, site, store)
      // another night's folder: same size, other bytes, its own manifest
      writeFileSync(join(out, "a.txt"), "two")
      writeFileSync(join(out, ".manifest.json"), "{}\n")
      const again = yield* publishOutputs(out, site, store)
      assert.deepStrictEqual(again.written, ["a.txt"])
      assert.strictEqual(readFileSync(join(out, "a.txt"), "utf8"), "one")
      assert.isTrue(yield* outputsIntact(out, store))
    }).pipe(withStore(state))
  })

  it.effect("refuses to keep a file the last run did not publish", () => {
    const out = tempDir("publish-out")
    const state = tempDir("publish-state")
    return Effect.gen(function* () {
      const failed = yield* Effect.flip(
        publishOutputs(out, { artifacts: [], kept: ["gone.bib"] }, yield* StateStore)
      )
      assert.match(String(failed), /cannot keep gone\.bib/)
    }).pipe(withStore(state))
  })
})
