/** The persistent bioRxiv/medRxiv metadata cache: shards under `rxiv-cache/` in the state folder. */
import { Effect, Schema } from "effect"
import { IsoDate } from "../../domain/IsoDate.ts"
import { RxivMetadata, type RxivServer } from "../../domain/RxivMetadata.ts"
import type { StateStore } from "../../state/StateStore.ts"
import { AskRecord } from "../AskSchedule.ts"
import { readShards, type ShardedCacheSpec, shardFileSchema, writeShards } from "../ShardedCache.ts"

/** The folder of cache shards: `rxiv-cache/biorxiv-2025.05.json`, `rxiv-cache/medrxiv-numeric.json`. */
export const RXIV_CACHE_DIR = "rxiv-cache"

/** What the API said about a paper, and the (UTC) day it said so. */
export class CachedRxivMetadata extends Schema.Class<CachedRxivMetadata>("CachedRxivMetadata")({
  fetchedOn: IsoDate,
  /**
   * For an answer an interval gave, the interval's last day, when before `fetchedOn`: it listed the versions
   * posted in the interval, so it is current only as of that day (rxivDigestIsNewer). Absent: as of `fetchedOn`.
   */
  listedThrough: Schema.optionalWith(IsoDate, { exact: true }),
  metadata: RxivMetadata
}) {}

/** The day up to which the entry knows every version: what a later listing is compared with. */
export const currentAsOf = (entry: CachedRxivMetadata): IsoDate => entry.listedThrough ?? entry.fetchedOn

/**
 * Entries by `server doi`, the server being the one whose digests list the DOI (the one it is asked under and
 * looked up by). The entry's `metadata.server` is the API's word on where the paper lives: the two differ when
 * a medRxiv digest lists a bioRxiv DOI (or the reverse), and the entry still has to be found again.
 */
export type RxivCache = ReadonlyMap<string, CachedRxivMetadata>

export const cacheKey = (server: RxivServer, doi: string): string => `${server} ${doi}`

const serverOfKey = (key: string): RxivServer => key.slice(0, key.indexOf(" ")) as RxivServer

/**
 * The shard of a DOI: its server and the month in its dated suffix (`10.1101/2025.05.16.654321` and
 * `10.64898/2025.12.07.123456` -> `biorxiv-2025.05`, `biorxiv-2025.12`); old numeric DOIs (`10.1101/292722`)
 * share `biorxiv-numeric`. A night's papers fall in a few months, so a run rewrites a few shards.
 */
export const rxivShardOf = (server: RxivServer, doi: string): string => {
  const month = doi.match(/^10\.\d+\/(\d{4})\.(\d{2})\.\d{2}\./)
  return month === null ? `${server}-numeric` : `${server}-${month[1]}.${month[2]}`
}

export const rxivShardFile = (shard: string): string => `${RXIV_CACHE_DIR}/${shard}.json`

/** Where the shards live and how each is sorted (the file format is ShardedCache's). */
const SHARDS: ShardedCacheSpec<
  CachedRxivMetadata,
  typeof CachedRxivMetadata.Encoded,
  AskRecord,
  typeof AskRecord.Encoded
> = {
  entry: CachedRxivMetadata,
  record: AskRecord,
  fileOf: (shard) => rxivShardFile(shard),
  entryKey: (entry) => entry.metadata.doi,
  recordKey: (record) => record.id
}

/**
 * A shard file: entries sorted by DOI, so an unchanged shard is rewritten byte for byte. `asked` (absent when
 * empty) holds the ask schedule of DOIs the API did not answer usefully (AskSchedule).
 */
export const RxivCacheFile = shardFileSchema(SHARDS)

/** Ask records by `server doi`, like the cache. */
export type RxivAskLog = ReadonlyMap<string, AskRecord>

export interface LoadedRxivCache {
  readonly cache: Map<string, CachedRxivMetadata>
  readonly asked: Map<string, AskRecord>
  /** What was wrong with corrupt shards (moved aside as `NAME.corrupt`, their papers asked again), or null. */
  readonly corrupt: string | null
}

