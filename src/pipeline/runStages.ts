/**
 * The stages of a run that renders: plan -> parse -> enrich -> render -> publish -> record, each an Effect.fn
 * that takes the record the stages before it built and returns it extended. runPipeline runs them once;
 * slicedRun runs them once per slice, each slice publishing into a staging folder.
 */
import { type FileSystem, Path } from "@effect/platform"
import { Clock, Effect } from "effect"
import type { IsoDate } from "../domain/IsoDate.ts"
import type { PaperKey } from "../domain/PaperKey.ts"
import type { Pipeline } from "../domain/Pipeline.ts"
import type { SiteRender } from "../emit/Artifact.ts"
import { feedWindow } from "../emit/feedWindow.ts"
import { CUMULATIVE_FILES, topicBibPath } from "../emit/renderArtifacts.ts"
import { Enricher, type EnrichResult, type EnrichScope } from "../enrich/Enricher.ts"
import { StateStore } from "../state/StateStore.ts"
import { assignAndSaveBibKeys, BIBKEYS_STATE_FILE } from "./bibKeyRegistry.ts"
import { type RenderedRun, renderedReport } from "./buildReport.ts"
import * as Incremental from "./incremental/Incremental.ts"
import { runFailed } from "./RunFailed.ts"
import type { RunReport } from "./RunReport.ts"
import { refuseToShrink } from "./refuseToShrink.ts"
import { renderSite } from "./renderSite.ts"
import { searchIndexFiles } from "./searchIndex.ts"
import { ARCHIVE_BUNDLE_BYTES } from "./searchTiers.ts"
import { estimateRemaining, logStage, timed } from "./stageLog.ts"
import { type DateRange, type ParseSummary, summarizeParse } from "./summarize.ts"

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

export interface Synced {
  readonly options: RunOptions
  readonly today: IsoDate
  readonly memo: Incremental.RunMemo | undefined
  readonly synced: Incremental.SyncView
  readonly runKeys: Incremental.RunKeys
  readonly syncMs: number
  /** Papers the last run left pending: their days are rendered again when this run asks. */
  readonly pending: ReadonlyArray<PaperKey>
  /** The last full run's report: a run publishing clearly fewer papers is refused (refuseToShrink). */
  readonly lastFull: Pick<RunReport, "counts"> | undefined
  /**
   * Whether a folder holds what the last run published (Incremental.outputsIntact): for the run's output folder
   * the check started beside the sync, for another (a slice's) one made when asked.
   */
  readonly outputsIntact: (outDir: string) => Effect.Effect<boolean, never, FileSystem.FileSystem | Path.Path>
}
export interface Planned extends Synced {
  readonly baseline: Incremental.Baseline
}
export interface Parsed extends Planned {
  readonly plan: Effect.Effect.Success<ReturnType<typeof Incremental.planRun>>
  readonly parse: ParseSummary
  readonly parseMs: number
}
export interface Enriched extends Parsed {
  readonly enriched: EnrichResult
  readonly enrichMs: number
}
export interface Rendered extends Enriched {
  readonly days: ReadonlyArray<Incremental.CountedDay>
  readonly totals: ReturnType<typeof Incremental.archiveTotals>["totals"]
  readonly site: SiteRender
  readonly renderMs: number
  /** SHA-256 of the key registry the render assigned from (null: none), recorded beside the archive. */
  readonly bibKeysSha256: string | null
}
export interface Published extends Rendered {
  readonly published: Incremental.Published
  readonly publishedAt: number
  readonly emitMs: number
}

