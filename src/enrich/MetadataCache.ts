/** The persistent arXiv metadata cache (shards under `arxiv-cache/` in the state folder) and what a run asks arXiv for. */
import { Effect, Schema } from "effect"
import type { ArxivId } from "../domain/ArxivId.ts"
import { ArxivMetadata } from "../domain/ArxivMetadata.ts"
import { addDays, IsoDate, latestDate } from "../domain/IsoDate.ts"
import type { ArxivPaper } from "../domain/Paper.ts"
import type { StateStore } from "../state/StateStore.ts"
import { AskRecord, askIsDue } from "./AskSchedule.ts"
import { readShards, type ShardedCacheSpec, shardFileSchema, writeShards } from "./ShardedCache.ts"

/** The folder of cache shards in the state folder: `arxiv-cache/2510.1.json`, `arxiv-cache/hep-th-9901.json`. */
export const METADATA_CACHE_DIR = "arxiv-cache"
/** The single-file cache of earlier versions, read once and split into shards. */
export const LEGACY_METADATA_CACHE_FILE = "arxiv-cache.json"

/** What arXiv said about a paper, and the (UTC) day it said so. */
export class CachedMetadata extends Schema.Class<CachedMetadata>("CachedMetadata")({
  fetchedOn: IsoDate,
  metadata: ArxivMetadata
}) {}

/** Where the shards live and how each is sorted (the file format is ShardedCache's). */
const SHARDS: ShardedCacheSpec<
  CachedMetadata,
  typeof CachedMetadata.Encoded,
  AskRecord,
  typeof AskRecord.Encoded
> = {
  entry: CachedMetadata,
  record: AskRecord,
  fileOf: (shard) => shardFile(shard),
  entryKey: (entry) => entry.metadata.id,
  recordKey: (record) => record.id
}

/**
 * A shard file: entries sorted by id, so an unchanged shard is rewritten byte for byte. `asked` (absent when
 * empty, so shards of earlier versions read the same) holds the ask schedule of its ids (see AskSchedule).
 */
export const MetadataCacheFile = shardFileSchema(SHARDS)

/** Cache entries by version-less id. */
export type MetadataCache = ReadonlyMap<ArxivId, CachedMetadata>
/** Ask records by version-less id: ids whose last answer lacked what the digests link. */
export type AskLog = ReadonlyMap<ArxivId, AskRecord>

/**
 * The shard an id lives in: its month and the first digit of its number (`2510.12345` -> `2510.1`), or its
 * archive and month (`hep-th/9901001` -> `hep-th-9901`). A night's new papers share one or two shards, so a run
 * reads and rewrites a few thousand entries, not the whole cache: its cost follows the new work.
 */
export const shardOf = (id: string): string => {
  const slash = id.indexOf("/")
  return slash === -1 ? id.slice(0, 6) : `${id.slice(0, slash)}-${id.slice(slash + 1, slash + 5)}`
}

export const shardFile = (shard: string): string => `${METADATA_CACHE_DIR}/${shard}.json`

/** What a load found: the entries of every shard read, and what was wrong with corrupt ones (for the report). */
export interface LoadedCache {
  readonly cache: Map<ArxivId, CachedMetadata>
  readonly asked: Map<ArxivId, AskRecord>
  readonly corrupt: string | null
}

/**
 * Splits an earlier version's single file into shards, then removes it. Shards already there are merged, the
 * later answer winning, so a single file that comes back (a rollback, a reverted state branch) loses nothing.
 */
const migrateLegacyFile = (store: StateStore) =>
  Effect.gen(function* () {
    const legacy = yield* store.readOrRebuild(LEGACY_METADATA_CACHE_FILE, MetadataCacheFile)
    if (legacy === undefined) return
    const ids = legacy.papers.map((entry) => entry.metadata.id)
    const { cache, asked } = yield* loadShards(store, ids)
    for (const entry of legacy.papers) {
      const present = cache.get(entry.metadata.id)
      if (present === undefined || entry.fetchedOn > present.fetchedOn) cache.set(entry.metadata.id, entry)
    }
    yield* saveMetadataCache(store, cache, ids, asked)
    yield* store.remove(LEGACY_METADATA_CACHE_FILE)
  })

/**
 * The entries of every shard that holds one of `ids` (empty for shards never written). A corrupt shard is
 * moved aside as `NAME.corrupt` and its papers are asked again; `corrupt` then says what was wrong.
 */
export const loadMetadataCache = (store: StateStore, ids: Iterable<ArxivId>) =>
  Effect.zipRight(migrateLegacyFile(store), loadShards(store, ids))

