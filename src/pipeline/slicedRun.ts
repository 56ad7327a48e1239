/**
 * A run that renders every day of a long archive (a cold run, a re-render after a code change) holds every
 * paper and its metadata at once. Sliced, it renders the digest dates `sliceDays` at a time, oldest first: each
 * slice a delta run on the one before it, published into a folder under the state folder, so only one slice's
 * papers are held at a time. The last slice builds the search index, its outputs are moved into the output
 * folder once, and the report sums the slices: the same bytes as the run unsliced, report.json aside.
 */
import { FileSystem, Path } from "@effect/platform"
import { Clock, Effect } from "effect"
import type { IsoDate } from "../domain/IsoDate.ts"
import type { PaperKey } from "../domain/PaperKey.ts"
import type { Problem } from "../domain/Problem.ts"
import { SEARCH_INDEX_FOLDER } from "../emit/site/renderSearchPage.ts"
import type { EnrichResult, NewestDigestDates } from "../enrich/Enricher.ts"
import { StateStore } from "../state/StateStore.ts"
import { problemKey, renderedReport } from "./buildReport.ts"
import * as Incremental from "./incremental/Incremental.ts"
import { keepRunRecord, restoreRunRecord } from "./incremental/keptRunRecord.ts"
import { runFailed } from "./RunFailed.ts"
import {
  cacheTrouble,
  enrich,
  type Planned,
  type Published,
  parse,
  plan,
  publish,
  recordArchive,
  render,
  renderedRun,
  type Synced,
  writeReport
} from "./runStages.ts"
import { logStage, timed } from "./stageLog.ts"
import { type DateRange, newPaperIds, summarizeParse } from "./summarize.ts"

/** The slices' output folder, in the state folder. */
export const SLICES_FOLDER = "slices"

const slicesFolder = Effect.gen(function* () {
  const store = yield* StateStore
  return (yield* Path.Path).join(store.folder, SLICES_FOLDER)
})

/** Removes the slices' folder (what an interrupted sliced run left, or a finished one). */
export const removeSlices = Effect.gen(function* () {
  const fs = yield* FileSystem.FileSystem
  yield* fs.remove(yield* slicesFolder, { recursive: true, force: true }).pipe(Effect.ignore)
})

/** The last of each `sliceDays` digest dates (ascending, distinct), the last slice's the newest date. */
export const sliceEndsOf = (dates: ReadonlyArray<IsoDate>, sliceDays: number): ReadonlyArray<IsoDate> => {
  if (sliceDays === 0 || dates.length <= sliceDays) return []
  const ends: Array<IsoDate> = []
  for (let last = sliceDays - 1; last < dates.length - 1; last += sliceDays) ends.push(dates[last]!)
  ends.push(dates[dates.length - 1]!)
  return ends
}

/**
 * The slices of a run that renders every day (nothing to build on) and may record an archive for the next
 * slice (not a date range, not development): none for any other run, or when its dates fit in one slice.
 */
export const sliceEnds = (run: Planned): ReadonlyArray<IsoDate> =>
  run.baseline.days.length > 0 || run.runKeys.archive === null
    ? []
    : sliceEndsOf(
        [...new Set(run.synced.listing.map((file) => file.date))].sort(),
        run.options.pipeline.sliceDays
      )

/** What the slices leave for the run's report: counts and ids, never a paper. */
interface Tally {
  readonly times: { parse: number; enrich: number; emit: number }
  readonly requests: {
    arxiv: number
    github: number
    biorxiv: number
    medrxiv: number
    rxivLowerBound: number
    fetched: number
    fromCache: number
  }
  /** Time the slices so far spent asking each API: the next slice has what is left of each budget. */
  readonly spentMs: { arxiv: number; rxiv: number }
  readonly enrichProblems: Map<string, Problem>
  /** Problems of the parse that no digest holds (a DOI on both servers' digests), unreadable files aside. */
  readonly parseProblems: Map<string, Problem>
  readonly pending: Set<PaperKey>
  readonly askAgain: Set<PaperKey>
  readonly newPapers: Set<PaperKey>
  readonly rendered: Set<IsoDate>
  cacheTrouble: boolean
}

