/** The run: sync -> parse -> dedupe -> enrich -> emit -> publish -> report, or a quiet run when nothing changed. */
import { Path } from "@effect/platform"
import { Clock, Data, DateTime, Effect } from "effect"
import { IsoDate } from "../domain/IsoDate.ts"
import type { Pipeline } from "../domain/Pipeline.ts"
import { compareProblems, type Problem } from "../domain/Problem.ts"
import { BIBKEYS_STATE_FILE } from "../emit/BibKeys.ts"
import { feedWindow } from "../emit/feedWindow.ts"
import { CUMULATIVE_FILES } from "../emit/renderArtifacts.ts"
import { Enricher } from "../enrich/Enricher.ts"
import { DigestSource } from "../sources/DigestSource.ts"
import { StateStore } from "../state/StateStore.ts"
import { ARCHIVE_STATE_FILE, ArchiveState, EMPTY_ARCHIVE, needsAsking } from "./incremental/ArchiveState.ts"
import {
  archiveTotals,
  type Baseline,
  countedDays,
  nextArchive,
  parseWanted
} from "./incremental/archiveRun.ts"
import { outputsIntact, publishedBytesMatch, publishOutputs } from "./incremental/publishOutputs.ts"
import { quietRunAllowed, RUN_MEMO_FILE, RunMemo, runKey } from "./incremental/RunMemo.ts"
import { type SyncView, viewSync } from "./incremental/SyncView.ts"
import { estimateRemaining, progress, timed } from "./Progress.ts"
import { RunCounts, RunReport } from "./RunReport.ts"
import { assignAndSaveBibKeys, renderSite } from "./renderSite.ts"
import { countRun, type DateRange, newPaperIds, summarizeParse, upstreamFreshness } from "./summarize.ts"

/** Nothing could be published (exit status 1); the previous outputs are left as they were. */
export class RunFailed extends Data.TaggedError("RunFailed")<{
  readonly message: string
  readonly cause?: unknown
}> {}

export interface RunOptions {
  readonly pipeline: Pipeline
  readonly outDir: string
  readonly range: DateRange
  readonly offline: boolean
  /** Identifies the code that renders (a hash of the bundle); null disables quiet runs (development). */
  readonly codeFingerprint: string | null
  /** Publish even when the run has clearly fewer papers than the last one (see refuseToShrink). */
  readonly allowShrink: boolean
}

const describe = (cause: unknown): string =>
  typeof cause === "object" && cause !== null && "message" in cause ? String(cause.message) : String(cause)

const fail = (message: string) => (cause: unknown) =>
  new RunFailed({ message: `${message}: ${describe(cause)}`, cause })

const runDate = Effect.map(DateTime.now, (now) => IsoDate.make(DateTime.formatIsoDateUtc(now)))

const problemKey = (p: Problem) => `${p.file}\u0000${p.line}\u0000${p.code}\u0000${p.message}`

/**
 * papers.json promises every paper ever seen: a run that would publish none, or clearly fewer than the last
 * full run (a glob that matches nothing, a moved folder, a listing cut short), publishes nothing instead
 * (exit 1) unless told to. A date-range rebuild is meant to be smaller.
 */
const refuseToShrink = (options: RunOptions, papers: number, previous: RunReport | undefined) => {
  const ranged = options.range.since !== null || options.range.until !== null
  if (papers === 0 && !options.allowShrink)
    return new RunFailed({ message: "nothing to publish: the digests hold no paper with an arXiv id" })
  const before = previous?.counts.papers ?? 0
  if (!ranged && !options.allowShrink && papers < before * 0.95)
    return new RunFailed({
      message: `refusing to publish ${papers} papers where the last run published ${before}; check the source, or pass --allow-shrink`
    })
  return Effect.void
}

/**
 * The run over the synced files: parse, enrich and render the days that can have changed since `baseline`
 * (every day when it is empty), copy the others from the published files, publish, and record the archive.
 */
