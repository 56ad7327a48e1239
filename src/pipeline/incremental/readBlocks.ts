/**
 * A range of a published (or staged) file read block by block into a ring of reused buffers, as staging copies
 * it: the next block is read while this one is hashed, and the one before is written meanwhile.
 */
import type { FileSystem } from "@effect/platform"
import { Effect, Fiber } from "effect"
import { PublishError } from "./PublishError.ts"

/**
 * Three buffers, reused for every block (a fresh buffer per MiB was 880 MB of garbage a night): one being read,
 * one handed to `each`, one being written. Done one after another, a 4 MiB block of papers.json took the read,
 * the hash and the write in turn (about 10 ms), and the staging sat idle for the two thirds it waited.
 */
export type BlockRing = readonly [Uint8Array, Uint8Array, Uint8Array]

export const blockRing = (size: number): BlockRing => [
  new Uint8Array(size),
  new Uint8Array(size),
  new Uint8Array(size)
]

export interface BlockRead {
  /** The file read, open, and its path. */
  readonly file: FileSystem.File
  readonly path: string
  /** The staging file the bytes are read for: what a PublishError names. */
  readonly target: string
  readonly offset: number
  readonly length: number
  readonly blocks: BlockRing
}

/**
 * Hands the range's bytes in order, a block at a time, to `each` (synchronous: a hash), then to `write`, if
 * given, which runs while the next blocks are read and handed to `each` (one write at a time, in order). A
 * block's buffer is reused once its write is done. Nothing read or written is still under way when this ends,
 * however it ends, so the caller may close the files. A file that ends before the range does is a PublishError:
 * it is not what was published.
 */
export const readBlocks = <E = never>(
  read: BlockRead,
  each: (bytes: Uint8Array) => void,
  write?: (bytes: Uint8Array) => Effect.Effect<void, E>
) =>
  Effect.gen(function* () {
    if (read.length === 0) return
    yield* read.file.seek(read.offset, "start")
    const readBlock = (at: number, done: number) =>
      Effect.gen(function* () {
        const block = read.blocks[at % read.blocks.length] as Uint8Array
        const want = Math.min(block.length, read.length - done)
        const got = Number(
          yield* read.file.read(block.subarray(0, want)).pipe(
            Effect.mapError(
              (cause) =>
                new PublishError({
                  path: read.target,
                  message: `cannot read ${read.path}: ${String(cause)}`,
                  cause
                })
            )
          )
        )
        if (got === 0)
          return yield* new PublishError({
            path: read.target,
            message: `${read.path} is shorter than the last run published it; rerun to render it whole`
          })
        return block.subarray(0, got)
      })
    // Daemons awaited (not interrupted) at the end: an interrupted read or write would still be under way in
    // libuv's threads when the caller closes the file, and its number may by then name another file.
    let reading = yield* Effect.forkDaemon(readBlock(0, 0))
    let writing: Fiber.RuntimeFiber<void, E> | undefined
    const settle = Effect.suspend(() =>
      Effect.all([Fiber.await(reading), writing === undefined ? Effect.void : Fiber.await(writing)], {
        discard: true
      })
    )
    return yield* Effect.gen(function* () {
      for (let at = 0, done = 0; done < read.length; at++) {
        const bytes = yield* Fiber.join(reading)
        done += bytes.length
        if (done < read.length) reading = yield* Effect.forkDaemon(readBlock(at + 1, done))
        each(bytes)
        if (write === undefined) continue
        if (writing !== undefined) yield* Fiber.join(writing)
        writing = yield* Effect.forkDaemon(write(bytes))
      }
      if (writing !== undefined) yield* Fiber.join(writing)
    }).pipe(Effect.ensuring(settle))
  })
