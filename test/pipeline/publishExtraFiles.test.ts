/**
 * The publisher's step after rendering (the search index): it sees every page about to be published, staged
 * or kept (or, naming what it reads, only those, while the rest is staged beside it); its files are published
 * like the rest, and its folder holds nothing else afterwards.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Ref } from "effect"
import type { Artifact } from "../../src/emit/Artifact.ts"
import {
  type ExtraFiles,
  PublishError,
  publishOutputs
} from "../../src/pipeline/incremental/publishOutputs.ts"
import { StateStore } from "../../src/state/StateStore.ts"
import { tempDir } from "../support/cli.ts"

const withStore = (state: string) =>
  Effect.provide(StateStore.Default(state).pipe(Layer.provideMerge(NodeContext.layer)))

const bytes = (text: string) => new TextEncoder().encode(text)

/** An index of the day pages: one file named after the pages it read (a content hash in Pagefind's case). */
const concatenating = (seen: Array<string>): ExtraFiles => ({
  folder: "idx",
  files: (staged) =>
    Effect.gen(function* () {
      const days = staged.paths.filter((path) => path.startsWith("day/"))
      const texts: Array<string> = []
      for (const day of days) texts.push(yield* staged.read(day))
      seen.push(days.join(" "))
      return { files: [{ path: `idx/${texts.join("-")}.bin`, bytes: bytes(texts.join("\n")) }], kept: [] }
    })
})

