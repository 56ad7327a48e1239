/**
 * The BibTeX key registry's persistence: the run loads it from the state folder, emit assigns keys from it, and
 * the run saves it before anything is published, so a key readers may have cited is never lost to a crash.
 */
import { Effect } from "effect"
import type { EnrichedPaper } from "../domain/EnrichedPaper.ts"
import { assignBibKeys, BibKeyRegistry } from "../emit/BibKeys.ts"
import { StateStore } from "../state/StateStore.ts"

/** The state file the registry lives in. */
export const BIBKEYS_STATE_FILE = "bibkeys.json"

/** Loads the registry from the state folder (empty when absent). */
export const loadBibKeys = Effect.flatMap(StateStore, (store) =>
  // Never rebuilt silently: a lost registry renames keys people have cited. A corrupt file stops the run
  // (StateCorrupt, exit 2) until it is restored, e.g. from the state branch's history.
  store.read(BIBKEYS_STATE_FILE, BibKeyRegistry)
).pipe(Effect.map((registry): BibKeyRegistry => registry ?? {}))

/** Saves the registry atomically. */
export const saveBibKeys = (registry: BibKeyRegistry) =>
  Effect.flatMap(StateStore, (store) => store.write(BIBKEYS_STATE_FILE, BibKeyRegistry, registry))

/** The registry with keys for every paper; new keys are saved before it is returned. */
export const assignAndSaveBibKeys = Effect.fn("assignAndSaveBibKeys")(function* (
  papers: ReadonlyArray<EnrichedPaper>
) {
  const registry = yield* loadBibKeys
  const bibKeys = assignBibKeys(registry, papers)
  // assignBibKeys returns the registry itself when it adds nothing, and never changes or drops a key.
  if (bibKeys !== registry) yield* saveBibKeys(bibKeys)
  return bibKeys
})
