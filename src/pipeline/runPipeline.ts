/**
 * The run as named stages: sync -> plan -> parse -> enrich -> render -> publish -> record, each an Effect.fn
 * that takes the record the stages before it built and returns it extended; or a quiet run when nothing changed.
 */
import { Path } from "@effect/platform"
import { Clock, DateTime, Effect } from "effect"
import { IsoDate } from "../domain/IsoDate.ts"
import type { Pipeline } from "../domain/Pipeline.ts"
import type { SiteRender } from "../emit/Artifact.ts"
import { feedWindow } from "../emit/feedWindow.ts"
import { CUMULATIVE_FILES, topicBibPath } from "../emit/renderArtifacts.ts"
import { Enricher, type EnrichResult } from "../enrich/Enricher.ts"
import { DigestSource } from "../sources/DigestSource.ts"
import { StateStore } from "../state/StateStore.ts"
import { assignAndSaveBibKeys, BIBKEYS_STATE_FILE } from "./bibKeyRegistry.ts"
import { quietReport, renderedReport } from "./buildReport.ts"
import * as Incremental from "./incremental/Incremental.ts"
import { RunFailed, runFailed } from "./RunFailed.ts"
import type { RunReport } from "./RunReport.ts"
import { refuseToShrink } from "./refuseToShrink.ts"
import { renderSite } from "./renderSite.ts"
import { searchIndexFiles } from "./searchIndex.ts"
import { ARCHIVE_BUNDLE_BYTES } from "./searchTiers.ts"
import { estimateRemaining, logStage, timed } from "./stageLog.ts"
import { type DateRange, type ParseSummary, summarizeParse } from "./summarize.ts"

export { RunFailed } from "./RunFailed.ts"

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

interface Synced {
  readonly options: RunOptions
  readonly today: IsoDate
  readonly memo: Incremental.RunMemo | undefined
  readonly synced: Incremental.SyncView
  readonly runKeys: Incremental.RunKeys
  readonly syncMs: number
}
interface Planned extends Synced {
  readonly baseline: Incremental.Baseline
}
interface Parsed extends Planned {
  readonly plan: Effect.Effect.Success<ReturnType<typeof Incremental.planRun>>
  readonly parse: ParseSummary
  readonly parseMs: number
}
interface Enriched extends Parsed {
  readonly enriched: EnrichResult
  readonly enrichMs: number
}
interface Rendered extends Enriched {
  readonly days: ReadonlyArray<Incremental.CountedDay>
  readonly totals: ReturnType<typeof Incremental.archiveTotals>["totals"]
  readonly site: SiteRender
  readonly renderMs: number
}
interface Published extends Rendered {
  readonly published: Incremental.Published
  readonly publishedAt: number
  readonly emitMs: number
}

const runDate = Effect.map(DateTime.now, (now) => IsoDate.make(DateTime.formatIsoDateUtc(now)))

/** Fetches the digests, and keys the run by its inputs. */
const sync = Effect.fn("run.sync")(function* (options: RunOptions) {
  const source = yield* DigestSource
  const today = yield* runDate
  const memo = yield* Incremental.lastRun
  const [synced, syncMs] = yield* timed(
    Effect.map(source.sync, (result) => Incremental.viewSync(result, options.range, memo?.listing))
  ).pipe(
    Effect.mapError((error) => new RunFailed({ message: `sync failed: ${error.message}`, cause: error }))
  )
  yield* logStage("synced", {
    stage: "sync",
    files: synced.listing.length,
    changed: synced.listing.filter((file) => file.changed).length,
    ms: syncMs
  })
  return {
    options,
    today,
    memo,
    synced,
    runKeys: Incremental.runKeys(options, synced),
    syncMs
  } satisfies Synced
})

