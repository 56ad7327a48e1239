/** A range of a published (or staged) file read block by block into one reused buffer, as staging copies it. */
import type { FileSystem } from "@effect/platform"
import { Effect } from "effect"
import { PublishError } from "./PublishError.ts"

export interface BlockRead {
  /** The file read, open, and its path. */
  readonly file: FileSystem.File
  readonly path: string
  /** The staging file the bytes are read for: what a PublishError names. */
  readonly target: string
  readonly offset: number
  readonly length: number
  /** Reused for every block: a fresh buffer per MiB was 880 MB of garbage a night. */
  readonly block: Uint8Array
}

/**
 * Hands `each` the range's bytes in order, a block at a time (the block is reused: `each` must be done with it
 * when its effect ends). A file that ends before the range does is a PublishError: it is not what was published.
 */
export const readBlocks = <E>(read: BlockRead, each: (bytes: Uint8Array) => Effect.Effect<void, E>) =>
  Effect.gen(function* () {
    yield* read.file.seek(read.offset, "start")
    for (let done = 0; done < read.length; ) {
      const want = Math.min(read.block.length, read.length - done)
      const got = Number(
        yield* read.file.read(read.block.subarray(0, want)).pipe(
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
      yield* each(read.block.subarray(0, got))
      done += got
    }
  })
