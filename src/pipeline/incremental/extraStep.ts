/**
 * The step after rendering that derives more files from the staged site (the search index): what it sees of the
 * files about to be published, and its own files staged with the rest. A step that names the files it reads
 * (`reads`) starts as soon as those are staged and runs beside the staging of everything else: the search index's
 * Pagefind, a process of its own, then indexes the day pages while the cumulative files are written.
 */
import { createHash } from "node:crypto"
import { FileSystem, Path } from "@effect/platform"
import { Effect } from "effect"
import { failed, PublishError, refuseUnsafe } from "./PublishError.ts"

/** A file as a manifest records it. */
export interface PublishedFile {
  readonly sha256: string
  readonly bytes: number
}

/** A file about to be published: staged, or kept as the last publish left it. */
export interface Staged extends PublishedFile {
  readonly path: string
}

/** The files about to be published, as a step after rendering sees them (staged ones, or kept ones in place). */
export interface StagedView {
  /** Every path the publish will hold (staged and kept) that the step reads, sorted. */
  readonly paths: ReadonlyArray<string>
  readonly read: (path: string) => Effect.Effect<string, PublishError>
  readonly sha256: (path: string) => string | undefined // as the manifest will record it
  readonly bytes: (path: string) => number | undefined // its size, as the manifest will record it
  /** What the last publish recorded, when this is the folder it wrote (else nothing): what may be kept. */
  readonly published: Readonly<Record<string, PublishedFile>>
}

/** A step's files: the ones it made, and the ones it keeps as the last publish left them (in its folder). */
export interface ExtraOutput {
  readonly files: ReadonlyArray<{ readonly path: string; readonly bytes: Uint8Array }>
  readonly kept: ReadonlyArray<string>
}

/**
 * A step that derives more files from the staged site (the search index), all under one folder it owns; they
 * are staged and published like the rest. Their names may change from night to night (content hashes), so
 * after the move every other file in that folder goes, whatever left it there: outputs restored from another
 * night, or a run killed while moving files, which leaves no manifest to say what it had written.
 */
export interface ExtraFiles {
  readonly folder: string
  readonly files: (staged: StagedView) => Effect.Effect<ExtraOutput, PublishError>
  /**
   * The only files the step reads (all, when absent). Named, they are staged first and the step runs beside the
   * staging of the others, seeing only them.
   */
  readonly reads?: (path: string) => boolean
}

/** What the step sees: `staged` (in `staging`) and `kept` (in `outDir`), the files it does not read left out. */
export const stepView = (input: {
  readonly staged: ReadonlyArray<Staged>
  readonly kept: ReadonlyArray<Staged>
  readonly staging: string
  readonly outDir: string
  readonly published: Readonly<Record<string, PublishedFile>>
  readonly reads: ((path: string) => boolean) | undefined
}) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const { reads } = input
    const seen = (file: Staged) => reads === undefined || reads(file.path)
    const records = new Map(
      [...input.kept.filter(seen), ...input.staged.filter(seen)].map((f) => [f.path, f])
    )
    const stagedPaths = new Set(input.staged.map((file) => file.path))
    return {
      paths: [...records.keys()].sort(),
      read: (file) => {
        if (!records.has(file))
          return Effect.fail(
            new PublishError({ path: file, message: `${file} is not among the files the step reads` })
          )
        const from = path.join(stagedPaths.has(file) ? input.staging : input.outDir, file)
        return fs.readFileString(from).pipe(Effect.mapError(failed(from, "cannot read")))
      },
      sha256: (file) => records.get(file)?.sha256,
      bytes: (file) => records.get(file)?.bytes,
      published: input.published
    } satisfies StagedView
  })

/**
 * The step's output staged under `staging`: its files written (only under its folder), its kept ones checked
 * against what the last publish recorded there.
 */
export const stageStepOutput = Effect.fn("stageStepOutput")(function* (input: {
  readonly step: ExtraFiles
  readonly output: ExtraOutput
  readonly outDir: string
  readonly staging: string
  readonly trusted: Readonly<Record<string, PublishedFile>>
}) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const { folder } = input.step
  const kept: Array<Staged> = []
  for (const file of input.output.kept) {
    const before = input.trusted[file]
    if (before === undefined || !file.startsWith(`${folder}/`))
      return yield* new PublishError({ path: file, message: `cannot keep ${file}: not published there` })
    kept.push({ path: file, ...before })
  }
  const staged: Array<Staged> = []
  for (const file of input.output.files) {
    yield* refuseUnsafe(input.outDir, file.path)
    if (!file.path.startsWith(`${folder}/`))
      return yield* new PublishError({ path: file.path, message: `${file.path} lies outside ${folder}/` })
    const target = path.join(input.staging, file.path)
    yield* fs
      .makeDirectory(path.dirname(target), { recursive: true })
      .pipe(Effect.mapError(failed(target, "cannot create the folder of")))
    yield* fs.writeFile(target, file.bytes).pipe(Effect.mapError(failed(target, "cannot stage")))
    const sha256 = createHash("sha256").update(file.bytes).digest("hex")
    staged.push({ path: file.path, sha256, bytes: file.bytes.length })
  }
  return { staged, kept }
})
