/** The persistent bioRxiv/medRxiv metadata cache: shards under `rxiv-cache/` in the state folder. */
import { Effect, Schema } from "effect"
import { IsoDate } from "../../domain/IsoDate.ts"
import { RxivMetadata, type RxivServer } from "../../domain/RxivMetadata.ts"
import type { StateStore } from "../../state/StateStore.ts"

/** The folder of cache shards: `rxiv-cache/biorxiv-2025.05.json`, `rxiv-cache/medrxiv-numeric.json`. */
export const RXIV_CACHE_DIR = "rxiv-cache"

/** What the API said about a paper, and the (UTC) day it said so. */
export class CachedRxivMetadata extends Schema.Class<CachedRxivMetadata>("CachedRxivMetadata")({
  fetchedOn: IsoDate,
  metadata: RxivMetadata
}) {}

/** A shard file: entries sorted by DOI, so an unchanged shard is rewritten byte for byte. */
export const RxivCacheFile = Schema.Struct({
  format: Schema.Literal(1),
  papers: Schema.Array(CachedRxivMetadata)
})

/** Entries by `server doi` (a DOI belongs to one server, but the key never lets two collide). */
export type RxivCache = ReadonlyMap<string, CachedRxivMetadata>

export const cacheKey = (server: RxivServer, doi: string): string => `${server} ${doi}`

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

export interface LoadedRxivCache {
  readonly cache: Map<string, CachedRxivMetadata>
  /** What was wrong with corrupt shards (moved aside as `NAME.corrupt`, their papers asked again), or null. */
  readonly corrupt: string | null
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The entries of every shard that holds one of `papers` (empty for shards never written). */
export const loadRxivCache = (
  store: StateStore,
  papers: Iterable<{ readonly server: RxivServer; readonly doi: string }>
) =>
  Effect.gen(function* () {
    const cache = new Map<string, CachedRxivMetadata>()
    const problems: Array<string> = []
    const shards = new Set<string>()
    for (const paper of papers) shards.add(rxivShardOf(paper.server, paper.doi))
    for (const shard of [...shards].sort(compare)) {
      const file = yield* store
        .read(rxivShardFile(shard), RxivCacheFile)
        .pipe(
          Effect.catchTag("StateCorrupt", (corrupt) =>
            Effect.sync(() => problems.push(corrupt.message)).pipe(
              Effect.zipRight(store.readOrRebuild(rxivShardFile(shard), RxivCacheFile))
            )
          )
        )
      for (const entry of file?.papers ?? [])
        cache.set(cacheKey(entry.metadata.server, entry.metadata.doi), entry)
    }
    return { cache, corrupt: problems.length === 0 ? null : problems.join("; ") } satisfies LoadedRxivCache
  })

const encodeEntry = Schema.encodeSync(CachedRxivMetadata)

/** One paper per line: a large shard never becomes one giant string; a night's change is a readable diff. */
function* shardChunks(entries: ReadonlyArray<CachedRxivMetadata>): Iterable<string> {
  yield '{"format":1,"papers":['
  let separator = "\n"
  for (const entry of entries) {
    yield separator + JSON.stringify(encodeEntry(entry))
    separator = ",\n"
  }
  yield "\n]}\n"
}

/**
 * Rewrites the shards of `changed` from `cache`, which must hold every entry of those shards (as loadRxivCache
 * returns them): each shard is written whole, atomically.
 */
export const saveRxivCache = (
  store: StateStore,
  cache: RxivCache,
  changed: Iterable<{ readonly server: RxivServer; readonly doi: string }>
) =>
  Effect.gen(function* () {
    const shards = new Map<string, Array<CachedRxivMetadata>>()
    for (const paper of changed) shards.set(rxivShardOf(paper.server, paper.doi), [])
    for (const entry of cache.values())
      shards.get(rxivShardOf(entry.metadata.server, entry.metadata.doi))?.push(entry)
    for (const [shard, entries] of [...shards].sort(([a], [b]) => compare(a, b)))
      yield* store.writeChunks(
        rxivShardFile(shard),
        shardChunks(entries.sort((a, b) => compare(a.metadata.doi, b.metadata.doi)))
      )
  })

/** Records fetched on `today` into the cache (a newer answer replaces the entry); returns what changed. */
export const rememberRxiv = (
  cache: Map<string, CachedRxivMetadata>,
  found: Iterable<RxivMetadata>,
  today: IsoDate
): Array<{ server: RxivServer; doi: string }> => {
  const changed: Array<{ server: RxivServer; doi: string }> = []
  for (const metadata of found) {
    cache.set(
      cacheKey(metadata.server, metadata.doi),
      CachedRxivMetadata.make({ fetchedOn: today, metadata })
    )
    changed.push({ server: metadata.server, doi: metadata.doi })
  }
  return changed
}

/** The papers the cache does not know yet, in the order given: what a run asks the API for. */
export const notInRxivCache = <P extends { readonly server: RxivServer; readonly doi: string }>(
  papers: ReadonlyArray<P>,
  cache: RxivCache
): Array<P> => papers.filter((paper) => !cache.has(cacheKey(paper.server, paper.doi)))
