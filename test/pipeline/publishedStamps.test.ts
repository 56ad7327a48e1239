/** What vouches for a published file before a run splices from it: its stamp (size, mtime) or its hash. */
import { readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import type { Chunk } from "../../src/emit/Artifact.ts"
import { publishedBytesMatch } from "../../src/pipeline/incremental/publishedStamps.ts"
import { publishOutputs, recordedFiles } from "../../src/pipeline/incremental/publishOutputs.ts"
import { StateStore } from "../../src/state/StateStore.ts"
import { tempDir } from "../support/cli.ts"

const mark = (date: string, edge: "start" | "end"): Chunk => ({
  _tag: "SectionMark",
  day: IsoDate.make(date),
  edge
})

const withStore = (state: string) =>
  Effect.provide(StateStore.Default(state).pipe(Layer.provideMerge(NodeContext.layer)))

/** Publishes one sectioned file and one plain one; returns the stamps and a check of the sectioned file. */
const published = (out: string) =>
  Effect.gen(function* () {
    const store = yield* StateStore
    const result = yield* publishOutputs(
      out,
      {
        artifacts: [
          {
            path: "all.txt",
            content: ["[", mark("2025-10-01", "start"), "alpha", mark("2025-10-01", "end"), "]"]
          },
          { path: "plain.txt", content: "plain" }
        ],
        kept: []
      },
      store
    )
    const check = (stamps = result.stamps) =>
      Effect.flatMap(recordedFiles(store), (recorded) =>
        publishedBytesMatch(out, recorded, ["all.txt"], stamps)
      )
    return { result, check }
  })

/** Runs `body` on a fresh output folder right after `published` wrote it, with its own state folder. */
const afterPublish = <E, R>(
  body: (
    out: string,
    publish: Effect.Effect.Success<ReturnType<typeof published>>
  ) => Effect.Effect<void, E, R>
) => {
  const out = tempDir("stamps-out")
  return Effect.flatMap(published(out), (publish) => body(out, publish)).pipe(
    withStore(tempDir("stamps-state"))
  )
}

/** Sets a file's mtime a minute after the given one: an edit made later than the publish. */
const later = (file: string, mtimeMs: number) =>
  utimesSync(file, new Date(mtimeMs + 60_000), new Date(mtimeMs + 60_000))

/** Other bytes of the same size ("[alpha]" -> "[omega]"), and the mtime put back: what a stamp cannot see. */
const editKeepingStamp = (file: string, mtimeMs: number) => {
  writeFileSync(file, "[omega]")
  utimesSync(file, new Date(mtimeMs), new Date(mtimeMs))
}

describe("publishedBytesMatch", () => {
  it.effect("the publish stamps the files with sections, with the size and mtime they have in place", () => {
    return afterPublish((out, { result, check }) =>
      Effect.gen(function* () {
        const info = statSync(join(out, "all.txt"))
        assert.deepStrictEqual(Object.keys(result.stamps), ["all.txt"])
        assert.deepStrictEqual(result.stamps["all.txt"], {
          ...result.files["all.txt"]!,
          mtimeMs: info.mtime.getTime()
        })
        assert.isTrue(yield* check())
      })
    )
  })

  it.effect("a file edited by hand to the same size, with a later mtime: hashed, and refused", () => {
    return afterPublish((out, { result, check }) =>
      Effect.gen(function* () {
        const file = join(out, "all.txt")
        writeFileSync(file, "[omega]")
        later(file, result.stamps["all.txt"]!.mtimeMs)
        assert.strictEqual(statSync(file).size, result.files["all.txt"]!.bytes)
        assert.isFalse(yield* check())
      })
    )
  })

  it.effect("a file truncated by hand is refused, whatever its mtime", () => {
    return afterPublish((out, { result, check }) =>
      Effect.gen(function* () {
        const file = join(out, "all.txt")
        truncateSync(file, 3)
        const mtimeMs = result.stamps["all.txt"]!.mtimeMs
        utimesSync(file, new Date(mtimeMs), new Date(mtimeMs))
        assert.isFalse(yield* check())
      })
    )
  })

  it.effect("a file touched but unchanged is hashed and still taken; so is one without a stamp", () => {
    return afterPublish((out, { result, check }) =>
      Effect.gen(function* () {
        later(join(out, "all.txt"), result.stamps["all.txt"]!.mtimeMs)
        assert.isTrue(yield* check())
        assert.isTrue(yield* check({}))
      })
    )
  })

  it.effect("a stamp for another hash than the manifest's vouches for nothing: the file is hashed", () => {
    return afterPublish((out, { result, check }) =>
      Effect.gen(function* () {
        const stamp = result.stamps["all.txt"]!
        editKeepingStamp(join(out, "all.txt"), stamp.mtimeMs)
        assert.isFalse(yield* check({ "all.txt": { ...stamp, sha256: "0".repeat(64) } }))
      })
    )
  })

  it.effect(
    "the stamp is trusted without reading: an edit that keeps the size and puts the mtime back passes",
    () => {
      // The documented limit, and the proof that a stamped file is not hashed again.
      return afterPublish((out, { result, check }) =>
        Effect.gen(function* () {
          const file = join(out, "all.txt")
          editKeepingStamp(file, result.stamps["all.txt"]!.mtimeMs)
          assert.notStrictEqual(readFileSync(file, "utf8"), "[alpha]")
          assert.isTrue(yield* check())
        })
      )
    }
  )
})
