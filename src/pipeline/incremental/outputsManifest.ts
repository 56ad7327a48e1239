/**
 * The record of what the last publish wrote (path -> SHA-256 and size), kept in the state folder and copied into
 * the output folder, and the checks a run makes against it before it builds on that folder.
 */
import { FileSystem, Path } from "@effect/platform"
import { Effect, Schema } from "effect"
import type { StateStore } from "../../state/StateStore.ts"

/** What the previous run published: path -> SHA-256 and size, kept in the state folder. */
export const Manifest = Schema.Struct({
  files: Schema.Record({
    key: Schema.String,
    value: Schema.Struct({ sha256: Schema.String, bytes: Schema.Int })
  })
})
export const MANIFEST = "outputs-manifest.json"
/**
 * The same manifest inside the output folder: outputs restored from elsewhere (the Actions cache of another
 * night) carry their own copy, so a folder that is not the one the state describes is never taken as intact.
 */
export const OUT_MANIFEST = ".manifest.json"

/** The files the last publish recorded (its manifest in the state folder), or undefined. */
export const recordedFiles = (store: StateStore) =>
  store.readOrRebuild(MANIFEST, Manifest).pipe(
    Effect.map((manifest) => manifest?.files),
    Effect.orElseSucceed(() => undefined)
  )

/** The output folder carries the manifest the state recorded: it is the folder the last publish wrote. */
export const sameFolder = (outDir: string, store: StateStore) =>
  Effect.gen(function* () {
    const path = yield* Path.Path
    const read = (file: string) => store.readFile(file).pipe(Effect.orElseSucceed(() => null))
    const recorded = yield* read(path.join(store.folder, MANIFEST))
    return recorded !== null && recorded === (yield* read(path.join(outDir, OUT_MANIFEST)))
  })

/**
 * The output folder is the one the last publish wrote (its copy of the manifest is the state's) and every file
 * it recorded is still there with its size (nobody deleted or truncated one).
 */
export const outputsIntact = Effect.fn("outputsIntact")(function* (outDir: string, store: StateStore) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const manifest = yield* store.readOrRebuild(MANIFEST, Manifest).pipe(Effect.orElseSucceed(() => undefined))
  if (manifest === undefined || Object.keys(manifest.files).length === 0) return false
  if (!(yield* sameFolder(outDir, store))) return false
  // Stats side by side: one at a time, each waited for its own trip through the thread pool (5,000 files).
  const sizesMatch = yield* Effect.forEach(
    Object.entries(manifest.files),
    ([file, { bytes }]) =>
      fs.stat(path.join(outDir, file)).pipe(
        Effect.map((info) => Number(info.size) === bytes),
        Effect.orElseSucceed(() => false)
      ),
    { concurrency: 16 }
  )
  return sizesMatch.every((matches) => matches)
})