/** Where the run starts from: the last run's archive (a delta), or nothing (every day is rendered). */
const plan = Effect.fn("run.plan")(function* (run: Synced) {
  const [baseline, ms] = yield* timed(
    Incremental.loadBaseline({
      outDir: run.options.outDir,
      memo: run.memo,
      runKeys: run.runKeys,
      bibKeysFile: BIBKEYS_STATE_FILE,
      splicedFiles: [
        ...CUMULATIVE_FILES,
        ...run.options.pipeline.topics.map((topic) => topicBibPath(topic.name))
      ]
    })
  ).pipe(Effect.mapError(runFailed("cannot reset the archive state")))
  yield* logStage(baseline.days.length === 0 ? "rendering everything" : "building on the last run", {
    stage: "plan",
    days: baseline.days.length,
    ms
  })
  return { ...run, baseline } satisfies Planned
})

/** Parses the changed digests, plans the days to render, and parses the rows of their papers. */
const parse = Effect.fn("run.parse")(function* (run: Planned) {
  // Papers to ask again make their days dirty only when this run asks: offline, nothing about them can change.
  const asks = enrichesOnlineToday(run.options)
  const pending = asks ? (run.memo?.report.pending ?? []) : []
  const baseline = asks ? run.baseline : { ...run.baseline, askAgain: [] }
  const [planned, parseMs] = yield* timed(
    Incremental.planRun(run.options.pipeline, run.synced, baseline, pending)
  )
  const parse = summarizeParse(planned.digests, run.options.pipeline.servers, planned.problems)
  yield* logStage("parsed", {
    stage: "parse",
    digests: planned.reparsed,
    rows: parse.rows,
    papers: planned.papers.length,
    days: `${planned.dirty.size}/${planned.days.size}`,
    ms: parseMs
  })
  return { ...run, plan: planned, parse, parseMs } satisfies Parsed
})

const enrich = Effect.fn("run.enrich")(function* (run: Parsed) {
  const enricher = yield* Enricher
  const start = yield* Clock.currentTimeMillis
  const onProgress = (done: number, total: number) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      logStage("enriching", {
        stage: "enrich",
        done,
        total,
        remaining: estimateRemaining(done, total, now - start)
      })
    )
  const [enriched, enrichMs] = yield* timed(enricher.enrich(run.plan.papers, onProgress))
  yield* logStage("enriched", {
    stage: "enrich",
    papers: enriched.papers.length,
    pending: enriched.pending.length,
    requests: enriched.requests,
    ms: enrichMs
  })
  // The enriched papers replace the parsed ones (without the texts their code links came from): holding both
  // would keep every paper's digest texts alive until the run ends.
  return { ...run, plan: { ...run.plan, papers: [] }, enriched, enrichMs } satisfies Enriched
})

/** Counts every day, refuses to shrink, assigns BibTeX keys (saved first) and renders every artifact (lazily). */
const render = Effect.fn("run.render")(function* (run: Enriched) {
  const { pipeline } = run.options
  const days = Incremental.countedDays(run.plan, run.enriched.papers, run.baseline)
  const { totals, categories } = Incremental.archiveTotals(days)
  yield* refuseToShrink(run.options, totals.papers, run.memo?.report)
  const [site, renderMs] = yield* timed(
    assignAndSaveBibKeys(run.enriched.papers).pipe(
      // A corrupt registry (StateCorrupt) stays what it is: a configuration error to restore by hand (exit 2).
      Effect.catchTag("StateIOError", (error) =>
        Effect.fail(runFailed("cannot save the BibTeX key registry")(error))
      ),
      Effect.map((bibKeys) =>
        renderSite({
          pipeline,
          days: days.map(({ day }) => day),
          windowed: feedWindow(run.enriched.papers, pipeline.feeds),
          categories,
          bibKeys,
          paperCounts: new Map(days.map(({ day, counts }) => [day.day, counts.papers] as const))
        })
      )
    )
  )
  return { ...run, days, totals, site, renderMs } satisfies Rendered
})

