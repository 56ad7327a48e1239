/** Digests from a folder on disk (the bundled sample, or `--digests DIR`). */
import { FileSystem, Path } from "@effect/platform"
import { Effect, Layer } from "effect"
import { DigestFile, kindFromFileName } from "../domain/DigestFile.ts"
import { dateFromFileName } from "../domain/IsoDate.ts"
import { Problem } from "../domain/Problem.ts"
import { DigestSource, SourceError } from "./DigestSource.ts"

const readFolder = Effect.fn("LocalDigestSource.sync")(function* (folder: string) {
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
    const date = dateFromFileName(name)
    const kind = kindFromFileName(name)
    if (date === undefined || kind === undefined) {
      problems.push(
        Problem.make({
          file: name,
          line: 0,
          code: "file-name",
          severity: "warning",
          message: "file name carries no digest date (expected YYYY-MM-DD[-arxiv].md); skipped"
        })
      )
      continue
    }
    const bytes = yield* fs
      .readFile(path.join(folder, name))
      .pipe(Effect.mapError(fail(`cannot read ${path.join(folder, name)}`)))
    const content = decodeUtf8(bytes)
    if (content === undefined) {
      problems.push(
        Problem.make({
          file: name,
          line: 0,
          code: "not-utf8",
          severity: "error",
          message: "not UTF-8; skipped"
        })
      )
      continue
    }
    files.push(DigestFile.make({ path: name, date, kind, sha: null, content }))
  }
  return { files, problems, requests: 0, changed: files.map((file) => file.path) }
})

const strictUtf8 = new TextDecoder("utf-8", { fatal: true })

/** Decodes UTF-8 strictly (a BOM is dropped); undefined for bytes that are not UTF-8. */
export const decodeUtf8 = (bytes: Uint8Array): string | undefined => {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return undefined
  }
}

/** A DigestSource over the `.md` files directly inside `folder`. */
export const LocalDigestSource = {
  layer: (folder: string) =>
    Layer.effect(
      DigestSource,
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        const path = yield* Path.Path
        return {
          sync: readFolder(folder).pipe(
            Effect.provideService(FileSystem.FileSystem, fs),
            Effect.provideService(Path.Path, path)
          )
        }
      })
    )
}