const emptyTally = (): Tally => ({
  times: { parse: 0, enrich: 0, emit: 0 },
  requests: { arxiv: 0, github: 0, biorxiv: 0, medrxiv: 0, rxivLowerBound: 0, fetched: 0, fromCache: 0 },
  spentMs: { arxiv: 0, rxiv: 0 },
  enrichProblems: new Map(),
  parseProblems: new Map(),
  pending: new Set(),
  askAgain: new Set(),
  newPapers: new Set(),
  rendered: new Set(),
  cacheTrouble: false
})

/** Adds a slice to the tally. A later slice's answer about a paper replaces an earlier one's. */
const tallySlice = (tally: Tally, run: Published) => {
  const { enriched } = run
  tally.times.parse += run.parseMs
  tally.times.enrich += run.enrichMs
  tally.times.emit += run.emitMs
  const requests = tally.requests
  requests.arxiv += enriched.requests
  requests.github += enriched.githubRequests
  requests.biorxiv += enriched.rxivRequests.biorxiv
  requests.medrxiv += enriched.rxivRequests.medrxiv
  requests.rxivLowerBound += enriched.rxivLowerBound
  requests.fetched += enriched.fetched
  requests.fromCache += enriched.fromCache
  tally.spentMs.arxiv += enriched.spentMs.arxiv
  tally.spentMs.rxiv += enriched.spentMs.rxiv
  for (const problem of enriched.problems) tally.enrichProblems.set(problemKey(problem), problem)
  const unreadable = new Set(run.synced.unreadable.values())
  for (const problem of run.plan.problems)
    if (!unreadable.has(problem)) tally.parseProblems.set(problemKey(problem), problem)
  for (const paper of enriched.papers) {
    const id = paper.paper.id
    if (paper.metadata !== null) tally.pending.delete(id)
    if (Incremental.needsAsking(paper)) tally.askAgain.add(id)
    else tally.askAgain.delete(id)
  }
  for (const id of enriched.pending) tally.pending.add(id)
  const changedDates = new Set(run.synced.listing.filter((file) => file.changed).map((file) => file.date))
  for (const id of newPaperIds(enriched.papers, changedDates)) tally.newPapers.add(id)
  for (const { day } of run.days) if ("papers" in day) tally.rendered.add(day.day)
  if (cacheTrouble(enriched)) tally.cacheTrouble = true
}

/** The enrichment of every slice, as the report reads it. */
const summedEnrichment = (tally: Tally): EnrichResult => ({
  papers: [],
  pending: [...tally.pending],
  problems: [...tally.enrichProblems.values()],
  requests: tally.requests.arxiv,
  rxivRequests: { biorxiv: tally.requests.biorxiv, medrxiv: tally.requests.medrxiv },
  rxivLowerBound: tally.requests.rxivLowerBound,
  fetched: tally.requests.fetched,
  fromCache: tally.requests.fromCache,
  githubRequests: tally.requests.github,
  spentMs: { ...tally.spentMs }
})

interface SliceInput {
  readonly run: Synced
  readonly staging: string
  readonly until: IsoDate
  /** The run's newest digest dates (its whole listing's): every slice's refresh windows end there. */
  readonly newest: NewestDigestDates
  readonly index: number
  readonly count: number
  readonly view: (range: DateRange) => Incremental.SyncView
}

/**
 * One slice: the run's stages over the digests up to `until`, on the slice before (the state it recorded and
 * its published files). Papers left to ask again are the slices' own business: a slice does not render the
 * days of the one before again for them (asked today, they would not be asked), the tally keeps them for the
 * next run. Returns the slice's record only to the last slice's caller; the others record it and let it go.
 */