/** Each shard holds the DOIs one server's digests list: its name starts with that server. */
const serverOfShard = (shard: string): RxivServer => (shard.startsWith("medrxiv-") ? "medrxiv" : "biorxiv")

/** The entries of every shard that holds one of `papers` (empty for shards never written). */
export const loadRxivCache = (
  store: StateStore,
  papers: Iterable<{ readonly server: RxivServer; readonly doi: string }>
) =>
  Effect.gen(function* () {
    const cache = new Map<string, CachedRxivMetadata>()
    const asked = new Map<string, AskRecord>()
    const shards = new Set<string>()
    for (const paper of papers) shards.add(rxivShardOf(paper.server, paper.doi))
    const read = yield* readShards(store, SHARDS, shards)
    for (const shard of read.shards) {
      const listedUnder = serverOfShard(shard.shard)
      for (const entry of shard.papers) cache.set(cacheKey(listedUnder, entry.metadata.doi), entry)
      for (const record of shard.asked) asked.set(cacheKey(listedUnder, record.id), record)
    }
    return { cache, asked, corrupt: read.corrupt } satisfies LoadedRxivCache
  })

/**
 * Rewrites the shards of `changed` from `cache` and `asked`, which must hold every entry of those shards (as
 * loadRxivCache returns them): each shard is written whole, atomically.
 */
export const saveRxivCache = (
  store: StateStore,
  cache: RxivCache,
  changed: Iterable<{ readonly server: RxivServer; readonly doi: string }>,
  asked: RxivAskLog = new Map()
) => {
  const shards = new Map<string, { papers: Array<CachedRxivMetadata>; asked: Array<AskRecord> }>()
  for (const paper of changed) shards.set(rxivShardOf(paper.server, paper.doi), { papers: [], asked: [] })
  for (const [key, entry] of cache)
    shards.get(rxivShardOf(serverOfKey(key), entry.metadata.doi))?.papers.push(entry)
  for (const [key, record] of asked) shards.get(rxivShardOf(serverOfKey(key), record.id))?.asked.push(record)
  return writeShards(store, SHARDS, shards)
}

/**
 * Records fetched on `today` into the cache (a newer answer replaces the entry), each under the server whose
 * digests list its DOI (`listedUnder`, by default the record's own); returns what changed, by that server. A
 * record an interval listed is current only as of that interval's last day (`listedThrough`): its entry says
 * so, and a digest listing the DOI on a later day asks again (rxivDigestIsNewer), as a backfill's later slice
 * must; `fetchedOn` stays the run's date, which the refreshes go by.
 */
export const rememberRxiv = (
  cache: Map<string, CachedRxivMetadata>,
  found: Iterable<RxivMetadata>,
  answered: {
    readonly today: IsoDate
    readonly listedUnder?: (metadata: RxivMetadata) => RxivServer
    readonly listedThrough?: ReadonlyMap<string, IsoDate>
  }
): Array<{ server: RxivServer; doi: string }> => {
  const { today, listedUnder = (metadata: RxivMetadata) => metadata.server } = answered
  const changed: Array<{ server: RxivServer; doi: string }> = []
  for (const metadata of found) {
    const server = listedUnder(metadata)
    const through = answered.listedThrough?.get(metadata.doi)
    cache.set(
      cacheKey(server, metadata.doi),
      CachedRxivMetadata.make({
        fetchedOn: today,
        ...(through !== undefined && through < today ? { listedThrough: through } : {}),
        metadata
      })
    )
    changed.push({ server, doi: metadata.doi })
  }
  return changed
}

/** The papers the cache does not know yet, in the order given: what a run asks the API for. */
export const notInRxivCache = <P extends { readonly server: RxivServer; readonly doi: string }>(
  papers: ReadonlyArray<P>,
  cache: RxivCache
): Array<P> => papers.filter((paper) => !cache.has(cacheKey(paper.server, paper.doi)))
