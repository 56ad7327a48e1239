/**
 * Pagefind as a process of its own: the real binary gives the bundle the Node API gives for the same pages (at the
 * URL the CLI derives from each file's path), and a Pagefind that dies or fails ends the index, and the publish,
 * with an error that says how, instead of a run that waits forever (what the Node API did when it was OOM-killed).
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as pagefind from "pagefind"
import {
  type ExtraFiles,
  PublishError,
  publishOutputs
} from "../../src/pipeline/incremental/publishOutputs.ts"
import {
  buildSearchIndexWithPagefindProcess,
  indexWithPagefindProcess
} from "../../src/pipeline/pagefindProcess.ts"
import { StateStore } from "../../src/state/StateStore.ts"
import { tempDir } from "../support/cli.ts"

const dayPage = (day: string, title: string) =>
  `<!doctype html><html lang="zh-CN"><head><title>${day}</title></head><body><h1>${day}</h1>` +
  `<ol class="papers" data-pagefind-body><li class="paper" id="arxiv-${day}"><h3 id="arxiv-${day}-title">${title}</h3>` +
  `</li></ol></body></html>`

const pages: Record<string, string> = {
  "day/2025-10-06.html": dayPage("2025-10-06", "扩散模型的低维子空间 diffusion"),
  "day/2025-10-07.html": dayPage("2025-10-07", "Graph neural networks 图神经网络")
}
const read = (path: string) => Effect.succeed(pages[path] ?? "")

/** A stand-in for Pagefind's binary: a shell script. */
const fakeBinary = (script: string) => {
  const file = join(tempDir("fake-pagefind"), "pagefind_extended")
  writeFileSync(file, `#!/bin/sh\n${script}\n`)
  chmodSync(file, 0o755)
  return file
}
const killsItself = () => fakeBinary(`echo "Indexing 2 pages" >&2\nkill -KILL $$`)

const withPlatform = Effect.provide(NodeContext.layer)

describe("indexWithPagefindProcess", () => {
  it.effect(
    "gives the Node API's bundle for the same pages, each page at the URL the CLI derives: `/` and its path",
    () =>
      Effect.gen(function* () {
        const viaProcess = yield* buildSearchIndexWithPagefindProcess(Object.keys(pages), read)
        const viaApi = yield* Effect.acquireUseRelease(
          Effect.promise(() => pagefind.createIndex({})),
          ({ index }) =>
            Effect.promise(async () => {
              for (const [path, content] of Object.entries(pages))
                await index!.addHTMLFile({ url: `/${path}`, content })
              return (await index!.getFiles()).files
            }),
          () => Effect.promise(() => pagefind.close())
        )
        const published = new Map(viaApi.map((file) => [`pagefind/${file.path}`, file.content]))
        assert.isAbove(viaProcess.length, 5)
        for (const file of viaProcess)
          assert.deepStrictEqual(
            Buffer.from(file.bytes),
            Buffer.from(published.get(file.path) ?? []),
            file.path
          )
        const paths = viaProcess.map((file) => file.path)
        assert.deepStrictEqual(paths, [...paths].sort())
        assert.includeMembers(paths, ["pagefind/pagefind.js", "pagefind/pagefind-entry.json"])
        assert.isFalse(
          paths.some((path) => /ui|highlight|playground/.test(path)),
          paths.join(" ")
        )
      }),
    60_000
  )

  it.effect("a Pagefind killed by a signal ends the index with a SearchIndexError naming the signal", () =>
    Effect.gen(function* () {
      const error = yield* indexWithPagefindProcess({ binary: killsItself() })(Object.keys(pages), read).pipe(
        Effect.flip
      )
      assert.strictEqual(error._tag, "SearchIndexError")
      assert.include(error.message, "SIGKILL")
      assert.include(error.message, "2 pages")
      assert.include(error.message, "Indexing 2 pages")
    }).pipe(withPlatform)
  )

  it.effect("a Pagefind that exits non-zero reports its code and the last 20 lines of its stderr", () =>
    Effect.gen(function* () {
      const binary = fakeBinary(`for i in $(seq 1 30); do echo "problem $i" >&2; done\nexit 3`)
      const error = yield* indexWithPagefindProcess({ binary })(Object.keys(pages), read).pipe(Effect.flip)
      assert.include(error.message, "exited with code 3")
      assert.include(error.message, "problem 11\n")
      assert.include(error.message, "problem 30")
      assert.notInclude(error.message, "problem 10\n")
    }).pipe(withPlatform)
  )

  it.effect("a binary that does not exist fails to start", () =>
    Effect.gen(function* () {
      const binary = join(tempDir("no-pagefind"), "pagefind_extended")
      const error = yield* indexWithPagefindProcess({ binary })(Object.keys(pages), read).pipe(Effect.flip)
      assert.include(error.message, "cannot start")
    }).pipe(withPlatform)
  )

  it.effect("Pagefind reads the pages it is given, as `read` gives them", () =>
    Effect.gen(function* () {
      const seen = join(tempDir("fake-pagefind-seen"), "seen.txt")
      // the fake lists what it found under --site and writes no bundle: a run with no bundle fails too
      const binary = fakeBinary(
        `cd "$2" && find . -type f | sort > "${seen}" && cat ./day/2025-10-07.html >> "${seen}"`
      )
      const error = yield* indexWithPagefindProcess({ binary })(Object.keys(pages), read).pipe(Effect.flip)
      assert.include(error.message, "wrote no bundle")
      assert.strictEqual(
        readFileSync(seen, "utf8"),
        `./day/2025-10-06.html\n./day/2025-10-07.html\n${pages["day/2025-10-07.html"]}`
      )
    }).pipe(withPlatform)
  )
})

