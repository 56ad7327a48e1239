/**
 * A local copy of the synced files at their repository paths, so any run can read any digest for free. The sync
 * state's `delivered` SHAs say what it holds; a text is read (and its SHA checked) only when a run parses it.
 */
import { FileSystem, Path } from "@effect/platform"
import { Effect } from "effect"
import type { StateStore } from "../state/StateStore.ts"
import { gitBlobSha } from "./GitBlob.ts"

/** Reads, writes (atomically) and prunes the mirror folder; failures are values the caller reports. */
export const makeDigestMirror = Effect.fn("DigestMirror.make")(function* (store: StateStore, folder: string) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const fileOf = (repoPath: string) => path.join(folder, ...repoPath.split("/"))

  /** The mirrored bytes, or undefined when the file is absent or unreadable (it is then fetched again). */
  const read = (repoPath: string): Effect.Effect<Uint8Array | undefined> =>
    fs.readFile(fileOf(repoPath)).pipe(Effect.orElseSucceed(() => undefined))

  /** The git blob SHA of the mirrored bytes, or undefined when the file is absent or unreadable. */
  const blobSha = (repoPath: string): Effect.Effect<string | undefined> =>
    Effect.map(read(repoPath), (bytes) => (bytes === undefined ? undefined : gitBlobSha(bytes)))

  /**
   * Every path the mirror holds, in one listing: a stat per file was the larger part of a quiet night's sync
   * (4,200 files at 1,000 days). A missing folder holds nothing. Listed once until a write, so that the prune
   * after a sync that wrote nothing (a quiet night) reuses it (Node's recursive readdir stats
   * every entry: 69-71 ms for the two listings in a profiled quiet night).
   */
  let listed: ReadonlySet<string> | undefined
  const paths: Effect.Effect<ReadonlySet<string>> = Effect.suspend(() =>
    listed !== undefined
      ? Effect.succeed(listed)
      : fs.readDirectory(folder, { recursive: true }).pipe(
          Effect.map((entries) => new Set(entries.map((entry) => entry.split(path.sep).join("/")))),
          Effect.orElseSucceed(() => new Set<string>()),
          Effect.tap((found) => {
            listed = found
          })
        )
  )

  /** Writes the exact text (a valid UTF-8 file decodes and encodes back to the same bytes). */
  const write = (repoPath: string, text: string) =>
    Effect.suspend(() => {
      listed = undefined
      return store.writeFile(fileOf(repoPath), text)
    })

  /** Removes every file not in `keep` (deleted or renamed upstream, leftovers of a killed write). */
  const prune = (keep: ReadonlySet<string>) =>
    Effect.gen(function* () {
      let removed = 0
      const listing = yield* paths
      // forgotten before the first removal: a prune that fails midway leaves no listing of files it removed
      listed = undefined
      for (const repoPath of listing) {
        if (keep.has(repoPath)) continue
        const file = fileOf(repoPath)
        const info = yield* fs.stat(file)
        if (info.type !== "File") continue
        yield* fs.remove(file)
        removed += 1
      }
      if (removed === 0) listed = listing
      return removed
    })

  return { folder, read, blobSha, paths, write, prune } as const
})

export type DigestMirror = Effect.Effect.Success<ReturnType<typeof makeDigestMirror>>
