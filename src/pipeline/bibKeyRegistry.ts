/**
 * The BibTeX key registry's persistence: the run loads it from the state folder, emit assigns keys from it, and
 * the run saves it before anything is published, so a key readers may have cited is never lost to a crash.
 */
import { Path } from "@effect/platform"
import { Effect, Either } from "effect"
import type { EnrichedPaper } from "../domain/EnrichedPaper.ts"
import { BibKeyRegistry, newBibKeys } from "../emit/BibKeys.ts"
import { BibKeyTable, type BibKeyTableError } from "../emit/BibKeyTable.ts"
import { StateCorrupt, StateStore } from "../state/StateStore.ts"

/** The state file the registry lives in (BibKeyTable's lines). */
export const BIBKEYS_STATE_FILE = "bibkeys.tsv"

/** Where the registry lived until it became a table: read once, written as the table, then removed. */
export const LEGACY_BIBKEYS_STATE_FILE = "bibkeys.json"

// Never rebuilt silently: a lost registry renames keys people have cited. A corrupt file stops the run
// (StateCorrupt, exit 2) until it is restored, e.g. from the state branch's history.
const corrupt = (file: string, error: BibKeyTableError) =>
  new StateCorrupt({
    file,
    message: `state file ${file} is corrupt (restore it, e.g. from the state branch): line ${error.line}: ${error.message}`
  })

/** The registry (empty when absent), and whether it was read from the legacy JSON file. */
export const loadBibKeys = Effect.gen(function* () {
  const store = yield* StateStore
  const path = yield* Path.Path
  const file = path.join(store.folder, BIBKEYS_STATE_FILE)
  const text = yield* store.readFile(file)
  if (text !== undefined)
    return {
      table: yield* Either.mapLeft(BibKeyTable.parse(text), (error) => corrupt(file, error)),
      legacy: false
    }
  const registry = yield* store.read(LEGACY_BIBKEYS_STATE_FILE, BibKeyRegistry)
  if (registry === undefined) return { table: BibKeyTable.empty, legacy: false }
  const table = yield* Either.mapLeft(BibKeyTable.fromRecord(registry), (error) =>
    corrupt(path.join(store.folder, LEGACY_BIBKEYS_STATE_FILE), error)
  )
  return { table, legacy: true }
})

/**
 * The keys of `papers`, those without one given one first. New keys are saved (the table rewritten atomically
 * with their lines spliced in) before they are returned; a registry read from the legacy file is saved as the
 * table, and the legacy file removed after.
 */
export const assignAndSaveBibKeys = Effect.fn("assignAndSaveBibKeys")(function* (
  papers: ReadonlyArray<EnrichedPaper>
) {
  const store = yield* StateStore
  const { table, legacy } = yield* loadBibKeys
  const keys: Record<string, string> = {}
  const fresh: Array<EnrichedPaper> = []
  for (const paper of papers) {
    const key = table.keyOf(paper.paper.id)
    if (key === undefined) fresh.push(paper)
    else keys[paper.paper.id] = key
  }
  const added = newBibKeys(fresh, (bases) => table.taken(bases))
  if (added.size > 0 || legacy) yield* store.writeChunks(BIBKEYS_STATE_FILE, table.withAdded(added))
  if (legacy) yield* store.remove(LEGACY_BIBKEYS_STATE_FILE)
  for (const [id, key] of added) keys[id] = key
  return keys as BibKeyRegistry
})