const renderRun = Effect.fn("runPipeline.render")(function* (
  options: RunOptions,
  synced: SyncView,
  syncMs: number,
  today: IsoDate,
  previous: RunMemo | undefined,
  baseline: Baseline,
  keys: { readonly runKey: string; readonly baseKey: string } | null
) {
  const enricher = yield* Enricher
  const store = yield* StateStore
  const { pipeline } = options
  const changedDates = new Set(synced.listing.filter((file) => file.changed).map((file) => file.date))

  const [{ papers, digests, reparsed, ...plan }, parseMs] = yield* timed(
    Effect.sync(() => parseWanted(pipeline, synced, baseline, previous?.report.pending ?? []))
  )
  const parse = summarizeParse(digests)
  yield* progress("parsed", {
    stage: "parse",
    digests: reparsed,
    rows: parse.rows,
    papers: papers.length,
    days: `${plan.dirty.size}/${plan.days.size}`,
    ms: parseMs
  })

  const enrichStart = yield* Clock.currentTimeMillis
  const onProgress = (done: number, total: number) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      progress("enriching", {
        stage: "enrich",
        done,
        total,
        remaining: estimateRemaining(done, total, now - enrichStart)
      })
    )
  const [enriched, enrichMs] = yield* timed(enricher.enrich(papers, onProgress))
  yield* progress("enriched", {
    stage: "enrich",
    papers: enriched.papers.length,
    pending: enriched.pending.length,
    requests: enriched.requests,
    ms: enrichMs
  })

  const days = countedDays(plan, enriched.papers, baseline)
  const { totals, categories } = archiveTotals(days)

  yield* refuseToShrink(options, totals.papers, previous?.report)
  const [published, emitMs] = yield* timed(
    Effect.gen(function* () {
      const bibKeys = yield* assignAndSaveBibKeys(enriched.papers).pipe(
        Effect.catchTag("StateIOError", fail("cannot save the BibTeX key registry"))
      )
      const site = renderSite({
        pipeline,
        days: days.map(({ day }) => day),
        windowed: feedWindow(enriched.papers, pipeline.feeds),
        categories,
        bibKeys
      })
      return yield* publishOutputs(options.outDir, site, store).pipe(
        Effect.mapError(fail("writing the outputs failed"))
      )
    })
  )
  yield* progress("published", {
    stage: "emit",
    days: `${totals.daysRendered}/${totals.days}`,
    written: published.written.length,
    unchanged: published.unchanged,
    removed: published.removed.length,
    ms: emitMs
  })

  const problems = [...synced.problems, ...parse.problems, ...enriched.problems].sort(compareProblems)
  const newPapers = newPaperIds(enriched.papers, changedDates)
  const report = RunReport.make({
    pipeline: pipeline.name,
    status: "published",
    runDate: today,
    range: options.range,
    offline: options.offline,
    upstream: upstreamFreshness(parse.newestDigest, today, pipeline.staleAfterDays),
    counts: countRun({
      files: synced.listing.length,
      changed: synced.listing.filter((file) => file.changed).length,
      parse,
      archive: totals,
      newPapers: newPapers.length,
      pending: enriched.pending.length,
      problems
    }),
    newPapers,
    pending: [...enriched.pending].sort(),
    problems,
    requests: { github: synced.requests + enriched.githubRequests, arxiv: enriched.requests },
    durationsMs: {
      sync: syncMs,
      parse: parseMs,
      enrich: enrichMs,
      emit: emitMs,
      total: syncMs + parseMs + enrichMs + emitMs
    },
    outputs: { written: published.written, unchanged: published.unchanged, removed: published.removed }
  })
  // A cache that could not be read or written no longer matches the copied days: the next run renders all.
  const cacheTrouble = enriched.problems.some((problem) => problem.code.startsWith("arxiv-cache-"))
  const archive =
    keys === null || cacheTrouble
      ? null
      : nextArchive({
          keys,
          digests,
          days,
          published,
          askAgain: enriched.papers.filter(needsAsking).map((paper) => paper.paper.id),
          bibKeysSha256: yield* store.sha256(BIBKEYS_STATE_FILE).pipe(Effect.orElseSucceed(() => null))
        })
  return { report, archive }
})

/** The last full run's report, brought up to date: nothing was parsed, fetched or written. */
const quietReport = (
  previous: RunReport,
  synced: SyncView,
  syncMs: number,
  today: IsoDate,
  pipeline: Pipeline
) => {
  const seen = new Set(previous.problems.map(problemKey))
  const problems = [...previous.problems, ...synced.problems.filter((p) => !seen.has(problemKey(p)))].sort(
    compareProblems
  )
  return RunReport.make({
    ...previous,
    runDate: today,
    upstream: upstreamFreshness(previous.upstream.newestDigest, today, pipeline.staleAfterDays),
    counts: quietCounts(previous, problems),
    newPapers: [],
    problems,
    requests: { github: synced.requests, arxiv: 0 },
    durationsMs: { sync: syncMs, parse: 0, enrich: 0, emit: 0, total: syncMs },
    outputs: {
      written: [],
      unchanged: previous.outputs.written.length + previous.outputs.unchanged,
      removed: []
    }
  })
}

const quietCounts = (previous: RunReport, problems: ReadonlyArray<Problem>) =>
  RunCounts.make({
    ...previous.counts,
    filesChanged: 0,
    newPapers: 0,
    daysRendered: 0,
    errors: problems.filter((p) => p.severity === "error").length,
    warnings: problems.filter((p) => p.severity === "warning").length,
    infos: problems.filter((p) => p.severity === "info").length
  })

const keyInput = (options: RunOptions) => ({
  codeFingerprint: options.codeFingerprint ?? "development",
  pipeline: options.pipeline,
  range: options.range,
  offline: options.offline
})

/**
 * The last run's archive, when this run may build on it: written by the run the memo records, with the same
 * code, pipeline and flags, beside outputs that still hold the bytes it published (hashed whole, since a
 * restored or edited output folder would otherwise be spliced into garbage). Anything else: render everything.
 */