const runSlice = Effect.fn("run.slice")(function* (input: SliceInput, tally: Tally) {
  const { run, index, count } = input
  const last = index === count - 1
  const synced = input.view({ since: run.options.range.since, until: input.until })
  const memo = index === 0 ? run.memo : yield* Incremental.lastRun
  yield* logStage("slice", { stage: "plan", slice: `${index + 1}/${count}`, until: input.until })
  const planned = yield* plan({
    ...run,
    options: {
      ...run.options,
      outDir: input.staging,
      allowShrink: last ? run.options.allowShrink : true
    },
    memo,
    synced,
    runKeys: Incremental.runKeys(run.options, synced),
    syncMs: 0,
    pending: []
  })
  const published = yield* parse({ ...planned, baseline: { ...planned.baseline, askAgain: [] } }).pipe(
    // The whole run's refresh window and budgets, not the slice's: the slices ask what the run unsliced would.
    Effect.flatMap((parsed) => enrich(parsed, { newest: input.newest, spentMs: { ...tally.spentMs } })),
    Effect.flatMap(render),
    Effect.flatMap((rendered) => publish(rendered, last))
  )
  tallySlice(tally, published)
  if (last) return published
  yield* recordArchive(published, renderedReport(renderedRun(published)), { askAgain: [] })
  return undefined
})

/** Runs the slices, moves the last one's outputs into the output folder, and records the whole run. */
export const slicedRun = Effect.fn("slicedRun")(function* (
  run: Planned,
  ends: ReadonlyArray<IsoDate>,
  view: (range: DateRange) => Incremental.SyncView
) {
  const store = yield* StateStore
  const staging = yield* slicesFolder
  const { outDir } = run.options
  const before = yield* Incremental.outputsBefore(outDir, store)
  const tally = emptyTally()
  const newest = Incremental.newestDigestDates(run.synced.listing, run.options.pipeline.servers)
  const kept = yield* keepRunRecord.pipe(Effect.mapError(runFailed("cannot read the last run's record")))
  const slices = Effect.gen(function* () {
    let lastSlice: Published | undefined
    for (const [index, until] of ends.entries())
      lastSlice = yield* runSlice({ run, staging, until, newest, index, count: ends.length, view }, tally)
    return lastSlice!
  })
  // Until the whole run is recorded, a failure or an interruption puts the last run's record back.
  const [final, promoted, promoteMs] = yield* Effect.gen(function* () {
    const final = yield* slices
    const [promoted, promoteMs] = yield* timed(
      Incremental.promoteOutputs({
        staged: staging,
        outDir,
        files: final.published.files,
        order: final.published.order,
        before,
        sweepFolder: SEARCH_INDEX_FOLDER,
        stamped: Object.keys(final.published.sections)
      })
    ).pipe(Effect.mapError(runFailed("moving the outputs into place failed")))
    return [final, promoted, promoteMs] as const
  }).pipe(Effect.onError(() => restoreRunRecord(kept)))
  const publishedAt = yield* Clock.currentTimeMillis
  yield* logStage("published", {
    stage: "emit",
    slices: ends.length,
    written: promoted.written.length,
    unchanged: promoted.unchanged,
    removed: promoted.removed.length,
    ms: promoteMs
  })
  const whole: Published = {
    ...final,
    published: { ...final.published, ...promoted },
    publishedAt,
    parseMs: tally.times.parse,
    enrichMs: tally.times.enrich,
    emitMs: tally.times.emit + promoteMs,
    syncMs: run.syncMs
  }
  const unreadable = [...final.synced.unreadable.values()]
  const report = renderedReport({
    ...renderedRun(whole),
    parse: summarizeParse(final.plan.digests, run.options.pipeline.servers, [
      ...tally.parseProblems.values(),
      ...unreadable
    ]),
    enriched: summedEnrichment(tally),
    archive: { ...final.totals, daysRendered: tally.rendered.size },
    newPapers: [...tally.newPapers].sort()
  })
  yield* recordArchive({ ...whole, options: run.options }, report, {
    askAgain: [...tally.askAgain],
    noArchive: tally.cacheTrouble
  })
  yield* writeReport(outDir, report)
  return report
}, Effect.ensuring(removeSlices))
