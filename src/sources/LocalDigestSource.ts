/** Digests from a folder on disk (the bundled sample, or `--digests DIR`). */
import { FileSystem, Path } from "@effect/platform"
import { Effect, Layer } from "effect"
import type { DigestFile } from "../domain/DigestFile.ts"
import { Problem } from "../domain/Problem.ts"
import { checkSize, classifyName, fileProblem, readDigest } from "./DigestRules.ts"
import { DigestSource, SourceError } from "./DigestSource.ts"
import { gitBlobSha } from "./GitBlob.ts"

/** Options of the local source; the size limit matches the GitHub source's default. */
export interface LocalSourceOptions {
  readonly maxFileBytes?: number
}

const readFolder = Effect.fn("LocalDigestSource.sync")(function* (folder: string, maxFileBytes: number) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const fail = (message: string) => (cause: unknown) => new SourceError({ message, cause })
  const names = yield* fs
    .readDirectory(folder)
    .pipe(Effect.mapError(fail(`cannot read the digest folder ${folder}`)))
  const files: Array<DigestFile> = []
  const problems: Array<Problem> = []
  for (const name of [...names].sort()) {
    if (!name.endsWith(".md")) continue
    const named = classifyName(name)
    if (named instanceof Problem) {
      problems.push(named)
      continue
    }
    const file = path.join(folder, name)
    // One unreadable file is a problem of that file, not of the run.
    const unreadable = (cause: { message: string }) =>
      Effect.succeed(fileProblem(name, "unreadable", "error", `cannot be read: ${cause.message}`))
    // The size is checked before reading, so a stray huge file costs nothing.
    const info = yield* fs.stat(file).pipe(Effect.catchAll(unreadable))
    if (info instanceof Problem) {
      problems.push(info)
      continue
    }
    const tooLarge = checkSize(name, Number(info.size), maxFileBytes)
    if (tooLarge !== undefined) {
      problems.push(tooLarge)
      continue
    }
    const bytes = yield* fs.readFile(file).pipe(Effect.catchAll(unreadable))
    if (bytes instanceof Problem) {
      problems.push(bytes)
      continue
    }
    const digest = readDigest(name, bytes, { maxFileBytes, sha: gitBlobSha(bytes) })
    if (digest instanceof Problem) problems.push(digest)
    else files.push(digest)
  }
  return { files, problems, requests: 0, changed: files.map((file) => file.path) }
})

/** A DigestSource over the `.md` files directly inside `folder`; `sha` is each file's git blob SHA. */
export const LocalDigestSource = {
  layer: (folder: string, options: LocalSourceOptions = {}) =>
    Layer.effect(
      DigestSource,
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        const path = yield* Path.Path
        return {
          sync: readFolder(folder, options.maxFileBytes ?? 2_000_000).pipe(
            Effect.provideService(FileSystem.FileSystem, fs),
            Effect.provideService(Path.Path, path)
          )
        }
      })
    )
}