const loadBaseline = Effect.fn("runPipeline.baseline")(function* (
  outDir: string,
  memo: RunMemo | undefined,
  baseKey: string
) {
  const store = yield* StateStore
  if (memo === undefined || memo.report.status !== "published") return EMPTY_ARCHIVE
  const archive = yield* store
    .readOrRebuild(ARCHIVE_STATE_FILE, ArchiveState)
    .pipe(Effect.orElseSucceed(() => undefined))
  if (archive === undefined || archive.runKey !== memo.key || archive.baseKey !== baseKey)
    return EMPTY_ARCHIVE
  const bibKeys = yield* store.sha256(BIBKEYS_STATE_FILE).pipe(Effect.orElseSucceed(() => null))
  if (bibKeys !== archive.bibKeysSha256) return EMPTY_ARCHIVE
  const intact =
    (yield* outputsIntact(outDir, store)) && (yield* publishedBytesMatch(outDir, store, CUMULATIVE_FILES))
  return intact ? archive : EMPTY_ARCHIVE
})

export const runPipeline = Effect.fn("runPipeline")(function* (options: RunOptions) {
  const source = yield* DigestSource
  const store = yield* StateStore
  const path = yield* Path.Path
  const { pipeline } = options
  const today = yield* runDate

  const memo = yield* store.readOrRebuild(RUN_MEMO_FILE, RunMemo).pipe(Effect.orElseSucceed(() => undefined))
  const [synced, syncMs] = yield* timed(
    Effect.map(source.sync, (result) => viewSync(result, options.range, memo?.listing))
  ).pipe(
    Effect.mapError((error) => new RunFailed({ message: `sync failed: ${error.message}`, cause: error }))
  )
  const changedFiles = synced.listing.filter((file) => file.changed).length
  yield* progress("synced", {
    stage: "sync",
    files: synced.listing.length,
    changed: changedFiles,
    ms: syncMs
  })

  const key =
    options.codeFingerprint === null ? null : runKey({ ...keyInput(options), listing: synced.listing })
  const enrichesOnline = !options.offline && pipeline.enrich.arxiv
  // The key covers every digest's SHA, so an equal key means no digest changed since the last full run.
  if (quietRunAllowed(memo, key, today, enrichesOnline) && (yield* outputsIntact(options.outDir, store))) {
    const report = quietReport(memo.report, synced, syncMs, today, pipeline)
    yield* progress("nothing new: the outputs are current", { stage: "emit", written: 0 })
    yield* writeReport(path.join(options.outDir, "report.json"), report).pipe(
      Effect.catchAll((error) => Effect.logWarning(error.message))
    )
    return report
  }

  const ranged = options.range.since !== null || options.range.until !== null
  const keys =
    key === null || ranged ? null : { runKey: key, baseKey: runKey({ ...keyInput(options), listing: [] }) }
  const [baseline, baselineMs] = yield* timed(
    keys === null ? Effect.succeed(EMPTY_ARCHIVE) : loadBaseline(options.outDir, memo, keys.baseKey)
  )
  yield* progress(baseline.days.length === 0 ? "rendering everything" : "building on the last run", {
    stage: "plan",
    days: baseline.days.length,
    ms: baselineMs
  })
  // Enrichment may change the arXiv cache before anything is published: until this run records its own archive,
  // none is trusted, so a run that fails or is killed from here on leaves the next one a full render.
  yield* store.remove(ARCHIVE_STATE_FILE).pipe(Effect.mapError(fail("cannot reset the archive state")))
  const { report, archive } = yield* renderRun(options, synced, syncMs, today, memo, baseline, keys)
  // From here on the outputs are published: nothing below may turn the run into a failure. The archive state
  // goes first and the memo last: a kill in between leaves an archive whose key no memo matches (a full run
  // next), never a memo that vouches for a stale archive.
  yield* (
    archive === null
      ? store.remove(ARCHIVE_STATE_FILE)
      : store.write(ARCHIVE_STATE_FILE, ArchiveState, archive)
  ).pipe(
    Effect.catchAll((error) =>
      Effect.logWarning(`cannot record the archive for the next run: ${describe(error)}`)
    )
  )
  // A date-range rebuild keeps the last full run's listing and report (what the next run compares itself
  // with) under a key no run matches, so the next run renders everything again.
  yield* store
    .write(
      RUN_MEMO_FILE,
      RunMemo,
      RunMemo.make(
        ranged && memo !== undefined
          ? { key: "date-range rebuild", listing: memo.listing, report: memo.report }
          : {
              key: ranged ? "date-range rebuild" : (key ?? "development"),
              listing: Object.fromEntries(synced.listing.map((file) => [file.path, file.sha])),
              report
            }
      )
    )
    .pipe(
      Effect.catchAll((error) =>
        Effect.logWarning(`cannot record the run for the next one: ${describe(error)}`)
      )
    )
  yield* writeReport(path.join(options.outDir, "report.json"), report).pipe(
    Effect.catchAll((error) => Effect.logWarning(error.message))
  )
  return report
})

/** report.json is the one output that differs between runs: it records this run (durations, requests). */
export const writeReport = (file: string, report: RunReport) =>
  Effect.flatMap(StateStore, (store) => store.writeFile(file, `${JSON.stringify(report, null, 2)}\n`)).pipe(
    Effect.mapError(fail(`cannot write ${file}`))
  )
