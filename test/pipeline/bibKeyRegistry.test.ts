/** The key registry in the state folder: read as a table, new keys saved before use, the JSON file moved over. */
import { createHash } from "node:crypto"
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Either, Layer, Schema } from "effect"
import { BibKeyRegistry } from "../../src/emit/BibKeys.ts"
import { BIB_KEY_TABLE_HEADER } from "../../src/emit/BibKeyTable.ts"
import {
  assignAndSaveBibKeys,
  BIBKEYS_STATE_FILE,
  LEGACY_BIBKEYS_STATE_FILE,
  MOVED_NOTE
} from "../../src/pipeline/bibKeyRegistry.ts"
import { StateStore } from "../../src/state/StateStore.ts"
import { samplePapers } from "../emit/fixtures/samplePapers.ts"
import { tempDir } from "../support/cli.ts"

const withStore = (state: string) =>
  Effect.provide(StateStore.Default(state).pipe(Layer.provideMerge(NodeContext.layer)))

const papers = samplePapers()
const paper = (id: string) => papers.find((candidate) => candidate.paper.id === id)!

describe("assignAndSaveBibKeys", () => {
  it.effect(
    "keys the run's papers from the table, saves the new ones, and rewrites nothing without them",
    () => {
      const state = tempDir("bibkeys")
      const table = join(state, BIBKEYS_STATE_FILE)
      writeFileSync(table, `${BIB_KEY_TABLE_HEADER}2510.03231\tmine2025key\nhep-th/9901001\told1999key\n`)
      return Effect.gen(function* () {
        const { keys, sha256 } = yield* assignAndSaveBibKeys([paper("2510.03231"), paper("2510.03232")])
        // Only the run's papers: the table's other entries are not read into the result.
        assert.deepStrictEqual({ ...keys }, { "2510.03231": "mine2025key", "2510.03232": "lin2025leaml" })
        const saved = readFileSync(table, "utf8")
        assert.strictEqual(
          saved,
          `${BIB_KEY_TABLE_HEADER}2510.03231\tmine2025key\n2510.03232\tlin2025leaml\nhep-th/9901001\told1999key\n`
        )
        const written = statSync(table).mtimeMs
        const { keys: again, sha256: unchanged } = yield* assignAndSaveBibKeys([paper("2510.03232")])
        assert.deepStrictEqual({ ...again }, { "2510.03232": "lin2025leaml" })
        assert.strictEqual(statSync(table).mtimeMs, written, "nothing new: the table is not written")
        assert.strictEqual(readFileSync(table, "utf8"), saved)
        // The table's hash, written or only read, as the next run's plan computes it from the file.
        const fileHash = createHash("sha256").update(saved).digest("hex")
        assert.strictEqual(sha256, fileHash)
        assert.strictEqual(unchanged, fileHash)
      }).pipe(withStore(state))
    }
  )

  it.effect(
    "moves the JSON registry into the table, its keys kept, and leaves a note in the JSON file",
    () => {
      const state = tempDir("bibkeys-legacy")
      writeFileSync(
        join(state, LEGACY_BIBKEYS_STATE_FILE),
        `${JSON.stringify({ "hep-th/9901001": "old1999key", "2510.03232": "Lin2025Leaml" }, null, 1)}\n`
      )
      return Effect.gen(function* () {
        const { keys } = yield* assignAndSaveBibKeys([paper("2510.03232")])
        assert.deepStrictEqual({ ...keys }, { "2510.03232": "Lin2025Leaml" })
        assert.strictEqual(
          readFileSync(join(state, BIBKEYS_STATE_FILE), "utf8"),
          `${BIB_KEY_TABLE_HEADER}2510.03232\tLin2025Leaml\nhep-th/9901001\told1999key\n`
        )
        // Left as a note that is not JSON: a build that still reads bibkeys.json stops instead of starting empty.
        const legacy = readFileSync(join(state, LEGACY_BIBKEYS_STATE_FILE), "utf8")
        assert.strictEqual(legacy, MOVED_NOTE)
        assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(Schema.parseJson(BibKeyRegistry))(legacy)))
      }).pipe(withStore(state))
    }
  )

  it.effect(
    "a JSON registry left beside the table is replaced by the note; the table stays the registry",
    () => {
      const state = tempDir("bibkeys-leftover")
      const table = join(state, BIBKEYS_STATE_FILE)
      const text = `${BIB_KEY_TABLE_HEADER}2510.03232\tLin2025Leaml\n`
      writeFileSync(table, text)
      writeFileSync(join(state, LEGACY_BIBKEYS_STATE_FILE), '{"2510.03232":"stale2025key"}\n')
      return Effect.gen(function* () {
        const { keys } = yield* assignAndSaveBibKeys([paper("2510.03232")])
        assert.deepStrictEqual({ ...keys }, { "2510.03232": "Lin2025Leaml" })
        assert.strictEqual(readFileSync(table, "utf8"), text)
        assert.strictEqual(readFileSync(join(state, LEGACY_BIBKEYS_STATE_FILE), "utf8"), MOVED_NOTE)
      }).pipe(withStore(state))
    }
  )

  it.effect(
    "a table gone while the note says it moved is StateCorrupt naming the table, not an empty registry",
    () => {
      const state = tempDir("bibkeys-gone")
      writeFileSync(join(state, LEGACY_BIBKEYS_STATE_FILE), MOVED_NOTE)
      return Effect.gen(function* () {
        const error = yield* Effect.flip(assignAndSaveBibKeys([paper("2510.03232")]))
        assert.strictEqual(error._tag, "StateCorrupt")
        assert.include(error.message, `${join(state, BIBKEYS_STATE_FILE)} is corrupt`)
        assert.include(error.message, "says the registry moved there")
        assert.isFalse(existsSync(join(state, BIBKEYS_STATE_FILE)))
      }).pipe(withStore(state))
    }
  )

  it.effect("a corrupt table is StateCorrupt naming the file and line, and is left as it is", () => {
    const state = tempDir("bibkeys-corrupt")
    const table = join(state, BIBKEYS_STATE_FILE)
    const text = `${BIB_KEY_TABLE_HEADER}2510.03232\tlin2025leaml\n2510.03231\tearlier2025x\n`
    writeFileSync(table, text)
    return Effect.gen(function* () {
      const error = yield* Effect.flip(assignAndSaveBibKeys([paper("2510.03231")]))
      assert.strictEqual(error._tag, "StateCorrupt")
      assert.include(error.message, `${table} is corrupt`)
      assert.include(error.message, "line 3: 2510.03231 comes after 2510.03232")
      assert.strictEqual(readFileSync(table, "utf8"), text)
    }).pipe(withStore(state))
  })
})
