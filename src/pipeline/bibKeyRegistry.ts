/**
 * The BibTeX key registry's persistence: the run loads it from the state folder, emit assigns keys from it, and
 * the run saves it before anything is published, so a key readers may have cited is never lost to a crash.
 */
import { createHash } from "node:crypto"
import { Path } from "@effect/platform"
import { Effect, Either } from "effect"
import type { EnrichedPaper } from "../domain/EnrichedPaper.ts"
import { BibKeyRegistry, newBibKeys } from "../emit/BibKeys.ts"
import { BibKeyTable, type BibKeyTableError } from "../emit/BibKeyTable.ts"
import { StateCorrupt, StateStore } from "../state/StateStore.ts"

/** The state file the registry lives in (BibKeyTable's lines). */
export const BIBKEYS_STATE_FILE = "bibkeys.tsv"

/** Where the registry lived until it became a table: read once, written as the table, then left as MOVED_NOTE. */
export const LEGACY_BIBKEYS_STATE_FILE = "bibkeys.json"

/**
 * What the legacy file holds once the registry has moved. Not JSON: an older build reading it stops (a corrupt
 * registry, exit 2) instead of starting from an empty one and renaming every cited key.
 */
export const MOVED_NOTE =
  "The BibTeX key registry moved to bibkeys.tsv (digest-feeds). This file is not JSON on purpose: a build that still reads bibkeys.json stops instead of renaming cited keys.\n"

// Never rebuilt silently: a lost registry renames keys people have cited. A corrupt file stops the run
// (StateCorrupt, exit 2) until it is restored, e.g. from the state branch's history.
const corrupt = (file: string, message: string) =>
  new StateCorrupt({
    file,
    message: `state file ${file} is corrupt (restore it, e.g. from the state branch): ${message}`
  })

const atLine = (error: BibKeyTableError) => `line ${error.line}: ${error.message}`

/**
 * The registry (empty when there is none) and the table's text as read (undefined when there is none). `migrated`: read from the legacy file, so the table is to be written;
 * `leftover`: a legacy JSON file beside the table (a run stopped between writing the table and the note, or a
 * file restored by hand), to be replaced by the note so that it can never be read again.
 */
export const loadBibKeys = Effect.gen(function* () {
  const store = yield* StateStore
  const path = yield* Path.Path
  const file = path.join(store.folder, BIBKEYS_STATE_FILE)
  const legacyFile = path.join(store.folder, LEGACY_BIBKEYS_STATE_FILE)
  const text = yield* store.readFile(file)
  const legacyText = yield* store.readFile(legacyFile)
  if (text !== undefined) {
    const table = yield* Either.mapLeft(BibKeyTable.parse(text), (error) => corrupt(file, atLine(error)))
    const leftover = legacyText !== undefined && legacyText !== MOVED_NOTE
    return { table, text, migrated: false, leftover }
  }
  if (legacyText === undefined)
    return { table: BibKeyTable.empty, text: undefined, migrated: false, leftover: false }
  if (legacyText === MOVED_NOTE)
    return yield* corrupt(file, `missing, while ${legacyFile} says the registry moved there`)
  const registry = yield* store.read(LEGACY_BIBKEYS_STATE_FILE, BibKeyRegistry)
  const table = yield* Either.mapLeft(BibKeyTable.fromRecord(registry ?? {}), (error) =>
    corrupt(legacyFile, atLine(error))
  )
  return { table, text: undefined, migrated: true, leftover: false }
})

/** SHA-256 of the text these chunks make, as StateStore.sha256 hashes the file they are written to. */
const sha256Of = (chunks: Iterable<string>): string => {
  const hash = createHash("sha256")
  for (const chunk of chunks) hash.update(chunk)
  return hash.digest("hex")
}

/**
 * The keys of `papers`, those without one given one first, and the SHA-256 of the table as it now stands (null
 * when there is none), which the run records beside its archive without reading the table a third time. New keys
 * are saved (the table rewritten atomically with their lines spliced in) before they are returned; a registry
 * read from the legacy file is saved as the table first, and the legacy file replaced by MOVED_NOTE after.
 */
export const assignAndSaveBibKeys = Effect.fn("assignAndSaveBibKeys")(function* (
  papers: ReadonlyArray<EnrichedPaper>
) {
  const store = yield* StateStore
  const { table, text, migrated, leftover } = yield* loadBibKeys
  const keys: Record<string, string> = {}
  const fresh: Array<EnrichedPaper> = []
  for (const paper of papers) {
    const key = table.keyOf(paper.paper.id)
    if (key === undefined) fresh.push(paper)
    else keys[paper.paper.id] = key
  }
  const added = newBibKeys(fresh, (bases) => table.taken(bases))
  const written = added.size > 0 || migrated ? table.withAdded(added) : undefined
  if (written !== undefined) yield* store.writeChunks(BIBKEYS_STATE_FILE, written)
  if (leftover)
    yield* Effect.logWarning(
      `${LEGACY_BIBKEYS_STATE_FILE} found beside ${BIBKEYS_STATE_FILE}: the table is the registry; the JSON file is replaced by a note`
    )
  if (migrated || leftover) yield* store.writeChunks(LEGACY_BIBKEYS_STATE_FILE, [MOVED_NOTE])
  for (const [id, key] of added) keys[id] = key
  const saved = written ?? (text === undefined ? undefined : [text])
  return { keys: keys as BibKeyRegistry, sha256: saved === undefined ? null : sha256Of(saved) }
})
