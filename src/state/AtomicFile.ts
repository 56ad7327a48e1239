/** Atomic file writes: a file is complete or not there, even when the process is killed mid-write. */
import { FileSystem, Path } from "@effect/platform"
import type { PlatformError } from "@effect/platform/Error"
import { Effect } from "effect"

const encoder = new TextEncoder()

/**
 * Writes `chunks` to a temporary sibling, flushes it to disk, then renames it over `target` (rename is atomic
 * on POSIX). Chunks (text or bytes) are written as they come, so a cumulative output never needs to fit in memory.
 */
export const writeFileAtomic = Effect.fn("AtomicFile.write")(function* (
  target: string,
  chunks: Iterable<string | Uint8Array> | string
) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  yield* fs.makeDirectory(path.dirname(target), { recursive: true })
  const temporary = `${target}.tmp-${process.pid}`
  yield* Effect.scoped(
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
  ).pipe(Effect.tapError(() => fs.remove(temporary).pipe(Effect.ignore)))
  yield* fs.rename(temporary, target)
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
