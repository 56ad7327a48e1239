/**
 * The last run's record (memo, problems, output manifest) kept while a sliced run goes: each slice records its
 * own in the state folder for the next slice to build on, and a run that does not finish puts the last run's
 * back (README "Sliced runs").
 */
import { Path } from "@effect/platform"
import { Effect } from "effect"
import { StateStore } from "../../state/StateStore.ts"
import { ARCHIVE_STATE_FILE } from "./ArchiveState.ts"
import { MANIFEST } from "./outputsManifest.ts"
import { RUN_MEMO_FILE, RUN_PROBLEMS_FILE } from "./RunMemo.ts"

/**
 * What a finished run records in the state folder and each slice overwrites with its own (the problems first and
 * the memo last, as recordRun writes them).
 */
const RUN_RECORD = [RUN_PROBLEMS_FILE, MANIFEST, RUN_MEMO_FILE] as const

/** The last run's record as the sliced run found it, to be put back if the run does not finish. */
export const keepRunRecord = Effect.gen(function* () {
  const store = yield* StateStore
  const path = yield* Path.Path
  return yield* Effect.forEach(RUN_RECORD, (name) =>
    Effect.map(store.readFile(path.join(store.folder, name)), (text) => [name, text] as const)
  )
})

/**
 * Puts the last run's record back, as a run unsliced that fails (a refusal to shrink, a failed publish) leaves
 * it: the next night compares with the last full run, not with a slice, and the slices' archive goes (the first
 * plan removed the last run's, as an unsliced run's does).
 */
export const restoreRunRecord = (kept: Effect.Effect.Success<typeof keepRunRecord>) =>
  Effect.gen(function* () {
    const store = yield* StateStore
    const path = yield* Path.Path
    yield* store.remove(ARCHIVE_STATE_FILE)
    for (const [name, text] of kept)
      yield* text === undefined ? store.remove(name) : store.writeFile(path.join(store.folder, name), text)
  }).pipe(
    Effect.catchAll((error) => Effect.logWarning(`cannot put the last run's record back: ${error.message}`))
  )
