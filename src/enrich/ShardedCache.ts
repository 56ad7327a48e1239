/**
 * The shard files of a metadata cache in the state folder, read and written the same way by the arXiv cache
 * (`arxiv-cache/`) and the bioRxiv/medRxiv cache (`rxiv-cache/`): `{"format":1,"papers":[…],"asked":[…]}` with one
 * entry per line, sorted, so an unchanged shard is rewritten byte for byte and a night's change is a readable
 * diff on the state branch. `asked` (the ask schedule of the shard's papers) is absent when empty.
 */
import { Effect, Schema } from "effect"
import type { StateStore } from "../state/StateStore.ts"

/** What a cache keeps per paper (`E`), what it keeps per paper asked without a usable answer (`R`). */
export interface ShardedCacheSpec<E, EI, R, RI> {
  readonly entry: Schema.Schema<E, EI>
  readonly record: Schema.Schema<R, RI>
  /** The file of a shard in the state folder. */
  readonly fileOf: (shard: string) => string
  /** The sort keys inside a shard. */
  readonly entryKey: (entry: E) => string
  readonly recordKey: (record: R) => string
}

/** The schema of one shard file. */
export const shardFileSchema = <E, EI, R, RI>(spec: {
  readonly entry: Schema.Schema<E, EI>
  readonly record: Schema.Schema<R, RI>
}) =>
  Schema.Struct({
    format: Schema.Literal(1),
    papers: Schema.Array(spec.entry),
    asked: Schema.optionalWith(Schema.Array(spec.record), { default: () => [] })
  })

export interface ShardContent<E, R> {
  readonly papers: ReadonlyArray<E>
  readonly asked: ReadonlyArray<R>
}

export interface ReadShards<E, R> {
  /** Each shard read, in shard order (shards never written are absent). */
  readonly shards: ReadonlyArray<{ readonly shard: string } & ShardContent<E, R>>
  /** What was wrong with corrupt shards (moved aside as `NAME.corrupt`, their papers asked again), or null. */
  readonly corrupt: string | null
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Reads the given shards; a corrupt one is moved aside and reads as empty. */
export const readShards = <E, EI, R, RI>(
  store: StateStore,
  spec: ShardedCacheSpec<E, EI, R, RI>,
  shards: Iterable<string>
) =>
  Effect.gen(function* () {
    const schema = shardFileSchema(spec)
    const problems: Array<string> = []
    const read: Array<{ readonly shard: string } & ShardContent<E, R>> = []
    for (const shard of [...new Set(shards)].sort(compare)) {
      const file = yield* store
        .read(spec.fileOf(shard), schema)
        .pipe(
          Effect.catchTag("StateCorrupt", (corrupt) =>
            Effect.sync(() => problems.push(corrupt.message)).pipe(
              Effect.zipRight(store.readOrRebuild(spec.fileOf(shard), schema))
            )
          )
        )
      if (file !== undefined) read.push({ shard, papers: file.papers, asked: file.asked })
    }
    return { shards: read, corrupt: problems.length === 0 ? null : problems.join("; ") } satisfies ReadShards<
      E,
      R
    >
  })

/** One shard as shardFileSchema reads it, written entry by entry: a large shard never becomes one string. */
function* shardChunks<E, R>(
  content: ShardContent<E, R>,
  encodeEntry: (entry: E) => unknown,
  encodeRecord: (record: R) => unknown
): Iterable<string> {
  yield '{"format":1,"papers":['
  let separator = "\n"
  for (const entry of content.papers) {
    yield separator + JSON.stringify(encodeEntry(entry))
    separator = ",\n"
  }
  if (content.asked.length > 0) {
    yield '\n],"asked":['
    separator = "\n"
    for (const record of content.asked) {
      yield separator + JSON.stringify(encodeRecord(record))
      separator = ",\n"
    }
  }
  yield "\n]}\n"
}

/** Writes each shard whole and atomically, its entries and records sorted by key. */
export const writeShards = <E, EI, R, RI>(
  store: StateStore,
  spec: ShardedCacheSpec<E, EI, R, RI>,
  shards: ReadonlyMap<string, ShardContent<E, R>>
) =>
  Effect.gen(function* () {
    const encodeEntry = Schema.encodeSync(spec.entry)
    const encodeRecord = Schema.encodeSync(spec.record)
    for (const [shard, content] of [...shards].sort(([a], [b]) => compare(a, b))) {
      const papers = [...content.papers].sort((a, b) => compare(spec.entryKey(a), spec.entryKey(b)))
      const asked = [...content.asked].sort((a, b) => compare(spec.recordKey(a), spec.recordKey(b)))
      yield* store.writeChunks(spec.fileOf(shard), shardChunks({ papers, asked }, encodeEntry, encodeRecord))
    }
  })
