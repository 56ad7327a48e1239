/** Publishes rendered artifacts: staged completely first, then moved into place only where bytes changed. */
import { FileSystem, Path } from "@effect/platform"
import { Effect, Order, Tuple } from "effect"
import type { Artifact, ByteRange, SiteRender } from "../../emit/Artifact.ts"
import type { StateStore } from "../../state/StateStore.ts"
import { type ExtraFiles, type PublishedFile, type Staged, stageStepOutput, stepView } from "./extraStep.ts"
import { MANIFEST, Manifest, OUT_MANIFEST, sameFolder } from "./outputsManifest.ts"
import { failed, PublishError, refuseUnsafe } from "./PublishError.ts"
import { type FileStamp, stampFiles } from "./publishedStamps.ts"
import { type StagedBytes, stageArtifact, stagePasses } from "./stageArtifact.ts"

export type { ExtraFiles, ExtraOutput, PublishedFile, StagedView } from "./extraStep.ts"
export { outputsIntact, recordedFiles } from "./outputsManifest.ts"
export { failed, PublishError } from "./PublishError.ts"

const STAGING = ".staging"
/** Inside the staging folder: a pass's scratch files, which are never published (a name no output can have). */
const SCRATCH = ".scratch"

export interface PublishResult {
  readonly written: ReadonlyArray<string>
  readonly unchanged: number
  readonly removed: ReadonlyArray<string>
}

/** What a publish did, and what the next run needs to splice: every file's hash, every marked section. */
export interface Published extends PublishResult {
  readonly files: Readonly<Record<string, PublishedFile>>
  /** Path -> day -> where that day's section lies, for the files with marked sections. */
  readonly sections: Readonly<Record<string, Readonly<Record<string, ByteRange>>>>
  /** The files with marked sections as they lie after the publish: what the next run splices from. */
  readonly stamps: Readonly<Record<string, FileStamp>>
  /** Every published path, staged ones in the order they were staged, then the kept ones. */
  readonly order: ReadonlyArray<string>
}

/**
 * Every artifact is written under `OUT/.staging` first: a crash while rendering or writing (the long part)
 * leaves the previous outputs untouched. Then each changed file is renamed into place (atomic per file) and
 * files the previous run published but this one did not are removed. Unchanged and kept files are not touched.
 * The manifest is removed before the first rename and written after the last, so a run killed in between
 * finds no manifest: the outputs count as not intact and the next run renders everything.
 */
export const publishOutputs = Effect.fn("publishOutputs")(function* (
  outDir: string,
  site: SiteRender,
  store: StateStore,
  extraFiles?: ExtraFiles
) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const staging = path.join(outDir, STAGING)
  const removeStaging = fs.remove(staging, { recursive: true, force: true }).pipe(Effect.ignore)
  yield* removeStaging
  // The staging folder goes on every exit: success, failure, defect and interruption.
  return yield* Effect.ensuring(publishStaged({ outDir, site, store, staging, extraFiles }), removeStaging)
})

/**
 * Moves `from` onto `target` (with `move`) unless the output folder already holds the bytes: the last trusted
 * publish recorded `before` there, with `record`'s hash and the size the file still has. True when it moved.
 */
export const placeChanged = (input: {
  readonly from: string
  readonly target: string
  readonly record: PublishedFile
  readonly before: PublishedFile | undefined
  readonly move: (from: string, to: string) => Effect.Effect<void, PublishError, FileSystem.FileSystem>
}) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const { target, record, before } = input
    const size = yield* fs.stat(target).pipe(
      Effect.map((info) => Number(info.size)),
      Effect.orElseSucceed(() => -1)
    )
    if (before !== undefined && before.sha256 === record.sha256 && before.bytes === size) return false
    yield* fs
      .makeDirectory(path.dirname(target), { recursive: true })
      .pipe(Effect.mapError(failed(target, "cannot create the folder of")))
    yield* input.move(input.from, target)
    return true
  })

/** What the manifest records of a staged file. */
const stagedOf = (path: string, out: StagedBytes): Staged => ({ path, sha256: out.sha256, bytes: out.bytes })

