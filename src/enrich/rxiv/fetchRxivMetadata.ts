/**
 * Runs a request plan against the API within a time budget: intervals page by page, then one call per DOI
 * (the plan's, plus every DOI an interval did not list). Each paper settles alone: found, not found (`no posts
 * found`), or pending with the reason (failed after retries, API down, budget used up) for the next run.
 */
import { Clock, type Duration, Effect, Either } from "effect"
import type { IsoDate } from "../../domain/IsoDate.ts"
import type { RxivMetadata, RxivServer } from "../../domain/RxivMetadata.ts"
import { budgetLeft } from "../fetchArxivMetadata.ts"
import { newestVersions, type RxivRejectedRecord } from "./decodeRxivDetails.ts"
import type { RxivPlan } from "./planRxivRequests.ts"
import type { RxivClient, RxivError } from "./RxivClient.ts"

export interface RxivFetchOptions {
  /** Total time for this call; calls not started by then leave their DOIs pending for the next run. */
  readonly budget: Duration.DurationInput
  /** Time the run already spent on the API in earlier calls (a sliced run's slices): this call has what is left. */
  readonly spent?: Duration.DurationInput
  /** After this many calls in a row fail, the API is taken to be down and the rest wait (default 3). */
  readonly maxConsecutiveFailures?: number
  /** Called after each call with DOIs settled so far; without it each call logs its progress. */
  readonly onProgress?: (done: number, total: number) => Effect.Effect<void>
}

export interface RxivPending {
  readonly server: RxivServer
  readonly doi: string
  readonly reason: string
}

export interface RxivFetchReport {
  /** The newest version the API listed for each wanted DOI it knows. */
  readonly found: ReadonlyArray<RxivMetadata>
  /**
   * For a DOI found in an interval's listing, the interval's last day: that listing holds the versions posted
   * in the interval, so it says nothing of a later one (a DOI answered by itself is current as of the call).
   */
  readonly listedThrough: ReadonlyMap<string, IsoDate>
  /** DOIs the API answered `no posts found` for on their server. */
  readonly notFound: ReadonlyArray<{ readonly server: RxivServer; readonly doi: string }>
  /** Records of wanted DOIs that did not decode (the DOI is also pending). */
  readonly rejected: ReadonlyArray<RxivRejectedRecord>
  /** DOIs to ask again next run, each with why. */
  readonly pending: ReadonlyArray<RxivPending>
  /** HTTP requests made by this call, retries included. */
  readonly requests: number
}

const failureReason = (error: RxivError): string =>
  error.attempts > 1 ? `${error.reason} (after ${error.attempts} attempts)` : error.reason