const publish = Effect.fn("run.publish")(function* (run: Rendered) {
  const store = yield* StateStore
  const { enrich, searchBundleBytes } = run.options.pipeline
  const searchIndex = searchIndexFiles(enrich.refreshDays, searchBundleBytes ?? ARCHIVE_BUNDLE_BYTES)
  const [published, publishMs] = yield* timed(
    Incremental.publishOutputs(run.options.outDir, run.site, store, searchIndex).pipe(
      Effect.mapError(runFailed("writing the outputs failed"))
    )
  )
  const emitMs = run.renderMs + publishMs
  const publishedAt = yield* Clock.currentTimeMillis
  yield* logStage("published", {
    stage: "emit",
    days: `${run.totals.daysRendered}/${run.totals.days}`,
    written: published.written.length,
    unchanged: published.unchanged,
    removed: published.removed.length,
    ms: emitMs
  })
  return { ...run, published, publishedAt, emitMs } satisfies Published
})

/** The report, then what the next run builds on. From here on nothing may turn the run into a failure. */
const record = Effect.fn("run.record")(function* (run: Published) {
  const { options } = run
  const report = renderedReport({
    ...options,
    today: run.today,
    synced: run.synced,
    parse: run.parse,
    enriched: run.enriched,
    archive: run.totals,
    published: run.published,
    publishedAt: run.publishedAt,
    times: { sync: run.syncMs, parse: run.parseMs, enrich: run.enrichMs, emit: run.emitMs }
  })
  // A cache that could not be read or written no longer matches the copied days: the next run renders all.
  const cacheTrouble = run.enriched.problems.some((problem) => /^(arxiv|rxiv)-cache-/.test(problem.code))
  // A file the run could not read is left out of what it records, so the next run reads it again.
  const synced = Incremental.withoutUnreadable(run.synced, run.plan.unreadable)
  yield* Incremental.recordRun({
    runKeys: synced === run.synced ? run.runKeys : Incremental.runKeys(options, synced),
    memo: run.memo,
    synced,
    report,
    archive: cacheTrouble
      ? null
      : {
          digests: run.plan.digests,
          days: run.days,
          published: run.published,
          papers: run.enriched.papers,
          topics: options.pipeline.topics.map((topic) => topic.name)
        },
    bibKeysFile: BIBKEYS_STATE_FILE
  })
  yield* writeReport(options.outDir, report)
  return report
})

/** Nothing changed since the last full run: its report, brought up to date; nothing is written but it. */
const quiet = Effect.fn("run.quiet")(function* (run: Synced, last: Incremental.QuietBaseline) {
  const report = quietReport({ ...run, ...last, pipeline: run.options.pipeline })
  yield* logStage("nothing new: the outputs are current", { stage: "emit", written: 0 })
  yield* writeReport(run.options.outDir, report)
  return report
})

/** The run asks a server: a day later, the same digests may publish more (refreshes, answers to pending). */
const enrichesOnlineToday = ({ offline, pipeline }: RunOptions): boolean => {
  if (offline) return false
  const { servers, enrich } = pipeline
  return (
    (enrich.arxiv && servers.includes("arxiv")) ||
    (enrich.rxiv && (servers.includes("biorxiv") || servers.includes("medrxiv")))
  )
}

export const runPipeline = Effect.fn("runPipeline")(function* (options: RunOptions) {
  const synced = yield* sync(options)
  const enrichesOnline = enrichesOnlineToday(options)
  const last = yield* Incremental.quietBaseline({ ...synced, enrichesOnline, outDir: options.outDir })
  if (last !== undefined) return yield* quiet(synced, last)
  return yield* plan(synced).pipe(
    Effect.flatMap(parse),
    Effect.flatMap(enrich),
    Effect.flatMap(render),
    Effect.flatMap(publish),
    Effect.flatMap(record)
  )
})

/** report.json is the one output that differs between runs: it records this run (durations, requests). */
const writeReport = (outDir: string, report: RunReport) =>
  Effect.gen(function* () {
    const store = yield* StateStore
    const file = (yield* Path.Path).join(outDir, "report.json")
    yield* store
      .writeFile(file, `${JSON.stringify(report, null, 2)}\n`)
      .pipe(Effect.catchAll(() => Effect.logWarning(`cannot write ${file}`)))
  })
