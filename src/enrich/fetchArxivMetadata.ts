/** Fetches metadata for many ids: batches in order, within a time budget, with one second chance for misses. */
import { Clock, Duration, Effect, Either } from "effect"
import type { ArxivId } from "../domain/ArxivId.ts"
import type { ArxivMetadata } from "../domain/ArxivMetadata.ts"
import type { ArxivClient } from "./ArxivClient.ts"
import type { ArxivFeedEntryError } from "./decodeArxivFeed.ts"

export interface FetchOptions {
  /** Ids per request (max_results is set to the same number). */
  readonly batchSize: number
  /** Total time for this call; batches not started by then are left for the next run. */
  readonly budget: Duration.DurationInput
  /**
   * Time the run already spent on arXiv in earlier calls (the slices before, in a sliced run): this call has
   * what is left of `budget`, so the run as a whole keeps to it. Default none.
   */
  readonly spent?: Duration.DurationInput
  /** After this many batches in a row fail, arXiv is taken to be down and the rest wait for the next run. */
  readonly maxConsecutiveFailures?: number
  /** Called after each batch with ids settled so far; without it each batch logs `arXiv: enriched x/y`. */
  readonly onProgress?: (done: number, total: number) => Effect.Effect<void>
}

export interface FetchReport {
  readonly found: ReadonlyArray<ArxivMetadata>
  /** Well-formed ids arXiv did not return, even when asked a second time. */
  readonly notFound: ReadonlyArray<ArxivId>
  /** `Error` entries (malformed ids) and entries that did not decode. */
  readonly rejected: ReadonlyArray<ArxivFeedEntryError>
  /** Batches that kept failing or that the budget left unasked: their ids are still pending. */
  readonly failed: ReadonlyArray<{ readonly ids: ReadonlyArray<ArxivId>; readonly reason: string }>
  /** HTTP requests made by this call, retries included. */
  readonly requests: number
}

const chunks = <A>(items: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** What is left of a run's budget once `spent` is used, in milliseconds (never below zero). */
export const budgetLeft = (budget: Duration.DurationInput, spent: Duration.DurationInput = 0): number =>
  Math.max(0, Duration.toMillis(budget) - Duration.toMillis(spent))

/**
 * Asks arXiv for `ids` (version-less, so the newest version comes back). An `Error` feed (HTTP 400 naming a
 * malformed id) sinks a whole batch, so the batch is asked again without the ids it names. Ids missing from
 * an answer are asked once more at the end, because arXiv occasionally answers with fewer entries than exist.
 */
export const fetchArxivMetadata = Effect.fn("fetchArxivMetadata")(function* (
  client: ArxivClient,
  ids: ReadonlyArray<ArxivId>,
  options: FetchOptions
) {
  const unique = [...new Set(ids)]
  const requestsBefore = yield* client.requests
  const deadline = (yield* Clock.currentTimeMillis) + budgetLeft(options.budget, options.spent)
  const batchSize = Math.max(1, options.batchSize)
  const found = new Map<string, ArxivMetadata>()
  const rejected = new Map<string, ArxivFeedEntryError>()
  const failed: Array<{ ids: ReadonlyArray<ArxivId>; reason: string }> = []
  let done = 0
  let failuresInARow = 0
  const maxFailures = options.maxConsecutiveFailures ?? 2

  const settle = (count: number) =>
    Effect.gen(function* () {
      done = Math.min(unique.length, done + count)
      // The caller's hook replaces the log line, so a CLI with its own progress display shows one, not two.
      if (options.onProgress) yield* options.onProgress(done, unique.length)
      else yield* Effect.logInfo(`arXiv: enriched ${done}/${unique.length}`)
    })

  /** Runs a list of batches; returns the ids that were asked for but did not come back. */
  const run = (initial: ReadonlyArray<ReadonlyArray<ArxivId>>, countProgress: boolean) =>
    Effect.gen(function* () {
      const queue = [...initial]
      const missing: Array<ArxivId> = []
      while (queue.length > 0) {
        const batch = queue.shift() ?? []
        if ((yield* Clock.currentTimeMillis) >= deadline) {
          failed.push({ ids: batch, reason: "the run's arXiv time budget was used up before this batch" })
          if (countProgress) yield* settle(batch.length)
          continue
        }
        if (failuresInARow >= maxFailures) {
          failed.push({
            ids: batch,
            reason: `not asked: the previous ${maxFailures} batches failed (arXiv down?)`
          })
          if (countProgress) yield* settle(batch.length)
          continue
        }
        const result = yield* Effect.either(client.fetchBatch(batch, deadline))
        if (Either.isLeft(result)) {
          const { reason, attempts } = result.left
          failuresInARow += 1
          failed.push({
            ids: batch,
            reason: attempts > 1 ? `${reason} (after ${attempts} attempts)` : reason
          })
          if (countProgress) yield* settle(batch.length)
          continue
        }
        failuresInARow = 0
        const feed = result.right
        for (const entry of feed.entries) found.set(entry.id, entry)
        for (const error of feed.errors) rejected.set(error.id, error)
        const named = batch.filter((id) => rejected.has(id))
        const rest = batch.filter((id) => !rejected.has(id) && !found.has(id))
        if (feed.entries.length === 0 && named.length > 0 && rest.length > 0) {
          queue.unshift(rest)
          if (countProgress) yield* settle(named.length)
          continue
        }
        missing.push(...rest)
        if (countProgress) yield* settle(batch.length)
      }
      return missing
    })

  const missing = yield* run(chunks(unique, batchSize), true)
  const notFound = missing.length === 0 ? [] : yield* run(chunks(missing, batchSize), false)
  return {
    found: [...found.values()],
    notFound,
    rejected: [...rejected.values()],
    failed,
    requests: (yield* client.requests) - requestsBefore
  } satisfies FetchReport
})
