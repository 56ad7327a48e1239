/** Digests from disk (the bundled sample, or `--digests DIR`): the files of a folder that match the globs. */
import { FileSystem, Path } from "@effect/platform"
import { Effect, Layer } from "effect"
import { Problem } from "../domain/Problem.ts"
import {
  checkSize,
  checkUtf8,
  classifyName,
  digestFromBytes,
  fileProblem,
  toSourceFile
} from "./DigestRules.ts"
import { DigestSource, SourceError, type SourceFile, type SyncResult } from "./DigestSource.ts"
import { gitBlobSha } from "./GitBlob.ts"
import { type GlobStep, globFolderSteps, globMatcher } from "./Glob.ts"

/** Options of the local source; the size limit matches the GitHub source's default. */
export interface LocalSourceOptions {
  readonly maxFileBytes?: number
  /** Globs relative to the folder, `*` never crossing a `/` (default: the `.md` files directly inside). */
  readonly globs?: ReadonlyArray<string>
}

const HAS_WILDCARD = /[*?]/

/**
 * The folder and globs a pipeline's `path` setting stands for. A path without a wildcard is a folder of `.md`
 * files; the folder read is the deepest one every glob starts in, so file paths (in problems, archive.json)
 * stay relative to it: `["digests/*.md", "digests/api/daily/*.json"]` names `2026-05-01-biorxiv.md` and
 * `api/daily/2026-05-01.json`, as the sample always named its digests.
 */
export const localGlobs = (
  path: Pick<Path.Path, "resolve" | "sep">,
  base: string,
  paths: ReadonlyArray<string>
): { readonly folder: string; readonly globs: ReadonlyArray<string> } => {
  const absolute = paths.map((entry) => {
    const resolved = path.resolve(base, entry).split(path.sep).join("/")
    return HAS_WILDCARD.test(entry) ? resolved : `${resolved}/*.md`
  })
  const literal = absolute.map((glob) => {
    const segments = glob.split("/").slice(0, -1)
    const wild = segments.findIndex((segment) => HAS_WILDCARD.test(segment))
    return wild < 0 ? segments : segments.slice(0, wild)
  })
  const common = literal.reduce((shared, segments) => {
    let i = 0
    while (i < shared.length && shared[i] === segments[i]) i++
    return shared.slice(0, i)
  })
  const prefix = common.join("/")
  const folder = prefix === "" ? "/" : prefix
  return { folder, globs: absolute.map((glob) => glob.slice(prefix.length + 1)) }
}

/** Relative paths of the files under `folder` that the glob's folder steps reach (candidates, not yet matched). */
const walk = (
  folder: string,
  prefix: string,
  steps: ReadonlyArray<GlobStep>
): Effect.Effect<Array<string>, SourceError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const here = path.join(folder, ...prefix.split("/").filter((segment) => segment !== ""))
    const [step, ...rest] = steps
    const names = yield* fs
      .readDirectory(here, { recursive: step?._tag === "AnyDepth" })
      .pipe(
        Effect.mapError(
          (cause) => new SourceError({ message: `cannot read the digest folder ${here}`, cause })
        )
      )
    const entries = names.map((name) => prefix + name.split(path.sep).join("/"))
    if (step === undefined || step._tag === "AnyDepth") return entries
    const next = entries.filter((entry) => {
      const name = entry.slice(prefix.length)
      return step._tag === "Literal" ? name === step.name : step.test(name)
    })
    const nested = yield* Effect.forEach(next, (entry) =>
      Effect.flatMap(fs.stat(path.join(folder, entry)), (info) =>
        info.type === "Directory" ? walk(folder, `${entry}/`, rest) : Effect.succeed([])
      ).pipe(Effect.catchTag("SystemError", () => Effect.succeed([] as Array<string>)))
    )
    return nested.flat()
  }).pipe(
    Effect.catchTag("BadArgument", (cause) => new SourceError({ message: `bad path ${prefix}`, cause }))
  )

const readFolder = Effect.fn("LocalDigestSource.sync")(function* (
  folder: string,
  globs: ReadonlyArray<string>,
  maxFileBytes: number
) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const matchers = globs.map(globMatcher)
  const found = new Set<string>()
  for (const glob of globs)
    for (const entry of yield* walk(folder, "", globFolderSteps(glob))) found.add(entry)
  const files: Array<SourceFile> = []
  const problems: Array<Problem> = []
  for (const name of [...found].sort()) {
    if (!matchers.some((matches) => matches(name))) continue
    const file = path.join(folder, ...name.split("/"))
    // One unreadable file is a problem of that file, not of the run.
    const unreadable = (cause: { message: string }) =>
      Effect.succeed(fileProblem(name, "unreadable", "error", `cannot be read: ${cause.message}`))
    // The size is checked before reading, so a stray huge file costs nothing.
    const info = yield* fs.stat(file).pipe(Effect.catchAll(unreadable))
    if (info instanceof Problem) {
      problems.push(info)
      continue
    }
    const named = classifyName(name)
    if (named instanceof Problem) {
      problems.push(named)
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
    // Hashed and checked, not decoded: only the files a run parses are read again, as text (see `read`).
    const notUtf8 = checkUtf8(name, bytes)
    if (notUtf8 !== undefined) problems.push(notUtf8)
    else files.push(toSourceFile(name, named, gitBlobSha(bytes)))
  }
  const read = (listed: SourceFile) =>
    fs.readFile(path.join(folder, ...listed.path.split("/"))).pipe(
      Effect.map((bytes) => digestFromBytes(listed, bytes)),
      Effect.catchAll((cause) =>
        Effect.succeed(fileProblem(listed.path, "unreadable", "error", `cannot be read: ${cause.message}`))
      )
    )
  return {
    files,
    problems,
    requests: 0,
    changed: files.map((listed) => listed.path),
    read
  } satisfies SyncResult
})

/** A DigestSource over the files under `folder` matching `globs` (default `*.md`); `sha` is each file's blob SHA. */
export const LocalDigestSource = {
  layer: (folder: string, options: LocalSourceOptions = {}) =>
    Layer.effect(
      DigestSource,
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        const path = yield* Path.Path
        return {
          sync: readFolder(folder, options.globs ?? ["*.md"], options.maxFileBytes ?? 2_000_000).pipe(
            Effect.provideService(FileSystem.FileSystem, fs),
            Effect.provideService(Path.Path, path)
          )
        }
      })
    )
}