export const fetchRxivMetadata = Effect.fn("fetchRxivMetadata")(function* (
  client: RxivClient,
  plan: RxivPlan,
  options: RxivFetchOptions
) {
  const requestsBefore = yield* client.requests
  const deadline = (yield* Clock.currentTimeMillis) + budgetLeft(options.budget, options.spent)
  const maxFailures = options.maxConsecutiveFailures ?? 3
  const wanted = new Map<string, RxivServer>()
  for (const step of plan.steps)
    for (const doi of step._tag === "Doi" ? [step.doi] : step.dois) wanted.set(doi, step.server)
  const found = new Map<string, RxivMetadata>()
  const notFound: Array<{ server: RxivServer; doi: string }> = []
  const rejected = new Map<string, RxivRejectedRecord>()
  const pending: Array<RxivPending> = []
  let failuresInARow = 0
  let settled = 0

  const progress = (count: number) =>
    Effect.gen(function* () {
      settled = Math.min(wanted.size, settled + count)
      if (options.onProgress) yield* options.onProgress(settled, wanted.size)
      else yield* Effect.logInfo(`bioRxiv/medRxiv: enriched ${settled}/${wanted.size}`)
    })

  /** Why a call is not made now, or null when it may go ahead. */
  const blocked = Effect.gen(function* () {
    if ((yield* Clock.currentTimeMillis) >= deadline)
      return "the run's bioRxiv/medRxiv time budget was used up before this call"
    if (failuresInARow >= maxFailures)
      return `not asked: the previous ${maxFailures} calls failed (API down?)`
    return null
  })

  const listedThrough = new Map<string, IsoDate>()
  /** Keeps the newest version of each wanted DOI; `through`: the last day of the interval that listed it. */
  const keep = (records: Iterable<RxivMetadata>, through: IsoDate | null) => {
    for (const record of newestVersions(records).values()) {
      if (!wanted.has(record.doi)) continue
      // An interval's version of a DOI planned on a later day (`plan.postedOn`, its newest listing) is an earlier
      // one: counted as found, the DOI's own interval would stop paging before the version the digest lists. A
      // DOI answered by itself gives every version: its newest is the one, whatever its date.
      if (through !== null && record.date < (plan.postedOn.get(record.doi) ?? record.date)) continue
      const held = found.get(record.doi)
      // The same version answered by itself is current as of the call, whichever interval listed it first.
      if (through === null) listedThrough.delete(record.doi)
      if (held !== undefined && record.version <= held.version) continue
      found.set(record.doi, record)
      if (through !== null) listedThrough.set(record.doi, through)
    }
  }
  const keepRejected = (records: ReadonlyArray<RxivRejectedRecord>) => {
    for (const record of records) if (wanted.has(record.doi)) rejected.set(record.doi, record)
  }

  const singles: Array<{ server: RxivServer; doi: string }> = []
  for (const step of plan.steps) {
    if (step._tag === "Doi") {
      singles.push({ server: step.server, doi: step.doi })
      continue
    }
    // Page until the cursor passes `total`; a failed page ends the interval and its DOIs go one by one.
    let cursor = 0
    for (;;) {
      if ((yield* blocked) !== null) break
      const page = yield* Effect.either(
        client.details(
          { _tag: "Interval", server: step.server, from: step.from, to: step.to, cursor },
          deadline
        )
      )
      if (Either.isLeft(page)) {
        if (!page.left.outOfTime) failuresInARow += 1
        yield* Effect.logWarning(
          `bioRxiv/medRxiv: interval ${step.from}..${step.to}: ${failureReason(page.left)}`
        )
        break
      }
      failuresInARow = 0
      keep(page.right.records, step.to)
      keepRejected(page.right.rejected)
      // The cursor is the index of the first record: advance it by what this page listed. `count` is not
      // used for that, as the help page's wording ("count of all items") leaves open what it counts.
      const listed = page.right.records.length + page.right.rejected.length
      if (listed === 0) break
      cursor += listed
      const total = page.right.total
      if (total !== null && cursor >= total) break
      // The plan guessed the day's volume; `total` is the real one. When the pages left would cost as many
      // calls as asking the DOIs still missing one by one, ask those instead.
      const pagesLeft = total === null ? 1 : Math.ceil((total - cursor) / listed)
      if (pagesLeft >= step.dois.filter((doi) => !found.has(doi)).length) break
    }
    const listedHere = step.dois.filter((doi) => found.has(doi))
    yield* progress(listedHere.length)
    for (const doi of step.dois) if (!found.has(doi)) singles.push({ server: step.server, doi })
  }

  for (const single of singles) {
    const why = yield* blocked
    if (why !== null) {
      pending.push({ ...single, reason: why })
      yield* progress(1)
      continue
    }
    const page = yield* Effect.either(client.details({ _tag: "Doi", ...single }, deadline))
    if (Either.isLeft(page)) {
      if (!page.left.outOfTime) failuresInARow += 1
      pending.push({ ...single, reason: failureReason(page.left) })
    } else {
      failuresInARow = 0
      keep(page.right.records, null)
      keepRejected(page.right.rejected)
      if (!found.has(single.doi)) {
        const bad = rejected.get(single.doi)
        if (bad !== undefined) pending.push({ ...single, reason: bad.message })
        else notFound.push(single)
      }
    }
    yield* progress(1)
  }

  return {
    found: [...found.values()],
    listedThrough,
    notFound,
    rejected: [...rejected.values()],
    pending,
    requests: (yield* client.requests) - requestsBefore
  } satisfies RxivFetchReport
})
