/** The persistent arXiv metadata cache (`arxiv-cache.json` in the state folder) and what a run asks arXiv for. */
import { Effect, Schema } from "effect"
import type { ArxivId } from "../domain/ArxivId.ts"
import { ArxivMetadata } from "../domain/ArxivMetadata.ts"
import { addDays, IsoDate } from "../domain/IsoDate.ts"
import type { Paper } from "../domain/Paper.ts"
import type { StateStore } from "../pipeline/StateStore.ts"

export const METADATA_CACHE_FILE = "arxiv-cache.json"

/** What arXiv said about a paper, and the (UTC) day it said so. */
export class CachedMetadata extends Schema.Class<CachedMetadata>("CachedMetadata")({
  fetchedOn: IsoDate,
  metadata: ArxivMetadata
}) {}

/** The file: entries sorted by id, so an unchanged cache is rewritten byte for byte. */
export const MetadataCacheFile = Schema.Struct({
  format: Schema.Literal(1),
  papers: Schema.Array(CachedMetadata)
})

/** Cache entries by version-less id. */
export type MetadataCache = ReadonlyMap<ArxivId, CachedMetadata>

const toMap = (file: typeof MetadataCacheFile.Type | undefined): MetadataCache =>
  new Map((file?.papers ?? []).map((entry) => [entry.metadata.id, entry] as const))

/**
 * The cache (empty when never written). A corrupt file is moved aside as `arxiv-cache.json.corrupt` and
 * rebuilt; `corrupt` then says what was wrong with it, for the report.
 */
export const loadMetadataCache = (store: StateStore) =>
  store.read(METADATA_CACHE_FILE, MetadataCacheFile).pipe(
    Effect.map((file) => ({ cache: toMap(file), corrupt: null as string | null })),
    Effect.catchTag("StateCorrupt", (corrupt) =>
      store
        .readOrRebuild(METADATA_CACHE_FILE, MetadataCacheFile)
        .pipe(Effect.map((file) => ({ cache: toMap(file), corrupt: corrupt.message })))
    )
  )

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const byId = (a: CachedMetadata, b: CachedMetadata): number => compare(a.metadata.id, b.metadata.id)

const encodeEntry = Schema.encodeSync(CachedMetadata)

/**
 * The file as MetadataCacheFile reads it, one paper per line: written entry by entry, so 200,000 papers never
 * become one giant string, and a night's change is a readable diff on the state branch.
 */
function* cacheFileChunks(entries: ReadonlyArray<CachedMetadata>): Iterable<string> {
  yield '{"format":1,"papers":['
  let separator = "\n"
  for (const entry of entries) {
    yield separator + JSON.stringify(encodeEntry(entry))
    separator = ",\n"
  }
  yield "\n]}\n"
}

export const saveMetadataCache = (store: StateStore, cache: MetadataCache) =>
  store.writeChunks(METADATA_CACHE_FILE, cacheFileChunks([...cache.values()].sort(byId)))

export type FetchReason = "new" | "newer-version" | "refresh"

export interface RefreshPolicy {
  /** The run's date (UTC), from the Clock. */
  readonly today: IsoDate
  readonly refreshDays: number
  readonly refreshLimit: number
}

export interface Selection {
  /** Ids to ask arXiv for: new and newer-version ids first (in paper order), then refreshes. */
  readonly ids: ReadonlyArray<ArxivId>
  readonly reasons: ReadonlyMap<ArxivId, FetchReason>
}

/**
 * Which papers to ask arXiv about (deterministic for a given date): every id never seen, every id whose
 * digest version is newer than the cached one, and at most `refreshLimit` papers announced within
 * `refreshDays` of the newest digest date whose entry was fetched before today (DOIs and journal references
 * appear weeks after announcement). Stalest entries are refreshed first, then the newest papers, then by id.
 */
export const selectForFetch = (
  papers: ReadonlyArray<Paper>,
  cache: MetadataCache,
  policy: RefreshPolicy
): Selection => {
  const reasons = new Map<ArxivId, FetchReason>()
  const newest = papers.reduce<IsoDate | undefined>((max, paper) => {
    const last = paper.dates.at(-1) ?? paper.firstSeen
    return max === undefined || last > max ? last : max
  }, undefined)
  const windowStart = newest === undefined ? undefined : addDays(newest, -policy.refreshDays)
  const candidates: Array<{ paper: Paper; entry: CachedMetadata }> = []
  for (const paper of papers) {
    if (reasons.has(paper.id)) continue
    const entry = cache.get(paper.id)
    if (entry === undefined) reasons.set(paper.id, "new")
    else if (paper.version !== null && paper.version > entry.metadata.version)
      reasons.set(paper.id, "newer-version")
    else if (windowStart !== undefined && paper.firstSeen >= windowStart && entry.fetchedOn < policy.today) {
      candidates.push({ paper, entry })
    }
  }
  const ids = [...reasons.keys()]
  candidates.sort(
    (a, b) =>
      compare(a.entry.fetchedOn, b.entry.fetchedOn) ||
      compare(b.paper.firstSeen, a.paper.firstSeen) ||
      compare(a.paper.id, b.paper.id)
  )
  for (const { paper } of candidates.slice(0, policy.refreshLimit)) {
    reasons.set(paper.id, "refresh")
    ids.push(paper.id)
  }
  return { ids, reasons }
}
