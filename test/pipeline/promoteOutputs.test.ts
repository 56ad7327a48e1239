/** Moving a sliced run's outputs into the output folder: what cannot be moved fails the run and leaves no litter. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { OUT_MANIFEST } from "../../src/pipeline/incremental/outputsManifest.ts"
import { promoteOutputs } from "../../src/pipeline/incremental/promoteOutputs.ts"
import { tempDir } from "../support/cli.ts"

const FILES = { "index.html": "<p>new</p>\n", "feed.xml": "<rss/>\n" } as const

/** A staged folder as the last slice's publish leaves it: its files and its manifest. */
const stagedFolder = () => {
  const staged = tempDir("promote-staged")
  for (const [file, text] of Object.entries(FILES)) writeFileSync(join(staged, file), text)
  writeFileSync(join(staged, OUT_MANIFEST), "{}\n")
  return staged
}

const promote = (staged: string, outDir: string) =>
  promoteOutputs({
    staged,
    outDir,
    files: Object.fromEntries(
      Object.entries(FILES).map(([file, text]) => [file, { sha256: file, bytes: Buffer.byteLength(text) }])
    ),
    order: Object.keys(FILES),
    before: { previous: {}, trusted: false },
    sweepFolder: "pagefind",
    stamped: []
  }).pipe(Effect.provide(NodeContext.layer))

describe("promoteOutputs", () => {
  it.effect("moves every staged file and the manifest into the output folder", () => {
    const staged = stagedFolder()
    const out = tempDir("promote-out")
    return Effect.gen(function* () {
      const result = yield* promote(staged, out)
      assert.deepStrictEqual([...result.written].sort(), Object.keys(FILES).sort())
      for (const [file, text] of Object.entries(FILES))
        assert.strictEqual(readFileSync(join(out, file), "utf8"), text)
      assert.deepStrictEqual(readdirSync(out).sort(), [OUT_MANIFEST, ...Object.keys(FILES)].sort())
    })
  })

  it.effect(
    "a target it cannot replace (a folder) fails naming it, copies nothing beside it, and leaves no manifest",
    () => {
      const staged = stagedFolder()
      const out = tempDir("promote-out")
      mkdirSync(join(out, "index.html", "inside"), { recursive: true })
      return Effect.gen(function* () {
        const exit = yield* Effect.exit(promote(staged, out))
        assert.isTrue(Exit.isFailure(exit))
        if (Exit.isFailure(exit)) assert.include(String(exit.cause), "index.html")
        // No `index.html.promoting` (nothing records it: it would be deployed for good), no manifest (the next run
        // does not build on this folder).
        assert.deepStrictEqual(readdirSync(out).sort(), ["index.html"])
      })
    }
  )
})