const loadShards = (store: StateStore, ids: Iterable<ArxivId>) =>
  Effect.gen(function* () {
    const cache = new Map<ArxivId, CachedMetadata>()
    const asked = new Map<ArxivId, AskRecord>()
    const shards = new Set<string>()
    for (const id of ids) shards.add(shardOf(id))
    const read = yield* readShards(store, SHARDS, shards)
    for (const shard of read.shards) {
      for (const entry of shard.papers) cache.set(entry.metadata.id, entry)
      for (const record of shard.asked) asked.set(record.id as ArxivId, record)
    }
    return { cache, asked, corrupt: read.corrupt } satisfies LoadedCache
  })

/**
 * Rewrites the shards of `changed` from `cache` and `asked`, which must hold every entry of those shards (as
 * loadMetadataCache returns them): each shard is written whole, atomically.
 */
export const saveMetadataCache = (
  store: StateStore,
  cache: MetadataCache,
  changed: Iterable<ArxivId>,
  asked: AskLog = new Map()
) => {
  const shards = new Map<string, { papers: Array<CachedMetadata>; asked: Array<AskRecord> }>()
  for (const id of changed) shards.set(shardOf(id), { papers: [], asked: [] })
  for (const entry of cache.values()) shards.get(shardOf(entry.metadata.id))?.papers.push(entry)
  for (const record of asked.values()) shards.get(shardOf(record.id))?.asked.push(record)
  return writeShards(store, SHARDS, shards)
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** A digest links the paper at a newer version than arXiv's metadata describes: arXiv is asked again. */
export const digestIsNewer = (paper: ArxivPaper, metadata: ArxivMetadata): boolean =>
  paper.version !== null && paper.version > metadata.version

/** `new`: never asked; `unknown`: arXiv did not know it last time; `newer-version`: it answered an older one. */
export type FetchReason = "new" | "unknown" | "newer-version" | "refresh"

export interface RefreshPolicy {
  /** The run's date (UTC), from the Clock. */
  readonly today: IsoDate
  readonly refreshDays: number
  readonly refreshLimit: number
  /**
   * The run's newest digest date, which the refresh window ends at; without it, the newest date of the papers
   * given (a slice of a sliced run passes the whole run's, so it refreshes what the run unsliced would).
   */
  readonly newest?: IsoDate
}

export interface Selection {
  /** Ids to ask arXiv for: new, unknown and newer-version ids first (in paper order), then refreshes. */
  readonly ids: ReadonlyArray<ArxivId>
  readonly reasons: ReadonlyMap<ArxivId, FetchReason>
}

/**
 * Whether an id whose last answer lacked what the digests link is due today. A stale entry without a record
 * (a cache of an earlier version) counts as asked on the day it was fetched, once.
 */
const dueAgain = (
  paper: ArxivPaper,
  entry: CachedMetadata | undefined,
  record: AskRecord | undefined,
  today: IsoDate
) =>
  record === undefined
    ? entry !== undefined && entry.fetchedOn < today
    : askIsDue(record, today, paper.version)

/** The first announcement date a refresh may go to: `refreshDays` before the run's (or the papers') newest date. */
export const refreshWindowStart = (
  papers: ReadonlyArray<Pick<ArxivPaper, "dates" | "firstSeen">>,
  policy: RefreshPolicy
): IsoDate | undefined => {
  const newest = policy.newest ?? latestDate(papers.map((paper) => paper.dates.at(-1) ?? paper.firstSeen))
  return newest === null ? undefined : addDays(newest, -policy.refreshDays)
}

/**
 * Which papers to ask arXiv about (deterministic for a given date): every id never asked; ids arXiv did not
 * know or answered at an older version than a digest links, when their ask schedule is due (AskSchedule); and
 * at most `refreshLimit` papers announced within `refreshDays` of the newest digest date (`policy.newest`, else
 * the papers') whose entry was
 * fetched before today (DOIs and journal references appear weeks after announcement). Stalest entries are
 * refreshed first, then the newest papers, then by id. No id is asked twice on one run date.
 */
export const selectForFetch = (
  papers: ReadonlyArray<ArxivPaper>,
  cache: MetadataCache,
  policy: RefreshPolicy,
  asked: AskLog = new Map()
): Selection => {
  const reasons = new Map<ArxivId, FetchReason>()
  const considered = new Set<ArxivId>()
  const windowStart = refreshWindowStart(papers, policy)
  const candidates: Array<{ paper: ArxivPaper; entry: CachedMetadata }> = []
  for (const paper of papers) {
    if (considered.has(paper.id)) continue
    considered.add(paper.id)
    const entry = cache.get(paper.id)
    const record = asked.get(paper.id)
    if (entry === undefined && record === undefined) reasons.set(paper.id, "new")
    else if (entry === undefined || digestIsNewer(paper, entry.metadata)) {
      if (dueAgain(paper, entry, record, policy.today))
        reasons.set(paper.id, entry === undefined ? "unknown" : "newer-version")
    } else if (
      windowStart !== undefined &&
      paper.firstSeen >= windowStart &&
      entry.fetchedOn < policy.today
    ) {
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
