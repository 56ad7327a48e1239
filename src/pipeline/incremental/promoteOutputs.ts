/**
 * A sliced run publishes each slice into a folder of its own (under the state folder); only the last slice's
 * outputs are moved into the output folder, once, at the end: until then the output folder holds the previous
 * run's outputs untouched, whatever happens to the run.
 */
import { FileSystem, Path } from "@effect/platform"
import type { PlatformError } from "@effect/platform/Error"
import { Effect, Schema } from "effect"
import type { StateStore } from "../../state/StateStore.ts"
import { Manifest, OUT_MANIFEST, recordedFiles, sameFolder } from "./outputsManifest.ts"
import { stampFiles } from "./publishedStamps.ts"
import {
  failed,
  type Published,
  type PublishedFile,
  type PublishResult,
  placeChanged,
  sweep
} from "./publishOutputs.ts"

/** What the last publish into the output folder recorded, and whether the folder still is the one it wrote. */
export interface OutputsBefore {
  readonly previous: Readonly<Record<string, PublishedFile>>
  readonly trusted: boolean
}

/**
 * Read before the first slice publishes: each slice's publish records its own folder in the state instead. The
 * output folder's own manifest says best what it holds (after an interrupted sliced run the state's describes
 * the slices' folder): the files it lists and this run does not publish are removed.
 */
export const outputsBefore = (outDir: string, store: StateStore) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const own = yield* fs.readFileString(path.join(outDir, OUT_MANIFEST)).pipe(
      Effect.flatMap(Schema.decodeUnknown(Schema.parseJson(Manifest))),
      Effect.map((manifest) => manifest.files),
      Effect.orElseSucceed(() => undefined)
    )
    const previous = own ?? (yield* recordedFiles(store)) ?? {}
    const trusted = yield* sameFolder(outDir, store).pipe(Effect.orElseSucceed(() => false))
    return { previous, trusted } satisfies OutputsBefore
  })

const acrossFileSystems = (error: PlatformError): boolean =>
  error._tag === "SystemError" && (error.cause as { code?: unknown } | undefined)?.code === "EXDEV"

/**
 * A rename; when the folders lie on different file systems (and only then: any other failure is the run's), a
 * copy beside the target renamed over it. A copy that fails is removed: nothing records it, so it would stay
 * in the output folder for good.
 */
const moveInto = (from: string, to: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => {
    const beside = `${to}.promoting`
    return fs.rename(from, to).pipe(
      Effect.catchIf(acrossFileSystems, () =>
        fs.copyFile(from, beside).pipe(
          Effect.zipRight(fs.rename(beside, to)),
          Effect.tapError(() => fs.remove(beside, { force: true }).pipe(Effect.ignore))
        )
      ),
      Effect.mapError(failed(to, "cannot move into place"))
    )
  })

/**
 * Moves the files of `staged` (as its publish recorded them in `files`) into `outDir`, as publishOutputs moves
 * its staging folder's: a file whose bytes the output folder already holds stays untouched, files the last
 * publish recorded and this one lacks go, and so does anything else in `sweepFolder` (the search index).
 * The output folder's manifest goes first and comes back last (it is the staged folder's, which the state
 * records), so a run killed while moving leaves outputs the next run does not build on.
 */
export const promoteOutputs = Effect.fn("promoteOutputs")(function* (input: {
  readonly staged: string
  readonly outDir: string
  readonly files: Readonly<Record<string, PublishedFile>>
  /** The paths in the order the report lists them (as the last slice's publish wrote them). */
  readonly order: ReadonlyArray<string>
  readonly before: OutputsBefore
  readonly sweepFolder: string
  /** The files with marked sections: stamped again where they now lie (publishedStamps). */
  readonly stamped: ReadonlyArray<string>
}) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const { staged, outDir, files, before } = input
  yield* fs.makeDirectory(outDir, { recursive: true }).pipe(Effect.mapError(failed(outDir, "cannot create")))
  yield* fs
    .remove(path.join(outDir, OUT_MANIFEST), { force: true })
    .pipe(Effect.mapError(failed(OUT_MANIFEST, "cannot remove")))
  const written: Array<string> = []
  let unchanged = 0
  const order = new Set([...input.order.filter((file) => files[file] !== undefined), ...Object.keys(files)])
  for (const file of order) {
    const moved = yield* placeChanged({
      from: path.join(staged, file),
      target: path.join(outDir, file),
      record: files[file]!,
      before: before.trusted ? before.previous[file] : undefined,
      move: moveInto
    })
    if (moved) written.push(file)
    else unchanged++
  }
  const removed = Object.keys(before.previous)
    .filter((file) => files[file] === undefined)
    .sort()
  for (const file of removed) yield* fs.remove(path.join(outDir, file)).pipe(Effect.ignore)
  yield* sweep(outDir, input.sweepFolder, new Set(Object.keys(files)))
  yield* moveInto(path.join(staged, OUT_MANIFEST), path.join(outDir, OUT_MANIFEST))
  const stamps = yield* stampFiles(outDir, files, input.stamped)
  return { written, unchanged, removed, stamps } satisfies PublishResult & Pick<Published, "stamps">
})
