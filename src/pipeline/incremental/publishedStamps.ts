/**
 * What vouches for a published file a delta run splices from: the SHA-256 the publish recorded, checked by
 * reading the file whole, or, much cheaper, the size and modification time the file had right after that
 * publish. Hashing the cumulative files (880 MB at 200,000 papers) cost every night about a second.
 */
import { createHash } from "node:crypto"
import { FileSystem, Path } from "@effect/platform"
import { Effect, Option, Schema, Stream } from "effect"
import { isPlainObject } from "../../domain/quickChecked.ts"

/** A file as a manifest records it (publishOutputs' PublishedFile; not imported, publishOutputs imports this). */
interface PublishedFile {
  readonly sha256: string
  readonly bytes: number
}

/** A published file as the publish left it: the hash it recorded, the size and the mtime (ms) it saw after. */
export const FileStamp = Schema.Struct({ sha256: Schema.String, bytes: Schema.Int, mtimeMs: Schema.Number })
export type FileStamp = typeof FileStamp.Type

/** What FileStamp accepts, no field more, as a plain predicate (archive.json's one-pass check). */
export const isFileStamp = (input: unknown): input is FileStamp => {
  if (!isPlainObject(input)) return false
  const { sha256, bytes, mtimeMs } = input
  return (
    Object.keys(input).length === 3 &&
    typeof sha256 === "string" &&
    Number.isSafeInteger(bytes) &&
    typeof mtimeMs === "number"
  )
}

const statOf = (file: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.stat(file)).pipe(
    Effect.option,
    Effect.map(Option.getOrNull)
  )

/**
 * Stamps of the published files at `paths` (relative to outDir), taken once they are in place. A file whose
 * size already differs from its record gets none: it can only be vouched for by its hash.
 */
export const stampFiles = Effect.fn("stampFiles")(function* (
  outDir: string,
  files: Readonly<Record<string, PublishedFile>>,
  paths: Iterable<string>
) {
  const path = yield* Path.Path
  const stamps: Record<string, FileStamp> = {}
  for (const file of [...paths].sort()) {
    const published = files[file]
    const info = yield* statOf(path.join(outDir, file))
    const mtime = info === null ? null : Option.getOrNull(info.mtime)
    if (published === undefined || info === null || mtime === null || Number(info.size) !== published.bytes)
      continue
    stamps[file] = { ...published, mtimeMs: mtime.getTime() }
  }
  return stamps
})

const sha256OfFile = (file: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => {
    const hash = createHash("sha256")
    return fs.stream(file, { chunkSize: FileSystem.MiB(1) }).pipe(
      Stream.runForEach((chunk) => Effect.sync(() => hash.update(chunk))),
      Effect.map(() => hash.digest("hex"))
    )
  })

/**
 * The published files at `files` hold exactly the bytes the last publish recorded (`recorded`, its manifest):
 * what a run checks before copying sections out of them, whoever may have touched the output folder since.
 * A file still showing the size and mtime of its stamp (for the same hash) is taken as it is; any other is
 * read and hashed whole, so an edit or a truncation by hand, which moves the mtime, is always caught. Only an
 * edit that keeps the size and puts the mtime back (`touch -d`) passes, as it would for make or rsync.
 */
export const publishedBytesMatch = Effect.fn("publishedBytesMatch")(function* (
  outDir: string,
  recorded: Readonly<Record<string, PublishedFile>> | undefined,
  files: ReadonlyArray<string>,
  stamps: Readonly<Record<string, FileStamp>>
) {
  const path = yield* Path.Path
  for (const file of files) {
    const expected = recorded?.[file]
    if (expected === undefined) return false
    const target = path.join(outDir, file)
    const stamp = stamps[file]
    if (stamp !== undefined && stamp.sha256 === expected.sha256 && stamp.bytes === expected.bytes) {
      const info = yield* statOf(target)
      const mtime = info === null ? null : Option.getOrNull(info.mtime)
      if (info !== null && Number(info.size) === stamp.bytes && mtime?.getTime() === stamp.mtimeMs) continue
    }
    const actual = yield* sha256OfFile(target).pipe(Effect.orElseSucceed(() => null))
    if (actual !== expected.sha256) return false
  }
  return true
})