const publishStaged = (input: {
  readonly outDir: string
  readonly site: SiteRender
  readonly store: StateStore
  readonly staging: string
  readonly extraFiles: ExtraFiles | undefined
}) =>
  Effect.gen(function* () {
    const { outDir, site, store, staging, extraFiles: step } = input
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const previous = (yield* store.readOrRebuild(MANIFEST, Manifest))?.files ?? {}
    // Files count as unchanged (or may be kept) only in the folder the manifest describes: in outputs restored
    // from another night, a file of the same size may hold other bytes, so every file is moved into place.
    const trusted = (yield* sameFolder(outDir, store)) ? previous : {}
    const kept: Array<Staged> = []
    for (const file of site.kept) {
      const before = trusted[file]
      if (before === undefined)
        return yield* new PublishError({
          path: file,
          message: `cannot keep ${file}: the last run did not publish it`
        })
      kept.push({ path: file, ...before })
    }
    const stageOne = (artifact: Artifact) =>
      Effect.gen(function* () {
        yield* refuseUnsafe(outDir, artifact.path)
        const target = path.join(staging, artifact.path)
        yield* fs
          .makeDirectory(path.dirname(target), { recursive: true })
          .pipe(Effect.mapError(failed(target, "cannot create the folder of")))
        return yield* stageArtifact({
          content: artifact.content,
          target,
          previous: path.join(outDir, artifact.path)
        })
      })
    // The files a step names as the only ones it reads are staged first: it runs beside the rest's staging.
    const reads = step?.reads
    const early = new Map<string, StagedBytes>()
    if (reads !== undefined)
      for (const artifact of site.artifacts)
        if (reads(artifact.path)) early.set(artifact.path, yield* stageOne(artifact))
    const sections: Record<string, Record<string, ByteRange>> = {}
    const stageRest = Effect.gen(function* () {
      const staged: Array<Staged> = []
      const record = (file: string, out: StagedBytes) => {
        staged.push(stagedOf(file, out))
        if (Object.keys(out.sections).length > 0) sections[file] = out.sections
      }
      // The passes beside the other artifacts: a pass waits on its copies (papers.json's 495 MB at 1,000 days)
      // while the feeds render. The landing page, which states the passes' sizes, comes after both.
      const [passed, artifacts] = yield* Effect.all(
        [
          stagePasses(site.passes ?? [], {
            staging,
            scratch: path.join(staging, SCRATCH),
            outDir,
            refuse: (file) => refuseUnsafe(outDir, file)
          }),
          Effect.forEach(site.artifacts, (artifact) => {
            const known = early.get(artifact.path)
            return Effect.map(known === undefined ? stageOne(artifact) : Effect.succeed(known), (out) =>
              Tuple.make(artifact.path, out)
            )
          })
        ],
        { concurrency: 2 }
      )
      for (const [file, out] of passed) {
        // staged early only as artifacts: a pass's file would reach the step after it had read the others
        if (reads?.(file) === true)
          return yield* new PublishError({
            path: file,
            message: `${file} comes from a pass: the step reads it`
          })
        record(file, out)
      }
      for (const [file, out] of artifacts) record(file, out)
      for (const artifact of site.last ?? []) record(artifact.path, yield* stageOne(artifact))
      return staged
    })
    /** The step over the files it sees (none without a step): its own files, staged, and the ones it keeps. */
    const runStep = (seen: ReadonlyArray<Staged>) =>
      step === undefined
        ? Effect.succeed({ staged: [], kept: [] })
        : stepView({ staged: seen, kept, staging, outDir, published: trusted, reads }).pipe(
            Effect.flatMap(step.files),
            Effect.flatMap((output) => stageStepOutput({ step, output, outDir, staging, trusted }))
          )
    // A step that reads everything waits for the staging; one that names its files runs beside it, a failure
    // of either interrupting the other (Pagefind's process included).
    const [staged, stepFiles] =
      reads === undefined
        ? yield* Effect.flatMap(stageRest, (all) => Effect.map(runStep(all), (out) => [all, out] as const))
        : yield* Effect.all([stageRest, runStep([...early].map(([file, out]) => stagedOf(file, out)))], {
            concurrency: 2
          })
    staged.push(...stepFiles.staged)
    kept.push(...stepFiles.kept)
    yield* store.remove(MANIFEST)
    yield* fs
      .remove(path.join(outDir, OUT_MANIFEST), { force: true })
      .pipe(Effect.mapError(failed(OUT_MANIFEST, "cannot remove")))
    const written: Array<string> = []
    let unchanged = kept.length
    const rename = (from: string, to: string) =>
      fs.rename(from, to).pipe(Effect.mapError(failed(to, "cannot move into place")))
    for (const file of staged) {
      const moved = yield* placeChanged({
        from: path.join(staging, file.path),
        target: path.join(outDir, file.path),
        record: file,
        before: trusted[file.path],
        move: rename
      })
      if (moved) written.push(file.path)
      else unchanged++
    }

    const current = new Set([...staged, ...kept].map((file) => file.path))
    const removed = Object.keys(previous)
      .filter((file) => !current.has(file))
      .sort()
    for (const file of removed) yield* fs.remove(path.join(outDir, file)).pipe(Effect.ignore)
    if (input.extraFiles !== undefined) yield* sweep(outDir, input.extraFiles.folder, current)

    const files = Object.fromEntries(
      [...staged, ...kept]
        .sort(Order.mapInput(Order.string, (file: Staged) => file.path))
        .map((f) => [f.path, { sha256: f.sha256, bytes: f.bytes }])
    )
    const text = `${JSON.stringify({ files }, null, 1)}\n`
    yield* store.writeChunks(MANIFEST, [text])
    yield* store.writeFile(path.join(outDir, OUT_MANIFEST), text)
    const stamps = yield* stampFiles(outDir, files, Object.keys(sections))
    const order = [...staged, ...kept].map((file) => file.path)
    return { written, unchanged, removed, files, sections, stamps, order } satisfies Published
  })

/**
 * Removes every file under `outDir/folder` that is not in `current` (paths relative to outDir), then the folders
 * left empty (those of a layout given up, such as the two-tier search index's `pagefind/archive/index/`).
 */
export const sweep = (outDir: string, folder: string, current: ReadonlySet<string>) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const root = path.join(outDir, folder)
    const entries = yield* fs.readDirectory(root, { recursive: true }).pipe(Effect.orElseSucceed(() => []))
    const folders: Array<string> = []
    for (const entry of entries) {
      const relative = `${folder}/${entry.split(path.sep).join("/")}`
      if (current.has(relative)) continue
      const info = yield* fs.stat(path.join(root, entry)).pipe(Effect.option)
      if (info._tag === "Some" && info.value.type === "File")
        yield* fs.remove(path.join(root, entry)).pipe(Effect.ignore)
      if (info._tag === "Some" && info.value.type === "Directory") folders.push(path.join(root, entry))
    }
    // deepest first, so that a folder whose subfolders went is empty in its turn
    for (const empty of folders.sort((a, b) => b.length - a.length)) {
      const left = yield* fs.readDirectory(empty).pipe(Effect.orElseSucceed(() => [""]))
      if (left.length === 0) yield* fs.remove(empty, { recursive: true }).pipe(Effect.ignore)
    }
  })