describe("publishOutputs with a step after rendering", () => {
  it.effect("reads staged and kept pages, publishes its files, and sweeps its folder of any other", () => {
    const out = tempDir("extra-out")
    const state = tempDir("extra-state")
    return Effect.gen(function* () {
      const store = yield* StateStore
      const seen: Array<string> = []
      const first = yield* publishOutputs(
        out,
        { artifacts: [{ path: "day/a.html", content: "a1" }], kept: [] },
        store,
        concatenating(seen)
      )
      assert.include(first.written, "idx/a1.bin")
      assert.strictEqual(first.files["idx/a1.bin"]?.bytes, 2)
      // a stray file of another night (outputs restored from a cache, a killed run): no manifest lists it
      mkdirSync(join(out, "idx", "fragment"), { recursive: true })
      writeFileSync(join(out, "idx", "fragment", "old.bin"), "stale")
      const second = yield* publishOutputs(
        out,
        { artifacts: [{ path: "day/b.html", content: "b1" }], kept: ["day/a.html"] },
        store,
        concatenating(seen)
      )
      // the kept page is read where it is published, the new one from the staging folder
      assert.deepStrictEqual(seen, ["day/a.html", "day/a.html day/b.html"])
      assert.strictEqual(readFileSync(join(out, "idx", "a1-b1.bin"), "utf8"), "a1\nb1")
      assert.deepStrictEqual(second.removed, ["idx/a1.bin"])
      assert.isFalse(existsSync(join(out, "idx", "a1.bin")))
      assert.isFalse(existsSync(join(out, "idx", "fragment", "old.bin")))
      // and its folder, left empty
      assert.isFalse(existsSync(join(out, "idx", "fragment")))
      assert.isTrue(existsSync(join(out, "day", "a.html")))
    }).pipe(withStore(state))
  })

  it.effect("refuses a file outside the step's folder, and publishes nothing then", () => {
    const out = tempDir("extra-out")
    const state = tempDir("extra-state")
    return Effect.gen(function* () {
      const store = yield* StateStore
      const escaping: ExtraFiles = {
        folder: "idx",
        files: () => Effect.succeed({ files: [{ path: "index.html", bytes: bytes("not mine") }], kept: [] })
      }
      const error = yield* publishOutputs(
        out,
        { artifacts: [{ path: "day/a.html", content: "a" }], kept: [] },
        store,
        escaping
      ).pipe(Effect.flip)
      assert.strictEqual(error._tag, "PublishError")
      assert.include(error.message, "outside idx/")
      assert.isFalse(existsSync(join(out, "day", "a.html")))
    }).pipe(withStore(state))
  })

  it.effect(
    "keeps the files the step names as the last publish left them, with their hashes, and sees the pages' hashes",
    () => {
      const out = tempDir("extra-out")
      const state = tempDir("extra-state")
      /** Builds idx/<name>.bin from the pages unless the last publish recorded one for the same hashes. */
      const keeping = (log: Array<string>): ExtraFiles => ({
        folder: "idx",
        files: (staged) =>
          Effect.gen(function* () {
            const days = staged.paths.filter((path) => path.startsWith("day/"))
            const name = `idx/${days.map((day) => staged.sha256(day)?.slice(0, 8)).join("-")}.bin`
            if (staged.published[name] !== undefined) {
              log.push(`kept ${name}`)
              return { files: [], kept: [name] }
            }
            const texts: Array<string> = []
            for (const day of days) texts.push(yield* staged.read(day))
            log.push(`built ${name}`)
            return { files: [{ path: name, bytes: bytes(texts.join("\n")) }], kept: [] }
          })
      })
      return Effect.gen(function* () {
        const store = yield* StateStore
        const log: Array<string> = []
        const site = { artifacts: [{ path: "day/a.html", content: "a1" }], kept: [] }
        const first = yield* publishOutputs(out, site, store, keeping(log))
        const second = yield* publishOutputs(out, site, store, keeping(log))
        assert.deepStrictEqual(
          log.map((line) => line.split(" ")[0]),
          ["built", "kept"]
        )
        // the name holds the page's SHA-256 as the manifest records it
        const name = log[0]!.split(" ")[1]!
        assert.include(name, first.files["day/a.html"]!.sha256.slice(0, 8))
        assert.deepStrictEqual(second.files[name], first.files[name])
        assert.deepStrictEqual(second.written, [])
        assert.strictEqual(readFileSync(join(out, name), "utf8"), "a1")
        // the page changes: a new file is built, the kept one goes
        const third = yield* publishOutputs(
          out,
          { artifacts: [{ path: "day/a.html", content: "a2" }], kept: [] },
          store,
          keeping(log)
        )
        assert.strictEqual(log[2]?.split(" ")[0], "built")
        assert.deepStrictEqual(third.removed, [name])
        assert.isFalse(existsSync(join(out, name)))
      }).pipe(withStore(state))
    }
  )

  it.effect("refuses to keep a file the last publish did not record, and publishes nothing then", () => {
    const out = tempDir("extra-out")
    const state = tempDir("extra-state")
    return Effect.gen(function* () {
      const store = yield* StateStore
      const claiming: ExtraFiles = {
        folder: "idx",
        files: (staged) =>
          Effect.succeed({
            files: [],
            kept: Object.keys(staged.published).length > 0 ? [] : ["idx/ghost.bin"]
          })
      }
      const error = yield* publishOutputs(
        out,
        { artifacts: [{ path: "day/a.html", content: "a" }], kept: [] },
        store,
        claiming
      ).pipe(Effect.flip)
      assert.strictEqual(error._tag, "PublishError")
      assert.include(error.message, "cannot keep idx/ghost.bin")
      assert.isFalse(existsSync(join(out, "day", "a.html")))
    }).pipe(withStore(state))
  })
})

