/**
 * A staged file that begins as the previous one did: its text so far and the range copied right after it are the
 * previous file's first bytes (papers.bib and papers.csl.json run oldest day first, so on a night with one new day
 * everything but the last days' sections). The kernel copies them (copyFile: copy_file_range on Linux, no trip
 * through this process, where reading and writing the 340 MB of those two files at 1,000 days kept the staging
 * waiting), the copy is cut at their end, and they are read once for the hash.
 */
import type { Hash } from "node:crypto"
import { FileSystem } from "@effect/platform"
import { Effect, Option } from "effect"
import { failed } from "./PublishError.ts"
import { type BlockRing, readBlocks } from "./readBlocks.ts"

export interface PrefixCopy {
  /** The staging file, open for writing at its start (nothing written yet), and its path. */
  readonly target: FileSystem.File
  readonly targetPath: string
  /** The previous file, open for reading, and its path. */
  readonly previous: FileSystem.File
  readonly previousPath: string
  /** The staged file's text so far, encoded: the previous file must start with these bytes. */
  readonly head: Uint8Array
  /** Where the copied range ends in the previous file: the staged file is these first bytes of it. */
  readonly end: number
  readonly hash: Hash
  readonly blocks: BlockRing
}

/**
 * Copies the prefix and hashes it; false (nothing done) when the previous file does not begin with `head`, is
 * shorter than `end`, or more than twice as long.
 */
export const copyPrefix = (copy: PrefixCopy) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const info = yield* fs.stat(copy.previousPath).pipe(Effect.option)
    // The kernel copies the whole file before it is cut: worth it only for most of it (a night with one new day
    // keeps 97% of papers.bib), not for the start of a file whose old days were rewritten.
    const size = Option.isNone(info) ? 0 : Number(info.value.size)
    if (size < copy.end || copy.end * 2 < size) return false
    const from = {
      file: copy.previous,
      path: copy.previousPath,
      target: copy.targetPath,
      blocks: copy.blocks
    }
    let same = true
    let at = 0
    yield* readBlocks({ ...from, offset: 0, length: copy.head.length }, (bytes) => {
      same &&= Buffer.from(bytes).equals(copy.head.subarray(at, at + bytes.length))
      at += bytes.length
    })
    if (!same) return false
    yield* fs
      .copyFile(copy.previousPath, copy.targetPath)
      .pipe(
        Effect.zipRight(copy.target.truncate(copy.end)),
        Effect.zipRight(copy.target.seek(copy.end, "start")),
        Effect.mapError(failed(copy.targetPath, `cannot copy ${copy.previousPath} into`))
      )
    yield* readBlocks({ ...from, offset: 0, length: copy.end }, (bytes) => copy.hash.update(bytes))
    return true
  })
