/**
 * The state folder (sync state, arXiv cache, BibTeX key registry, run memo): JSON documents validated on load,
 * atomic writes, hashes. One service whose methods need nothing more; it also writes files outside the folder
 * atomically (the outputs, the report), so no other part touches the atomic-write machinery.
 */
import { createHash } from "node:crypto"
import { FileSystem, Path } from "@effect/platform"
import { Data, Effect, ParseResult, Schema } from "effect"
import { type FileChunks, readFileIfExists, writeFileAtomic } from "./AtomicFile.ts"

/** A state file exists but does not decode; the message says which file and what is wrong. */
export class StateCorrupt extends Data.TaggedError("StateCorrupt")<{
  readonly file: string
  readonly message: string
}> {}

/** A file could not be read or written. */
export class StateIOError extends Data.TaggedError("StateIOError")<{
  readonly file: string
  readonly cause: unknown
}> {}

/** Reads and writes named JSON documents in one state folder; every write is atomic. */
export class StateStore extends Effect.Service<StateStore>()("state/StateStore", {
  effect: Effect.fn(function* (folder: string) {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const fileOf = (name: string) => path.join(folder, name)
    const platform = <A, E>(effect: Effect.Effect<A, E, FileSystem.FileSystem | Path.Path>) =>
      effect.pipe(Effect.provideService(FileSystem.FileSystem, fs), Effect.provideService(Path.Path, path))

    /** Writes any file (an absolute path, or relative to the working folder) atomically. */
    const writeFile = (file: string, chunks: FileChunks) =>
      platform(writeFileAtomic(file, chunks)).pipe(
        Effect.mapError((cause) => new StateIOError({ file, cause }))
      )

    /** Any file's text, or undefined when it does not exist. */
    const readFile = (file: string) =>
      platform(readFileIfExists(file)).pipe(Effect.mapError((cause) => new StateIOError({ file, cause })))

    /** The decoded document, or undefined when it was never written. */
    const read = <A, I>(name: string, schema: Schema.Schema<A, I>) =>
      Effect.gen(function* () {
        const file = fileOf(name)
        const text = yield* readFile(file)
        if (text === undefined) return undefined
        return yield* Schema.decodeUnknown(Schema.parseJson(schema))(text).pipe(
          Effect.mapError(
            (error) =>
              new StateCorrupt({
                file,
                message: `state file ${file} is corrupt (restore it, e.g. from the state branch): ${ParseResult.TreeFormatter.formatErrorSync(error)}`
              })
          )
        )
      })

    /** Like read, but a corrupt file is logged, moved aside as `NAME.corrupt` and treated as absent. */
    const readOrRebuild = <A, I>(name: string, schema: Schema.Schema<A, I>) =>
      read(name, schema).pipe(
        Effect.catchTag("StateCorrupt", (corrupt) =>
          Effect.logWarning(`${corrupt.message}; rebuilding it`).pipe(
            Effect.zipRight(fs.rename(corrupt.file, `${corrupt.file}.corrupt`).pipe(Effect.ignore)),
            Effect.as(undefined)
          )
        )
      )

    /** Writes the document as stable, indented JSON. */
    const write = <A, I>(name: string, schema: Schema.Schema<A, I>, value: A) =>
      Schema.encode(schema)(value).pipe(
        Effect.orDie,
        Effect.flatMap((encoded) => writeFile(fileOf(name), `${JSON.stringify(encoded, null, 1)}\n`))
      )

    /** Writes a document given as text chunks, for documents too large to hold as one string. */
    const writeChunks = (name: string, chunks: Iterable<string>) => writeFile(fileOf(name), chunks)

    /** SHA-256 of a document's bytes, null when it does not exist. */
    const sha256 = (name: string) =>
      readFile(fileOf(name)).pipe(
        Effect.map((text) => (text === undefined ? null : createHash("sha256").update(text).digest("hex")))
      )

    /** Removes a document (nothing happens when it does not exist). */
    const remove = (name: string) =>
      fs
        .remove(fileOf(name), { force: true })
        .pipe(Effect.mapError((cause) => new StateIOError({ file: fileOf(name), cause })))

    return { folder, read, readOrRebuild, write, writeChunks, remove, sha256, writeFile, readFile } as const
  })
}) {}
