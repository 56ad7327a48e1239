/**
 * The start of a staged file copied by the kernel (copyPrefix): only when the previous file begins with the
 * staged text so far, holds the whole range and is not more than twice as long; the staged bytes, hash and day sections are those the copy
 * through this process gives, and a previous file cut short is a PublishError naming it either way.
 */
import { createHash } from "node:crypto"
import { readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { FileSystem } from "@effect/platform"
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import type { Chunk } from "../../src/emit/Artifact.ts"
import { copyPrefix } from "../../src/pipeline/incremental/copyPrefix.ts"
import { PublishError } from "../../src/pipeline/incremental/PublishError.ts"
import { blockRing } from "../../src/pipeline/incremental/readBlocks.ts"
import { stageArtifact } from "../../src/pipeline/incremental/stageArtifact.ts"
import { tempDir } from "../support/cli.ts"

const HEAD = "@comment{head}\n"
// more than one 4 MiB block of the hash's reading, with multi-byte characters across the block edges
const BODY = `${"日".repeat(1_500_000)}\n${"b".repeat(300_000)}\n`
const previousText = `${HEAD}${BODY}@comment{tail of the last run}\n`
const sha256 = (bytes: string | Buffer) => createHash("sha256").update(bytes).digest("hex")

const inFolder = <A, E>(run: (folder: string) => Effect.Effect<A, E, FileSystem.FileSystem>) =>
  Effect.gen(function* () {
    const folder = tempDir("prefix")
    return yield* run(folder).pipe(Effect.ensuring(Effect.sync(() => rmSync(folder, { recursive: true }))))
  }).pipe(Effect.provide(NodeContext.layer))

/** Stages HEAD, the body copied from the previous file, then a new section; the staged file's text and record. */
const stageAfter = (folder: string, previous: string) =>
  Effect.gen(function* () {
    writeFileSync(join(folder, "previous.bib"), previous)
    const bodyBytes = Buffer.byteLength(BODY)
    const day = IsoDate.make("2025-10-06")
    const content: Array<Chunk> = [
      HEAD,
      {
        _tag: "CopyRange",
        offset: Buffer.byteLength(HEAD),
        length: bodyBytes,
        sections: [{ day, offset: Buffer.byteLength(HEAD), length: bodyBytes }]
      },
      "@misc{new}\n"
    ]
    const staged = yield* stageArtifact({
      content,
      target: join(folder, "staged.bib"),
      previous: join(folder, "previous.bib")
    })
    return { staged, text: readFileSync(join(folder, "staged.bib")) }
  })

describe("copyPrefix", () => {
  it.effect("is taken when the previous file begins with the staged text, and gives the bytes and hash", () =>
    inFolder((folder) =>
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        writeFileSync(join(folder, "previous.bib"), previousText)
        const end = Buffer.byteLength(HEAD + BODY)
        const hash = createHash("sha256")
        const copied = yield* Effect.scoped(
          Effect.gen(function* () {
            const target = yield* fs.open(join(folder, "staged.bib"), { flag: "w" })
            const previous = yield* fs.open(join(folder, "previous.bib"), { flag: "r" })
            const prefix = {
              target,
              targetPath: join(folder, "staged.bib"),
              previous,
              previousPath: join(folder, "previous.bib"),
              end,
              hash,
              blocks: blockRing(4 << 20)
            }
            // another head: nothing is done, the staging goes on as it would have
            assert.isFalse(yield* copyPrefix({ ...prefix, head: Buffer.from("@comment{else}\n") }))
            assert.isFalse(yield* copyPrefix({ ...prefix, head: Buffer.from(HEAD), end: end + 10 ** 7 }))
            // a prefix of less than half the file: copying it all to cut most of it away is not worth it
            const headBytes = Buffer.byteLength(HEAD)
            assert.isFalse(yield* copyPrefix({ ...prefix, head: Buffer.from(HEAD), end: headBytes + 10 }))
            const taken = yield* copyPrefix({ ...prefix, head: Buffer.from(HEAD) })
            yield* target.writeAll(Buffer.from("@misc{new}\n"))
            return taken
          })
        )
        assert.isTrue(copied)
        assert.strictEqual(hash.digest("hex"), sha256(HEAD + BODY))
        assert.strictEqual(readFileSync(join(folder, "staged.bib"), "utf8"), `${HEAD}${BODY}@misc{new}\n`)
      })
    )
  )

  it.effect("through the staging: the same bytes, hash and sections whether the kernel copies or not", () =>
    inFolder((folder) =>
      Effect.gen(function* () {
        const expected = `${HEAD}${BODY}@misc{new}\n`
        const kernel = yield* stageAfter(folder, previousText)
        // the previous file begins otherwise (another head of the same length): copied through the process
        const other = yield* stageAfter(folder, previousText.replace("head", "HEAD"))
        for (const { staged, text } of [kernel, other]) {
          assert.strictEqual(text.toString("utf8"), expected)
          assert.strictEqual(staged.sha256, sha256(expected))
          assert.strictEqual(staged.bytes, Buffer.byteLength(expected))
          assert.deepStrictEqual(staged.sections, {
            "2025-10-06": { offset: Buffer.byteLength(HEAD), length: Buffer.byteLength(BODY) }
          })
        }
      })
    )
  )

  it.effect("a previous file shorter than the range is a PublishError naming it", () =>
    inFolder((folder) =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(stageAfter(folder, `${HEAD}${BODY.slice(0, 1000)}`))
        assert.instanceOf(error, PublishError)
        assert.include(
          error.message,
          `${join(folder, "previous.bib")} is shorter than the last run published it`
        )
      })
    )
  )
})
