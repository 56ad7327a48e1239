/** Publishes rendered artifacts: staged completely first, then moved into place only where bytes changed. */
import { createHash } from "node:crypto"
import { FileSystem, Path } from "@effect/platform"
import { Effect, Schema } from "effect"
import type { Artifact } from "../emit/Artifact.ts"
import { writeFileAtomic } from "./AtomicFile.ts"
import type { StateStore } from "./StateStore.ts"

/** What the previous run published: path -> SHA-256 and size, kept in the state folder. */
const Manifest = Schema.Struct({
  files: Schema.Record({
    key: Schema.String,
    value: Schema.Struct({ sha256: Schema.String, bytes: Schema.Int })
  })
})
const MANIFEST = "outputs-manifest.json"
const SAFE_PATH = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/
const STAGING = ".staging"

export interface PublishResult {
  readonly written: ReadonlyArray<string>
  readonly unchanged: number
  readonly removed: ReadonlyArray<string>
}

interface Staged {
  readonly path: string
  readonly sha256: string
  readonly bytes: number
}

/** Passes chunks through while hashing them, so a streamed artifact is hashed without a second pass. */
function* hashing(
  content: string | Iterable<string>,
  digest: { hash: ReturnType<typeof createHash>; bytes: number }
) {
  for (const chunk of typeof content === "string" ? [content] : content) {
    digest.hash.update(chunk, "utf8")
    digest.bytes += Buffer.byteLength(chunk, "utf8")
    yield chunk
  }
}

/**
 * Every artifact is written under `OUT/.staging` first: a crash while rendering or writing (the long part)
 * leaves the previous outputs untouched. Then each changed file is renamed into place (atomic per file) and
 * files the previous run published but this one did not are removed. Unchanged files are not touched.
 */
export const publishOutputs = Effect.fn("publishOutputs")(function* (
  outDir: string,
  artifacts: ReadonlyArray<Artifact>,
  store: StateStore
) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const staging = path.join(outDir, STAGING)
  yield* fs.remove(staging, { recursive: true }).pipe(Effect.ignore)
  yield* fs.makeDirectory(staging, { recursive: true })

  const staged: Array<Staged> = []
  for (const artifact of artifacts) {
    // Paths come from data (category names, dates): none may leave the output folder.
    if (
      !SAFE_PATH.test(artifact.path) ||
      artifact.path.split("/").some((part) => part === ".." || part === ".")
    )
      return yield* Effect.fail(new Error(`refusing to write outside ${outDir}: ${artifact.path}`))
    const digest = { hash: createHash("sha256"), bytes: 0 }
    yield* writeFileAtomic(path.join(staging, artifact.path), hashing(artifact.content, digest))
    staged.push({ path: artifact.path, sha256: digest.hash.digest("hex"), bytes: digest.bytes })
  }

  const previous = (yield* store.readOrRebuild(MANIFEST, Manifest))?.files ?? {}
  const written: Array<string> = []
  let unchanged = 0
  for (const file of staged) {
    const target = path.join(outDir, file.path)
    const before = previous[file.path]
    const size = yield* fs.stat(target).pipe(
      Effect.map((info) => Number(info.size)),
      Effect.orElseSucceed(() => -1)
    )
    if (before !== undefined && before.sha256 === file.sha256 && before.bytes === size) {
      unchanged++
      continue
    }
    yield* fs.makeDirectory(path.dirname(target), { recursive: true })
    yield* fs.rename(path.join(staging, file.path), target)
    written.push(file.path)
  }

  const current = new Set(staged.map((file) => file.path))
  const removed = Object.keys(previous)
    .filter((file) => !current.has(file))
    .sort()
  for (const file of removed) yield* fs.remove(path.join(outDir, file)).pipe(Effect.ignore)
  yield* fs.remove(staging, { recursive: true })

  const files = Object.fromEntries(
    [...staged]
      .sort((a, b) => (a.path < b.path ? -1 : 1))
      .map((f) => [f.path, { sha256: f.sha256, bytes: f.bytes }])
  )
  yield* store.write(MANIFEST, Manifest, { files })
  return { written, unchanged, removed } satisfies PublishResult
})

/** Every file the last publish recorded is still there with its size (nobody deleted or truncated one). */
export const outputsIntact = Effect.fn("outputsIntact")(function* (outDir: string, store: StateStore) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const manifest = yield* store.readOrRebuild(MANIFEST, Manifest).pipe(Effect.orElseSucceed(() => undefined))
  if (manifest === undefined || Object.keys(manifest.files).length === 0) return false
  for (const [file, { bytes }] of Object.entries(manifest.files)) {
    const size = yield* fs.stat(path.join(outDir, file)).pipe(
      Effect.map((info) => Number(info.size)),
      Effect.orElseSucceed(() => -1)
    )
    if (size !== bytes) return false
  }
  return true
})