describe("a step that names the files it reads", () => {
  const readsDays = (path: string) => path.startsWith("day/")
  const reading = (seen: Array<string>, refused: Array<string>): ExtraFiles => ({
    ...concatenating(seen),
    reads: readsDays,
    files: (staged) =>
      Effect.gen(function* () {
        const other = yield* Effect.either(staged.read("index.html"))
        refused.push(other._tag === "Left" ? other.left.message : `read ${other.right}`)
        return yield* concatenating(seen).files(staged)
      })
  })

  it.effect(
    "sees those alone, staged or kept, and publishes the bytes of a step that reads everything",
    () => {
      const [out, plain] = [tempDir("reads-out"), tempDir("reads-plain")]
      return Effect.gen(function* () {
        const store = yield* StateStore
        const seen: Array<string> = []
        const refused: Array<string> = []
        const sites = [
          {
            artifacts: [
              { path: "day/a.html", content: "a1" },
              { path: "index.html", content: "home" }
            ],
            kept: []
          },
          {
            artifacts: [
              { path: "index.html", content: "home" },
              { path: "day/b.html", content: "b1" }
            ],
            kept: ["day/a.html"]
          }
        ]
        const published = []
        for (const site of sites)
          published.push(yield* publishOutputs(out, site, store, reading(seen, refused)))
        assert.deepStrictEqual(seen, ["day/a.html", "day/a.html day/b.html"])
        assert.deepStrictEqual(refused, [
          "index.html is not among the files the step reads",
          "index.html is not among the files the step reads"
        ])
        assert.strictEqual(readFileSync(join(out, "idx", "a1-b1.bin"), "utf8"), "a1\nb1")
        // the same sites through a step that reads everything, in another folder: the same files, in the same order
        const everything = yield* Effect.forEach(sites, (site) =>
          publishOutputs(plain, site, store, concatenating([]))
        ).pipe(
          Effect.provide(
            StateStore.Default(tempDir("reads-plain-state")).pipe(Layer.provideMerge(NodeContext.layer))
          )
        )
        assert.deepStrictEqual(
          published.map(({ files, order, written }) => ({ files, order, written })),
          everything.map(({ files, order, written }) => ({ files, order, written }))
        )
      }).pipe(withStore(tempDir("reads-state")))
    }
  )

  it.effect(
    "refuses a file it reads that comes from a pass, which would be staged after the step began",
    () => {
      const out = tempDir("reads-out")
      return Effect.gen(function* () {
        const store = yield* StateStore
        const site = {
          artifacts: [{ path: "day/a.html", content: "a" }],
          kept: [],
          passes: [{ scratch: [], events: [{ path: "day/b.html", chunk: "b" }] }]
        }
        const error = yield* publishOutputs(out, site, store, reading([], [])).pipe(Effect.flip)
        assert.strictEqual(error.message, "day/b.html comes from a pass: the step reads it")
        assert.isFalse(existsSync(join(out, "day", "a.html")))
        // a step that reads everything waits for the passes: the same site publishes
        const published = yield* publishOutputs(out, site, store, concatenating([]))
        assert.include(published.written, "idx/a-b.bin")
      }).pipe(withStore(tempDir("reads-state")))
    }
  )

  /**
   * Publishes day/a.html and `other` beside a step that reads the day pages and does `files`: the publish's
   * error, once it is checked that day/a.html was not published.
   */
  const failedBeside = (other: Artifact, files: ExtraFiles["files"]) =>
    Effect.gen(function* () {
      const out = tempDir("reads-out")
      const step: ExtraFiles = { folder: "idx", reads: readsDays, files }
      const site = { artifacts: [{ path: "day/a.html", content: "a" }, other], kept: [] }
      const error = yield* publishOutputs(out, site, yield* StateStore, step).pipe(Effect.flip)
      assert.isFalse(existsSync(join(out, "day", "a.html")))
      assert.isFalse(existsSync(join(out, ".staging")))
      return error
    }).pipe(withStore(tempDir("reads-state")))

  it.effect("runs beside the staging of the rest: its failure interrupts a file that would never end", () =>
    Effect.gen(function* () {
      /** Text without end: staged only until something interrupts the staging. */
      const endless: Iterable<string> = {
        *[Symbol.iterator]() {
          for (;;) yield "x".repeat(1 << 16)
        }
      }
      const error = yield* failedBeside({ path: "papers.json", content: endless }, () =>
        Effect.fail(new PublishError({ path: "idx", message: "the index broke" }))
      )
      assert.strictEqual(error.message, "the index broke")
    })
  )

  it.effect(
    "and a failure of the rest's staging interrupts the step (Pagefind's process, in the search index)",
    () =>
      Effect.gen(function* () {
        const interrupted = yield* Ref.make(false)
        const error = yield* failedBeside({ path: "../escape.txt", content: "x" }, () =>
          Effect.never.pipe(Effect.onInterrupt(() => Ref.set(interrupted, true)))
        )
        assert.include(error.message, "refusing to write outside")
        assert.isTrue(yield* Ref.get(interrupted))
      })
  )
})
