/** Publishes rendered artifacts: staged completely first, then moved into place only where bytes changed. */
import { createHash } from "node:crypto"
import { FileSystem, Path } from "@effect/platform"
import { Effect, Order } from "effect"
import type { ByteRange, SiteRender } from "../../emit/Artifact.ts"
import type { StateStore } from "../../state/StateStore.ts"
import { MANIFEST, Manifest, OUT_MANIFEST, sameFolder } from "./outputsManifest.ts"
import { type FileStamp, stampFiles } from "./publishedStamps.ts"
import { PublishError, stageArtifact, stagePasses } from "./stageArtifact.ts"

export { outputsIntact, recordedFiles } from "./outputsManifest.ts"
export { PublishError } from "./stageArtifact.ts"

const SAFE_PATH = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/
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

export interface PublishedFile {
  readonly sha256: string
  readonly bytes: number
}

interface Staged extends PublishedFile {
  readonly path: string
}

/** The files about to be published, as a step after rendering sees them (staged ones, or kept ones in place). */
export interface StagedView {
  /** Every path the publish will hold (staged and kept), sorted. */
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

/** A PublishError naming the file and what could not be done to it. */
export const failed = (file: string, doing: string) => (cause: unknown) =>
  new PublishError({ path: file, message: `${doing} ${file}: ${String(cause)}`, cause })

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

// Paths come from data (category names, dates) and from Pagefind: none may leave the output folder.
const refuseUnsafe = (outDir: string, file: string) =>
  !SAFE_PATH.test(file) || file.split("/").some((part) => part === ".." || part === ".")
    ? new PublishError({ path: file, message: `refusing to write outside ${outDir}: ${file}` })
    : Effect.void

const publishStaged = (input: {
  readonly outDir: string
  readonly site: SiteRender
  readonly store: StateStore
  readonly staging: string
  readonly extraFiles: ExtraFiles | undefined
}) =>
  Effect.gen(function* () {
    const { outDir, site, store, staging } = input
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const staged: Array<Staged> = []
    const sections: Record<string, Record<string, ByteRange>> = {}
    // Passes first: the artifacts after them (the landing page) may state their files' sizes.
    const passed = yield* stagePasses(site.passes ?? [], {
      staging,
      scratch: path.join(staging, SCRATCH),
      outDir,
      refuse: (file) => refuseUnsafe(outDir, file)
    })
    for (const [file, out] of passed) {
      staged.push({ path: file, sha256: out.sha256, bytes: out.bytes })
      if (Object.keys(out.sections).length > 0) sections[file] = out.sections
    }
    for (const artifact of site.artifacts) {
      yield* refuseUnsafe(outDir, artifact.path)
      const target = path.join(staging, artifact.path)
      yield* fs
        .makeDirectory(path.dirname(target), { recursive: true })
        .pipe(Effect.mapError(failed(target, "cannot create the folder of")))
      const out = yield* stageArtifact({
        content: artifact.content,
        target,
        previous: path.join(outDir, artifact.path)
      })
      staged.push({ path: artifact.path, sha256: out.sha256, bytes: out.bytes })
      if (Object.keys(out.sections).length > 0) sections[artifact.path] = out.sections
    }

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
    if (input.extraFiles !== undefined) {
      const stagedPaths = new Set(staged.map((file) => file.path))
      const hashes = new Map([...staged, ...kept].map((file) => [file.path, file.sha256]))
      const sizes = new Map([...staged, ...kept].map((file) => [file.path, file.bytes]))
      const extra = yield* input.extraFiles.files({
        paths: [...stagedPaths, ...site.kept].sort(),
        read: (file) => {
          const from = path.join(stagedPaths.has(file) ? staging : outDir, file)
          return fs.readFileString(from).pipe(Effect.mapError(failed(from, "cannot read")))
        },
        sha256: (file) => hashes.get(file),
        bytes: (file) => sizes.get(file),
        published: trusted
      })
      for (const file of extra.kept) {
        const before = trusted[file]
        if (before === undefined || !file.startsWith(`${input.extraFiles.folder}/`))
          return yield* new PublishError({ path: file, message: `cannot keep ${file}: not published there` })
        kept.push({ path: file, ...before })
      }
      for (const file of extra.files) {
        yield* refuseUnsafe(outDir, file.path)
        if (!file.path.startsWith(`${input.extraFiles.folder}/`))
          return yield* new PublishError({
            path: file.path,
            message: `${file.path} lies outside ${input.extraFiles.folder}/`
          })
        const target = path.join(staging, file.path)
        yield* fs
          .makeDirectory(path.dirname(target), { recursive: true })
          .pipe(Effect.mapError(failed(target, "cannot create the folder of")))
        yield* fs.writeFile(target, file.bytes).pipe(Effect.mapError(failed(target, "cannot stage")))
        const sha256 = createHash("sha256").update(file.bytes).digest("hex")
        staged.push({ path: file.path, sha256, bytes: file.bytes.length })
      }
    }
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