/** Where the run starts from: the last run's archive (a delta), or nothing (every day is rendered). */
export const plan = Effect.fn("run.plan")(function* (run: Synced) {
  const [baseline, ms] = yield* timed(
    Incremental.loadBaseline({
      outDir: run.options.outDir,
      memo: run.memo,
      runKeys: run.runKeys,
      bibKeysFile: BIBKEYS_STATE_FILE,
      splicedFiles: [
        ...CUMULATIVE_FILES,
        ...run.options.pipeline.topics.map((topic) => topicBibPath(topic.name))
      ],
      intact: run.outputsIntact(run.options.outDir)
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
export const parse = Effect.fn("run.parse")(function* (run: Planned) {
  // Papers to ask again make their days dirty only when this run asks: offline, nothing about them can change.
  const asks = enrichesOnlineToday(run.options)
  const pending = asks ? run.pending : []
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

/** Enriches the parsed papers; a slice of a sliced run passes the whole run's `scope` (see EnrichScope). */
export const enrich = Effect.fn("run.enrich")(function* (run: Parsed, scope: EnrichScope = {}) {
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
  const [enriched, enrichMs] = yield* timed(enricher.enrich(run.plan.papers, onProgress, scope))
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
export const render = Effect.fn("run.render")(function* (run: Enriched) {
  const { pipeline } = run.options
  const days = Incremental.countedDays(run.plan, run.enriched.papers, run.baseline)
  const { totals, categories } = Incremental.archiveTotals(days)
  yield* refuseToShrink(run.options, totals.papers, run.lastFull)
  const [[site, bibKeysSha256], renderMs] = yield* timed(
    assignAndSaveBibKeys(run.enriched.papers).pipe(
      // A corrupt registry (StateCorrupt) stays what it is: a configuration error to restore by hand (exit 2).
      Effect.catchTag("StateIOError", (error) =>
        Effect.fail(runFailed("cannot save the BibTeX key registry")(error))
      ),
      Effect.map(
        ({ keys: bibKeys, sha256 }) =>
          [
            renderSite({
              pipeline,
              days: days.map(({ day }) => day),
              windowed: feedWindow(run.enriched.papers, pipeline.feeds),
              enriched: run.enriched.papers,
              categories,
              bibKeys,
              paperCounts: new Map(days.map(({ day, counts }) => [day.day, counts.papers] as const))
            }),
            sha256
          ] as const
      )
    )
  )
  return { ...run, days, totals, site, renderMs, bibKeysSha256 } satisfies Rendered
})

/** Publishes into the run's output folder; the search index (Pagefind) unless `searchIndex` is false. */
export const publish = Effect.fn("run.publish")(function* (run: Rendered, searchIndex = true) {
  const store = yield* StateStore
  const { enrich, searchBundleBytes } = run.options.pipeline
  const search = searchIndex
    ? searchIndexFiles(enrich.refreshDays, searchBundleBytes ?? ARCHIVE_BUNDLE_BYTES)
    : undefined
  const [published, publishMs] = yield* timed(
    Incremental.publishOutputs(run.options.outDir, run.site, store, search).pipe(
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

/** What the report of a published run is made of (a sliced run sums its slices' before it reports). */
export const renderedRun = (run: Published): RenderedRun => ({
  ...run.options,
  today: run.today,
  synced: run.synced,
  parse: run.parse,
  enriched: run.enriched,
  archive: run.totals,
  published: run.published,
  publishedAt: run.publishedAt,
  times: { sync: run.syncMs, parse: run.parseMs, enrich: run.enrichMs, emit: run.emitMs }
})

/** A cache that could not be read or written no longer matches the copied days: the next run renders all. */
export const cacheTrouble = (enriched: Pick<EnrichResult, "problems">): boolean =>
  enriched.problems.some((problem) => /^(arxiv|rxiv)-cache-/.test(problem.code))

/**
 * What the next run builds on: the archive (unless `noArchive`) and the memo of `report`. From here on nothing
 * may turn the run into a failure. `askAgain` replaces the papers this run found to ask again (a sliced run's).
 */
export const recordArchive = (
  run: Published,
  report: RunReport,
  extra: { readonly noArchive?: boolean; readonly askAgain?: ReadonlyArray<PaperKey> } = {}
) => {
  const { options } = run
  // A file the run could not read is left out of what it records, so the next run reads it again.
  const synced = Incremental.withoutUnreadable(run.synced, run.plan.unreadable)
  return Incremental.recordRun({
    runKeys: synced === run.synced ? run.runKeys : Incremental.runKeys(options, synced),
    memo: run.memo,
    synced,
    report,
    archive:
      extra.noArchive === true || cacheTrouble(run.enriched)
        ? null
        : {
            digests: run.plan.digests,
            days: run.days,
            published: run.published,
            papers: run.enriched.papers,
            ...(extra.askAgain === undefined ? {} : { askAgain: extra.askAgain }),
            topics: options.pipeline.topics.map((topic) => topic.name)
          },
    bibKeysSha256: run.bibKeysSha256
  })
}

/** The report, then what the next run builds on, then report.json. */
export const record = Effect.fn("run.record")(function* (run: Published) {
  const report = renderedReport(renderedRun(run))
  yield* recordArchive(run, report)
  yield* writeReport(run.options.outDir, report)
  return report
})

/** The run asks a server: a day later, the same digests may publish more (refreshes, answers to pending). */
export const enrichesOnlineToday = ({ offline, pipeline }: RunOptions): boolean => {
  if (offline) return false
  const { servers, enrich } = pipeline
  return (
    (enrich.arxiv && servers.includes("arxiv")) ||
    (enrich.rxiv && (servers.includes("biorxiv") || servers.includes("medrxiv")))
  )
}

/** report.json is the one output that differs between runs: it records this run (durations, requests). */
export const writeReport = (outDir: string, report: RunReport) =>
  Effect.gen(function* () {
    const store = yield* StateStore
    const file = (yield* Path.Path).join(outDir, "report.json")
    yield* store
      .writeFile(file, `${JSON.stringify(report, null, 2)}\n`)
      .pipe(Effect.catchAll(() => Effect.logWarning(`cannot write ${file}`)))
  })
