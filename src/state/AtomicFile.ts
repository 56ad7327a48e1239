/** Atomic file writes: a file is complete or not there, even when the process is killed mid-write. */
import { FileSystem, Path } from "@effect/platform"
import type { PlatformError } from "@effect/platform/Error"
import { Effect, Exit } from "effect"

const encoder = new TextEncoder()

/** The text or bytes of a file, given whole or as chunks written as they come. */
export type FileChunks = Iterable<string | Uint8Array> | string

/**
 * Writes `chunks` to a temporary sibling (`NAME.tmp-PID`), flushes it to disk, then renames it over `target`
 * (rename is atomic on POSIX). Chunks are written as they come, so a cumulative output never needs to fit in
 * memory. The temporary file is removed on every exit but success: failure, defect and interruption.
 */
export const writeFileAtomic = Effect.fn("AtomicFile.write")(function* (target: string, chunks: FileChunks) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  yield* fs.makeDirectory(path.dirname(target), { recursive: true })
  const temporary = `${target}.tmp-${process.pid}`
  const writeAll = Effect.scoped(
    Effect.gen(function* () {
      const file = yield* fs.open(temporary, { flag: "w" })
      const parts = typeof chunks === "string" ? [chunks] : chunks
      let buffered = ""
      for (const part of parts) {
        if (typeof part !== "string") {
          if (buffered.length > 0) yield* file.writeAll(encoder.encode(buffered))
          buffered = ""
          yield* file.writeAll(part)
          continue
        }
        buffered += part
        if (buffered.length >= 1 << 16) {
          yield* file.writeAll(encoder.encode(buffered))
          buffered = ""
        }
      }
      if (buffered.length > 0) yield* file.writeAll(encoder.encode(buffered))
      yield* file.sync
    })
  )
  yield* writeAll.pipe(
    Effect.zipRight(fs.rename(temporary, target)),
    Effect.onExit((exit) =>
      Exit.isSuccess(exit) ? Effect.void : fs.remove(temporary, { force: true }).pipe(Effect.ignore)
    )
  )
})

/** Reads a file as UTF-8, or undefined when it does not exist. */
export const readFileIfExists = (
  target: string
): Effect.Effect<string | undefined, PlatformError, FileSystem.FileSystem> =>
  Effect.flatMap(FileSystem.FileSystem, (fs) =>
    fs
      .exists(target)
      .pipe(Effect.flatMap((exists) => (exists ? fs.readFileString(target) : Effect.succeed(undefined))))
  )