describe("publishOutputs with Pagefind dying", () => {
  it.effect("fails the publish with Pagefind's error and leaves the previous outputs as they were", () => {
    const out = tempDir("pagefind-dies-out")
    const state = tempDir("pagefind-dies-state")
    const indexWith = (binary: Effect.Effect<string>): ExtraFiles => ({
      folder: "pagefind",
      files: (staged) =>
        binary.pipe(
          Effect.flatMap((binary) =>
            indexWithPagefindProcess({ binary })(
              staged.paths.filter((path) => path.startsWith("day/")),
              staged.read
            )
          ),
          Effect.map((files) => ({ files, kept: [] })),
          Effect.catchTag("SearchIndexError", (error) =>
            Effect.fail(new PublishError({ path: "pagefind", message: error.message, cause: error }))
          ),
          withPlatform
        )
    })
    return Effect.gen(function* () {
      const store = yield* StateStore
      const first = yield* publishOutputs(
        out,
        { artifacts: [{ path: "day/2025-10-06.html", content: pages["day/2025-10-06.html"]! }], kept: [] },
        store,
        indexWith(Effect.sync(() => fakeBinary(`mkdir -p "$4" && echo bundle > "$4/pagefind.js"`)))
      )
      assert.include(first.written, "pagefind/pagefind.js")
      const error = yield* publishOutputs(
        out,
        {
          artifacts: [{ path: "day/2025-10-07.html", content: pages["day/2025-10-07.html"]! }],
          kept: ["day/2025-10-06.html"]
        },
        store,
        indexWith(Effect.sync(killsItself))
      ).pipe(Effect.flip)
      assert.strictEqual(error._tag, "PublishError")
      assert.include(error.message, "SIGKILL")
      assert.isFalse(existsSync(join(out, "day", "2025-10-07.html")))
      assert.strictEqual(readFileSync(join(out, "pagefind", "pagefind.js"), "utf8"), "bundle\n")
      assert.isTrue(existsSync(join(out, "day", "2025-10-06.html")))
    }).pipe(Effect.provide(StateStore.Default(state).pipe(Layer.provideMerge(NodeContext.layer))))
  })
})
