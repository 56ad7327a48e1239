/** The run report of a run that rendered, and of a quiet run that reuses the last one's (pure). */
import type { IsoDate } from "../domain/IsoDate.ts"
import type { PaperKey } from "../domain/PaperKey.ts"
import type { Pipeline } from "../domain/Pipeline.ts"
import { compareProblems, type Problem } from "../domain/Problem.ts"
import type { EnrichResult } from "../enrich/Enricher.ts"
import type { PublishResult } from "./incremental/publishOutputs.ts"
import type { MemoReport } from "./incremental/RunMemo.ts"
import type { SyncView } from "./incremental/SyncView.ts"
import { RunCounts, RunReport } from "./RunReport.ts"
import {
  commitFreshness,
  countRun,
  type DateRange,
  newPaperIds,
  type ParseSummary,
  upstreamFreshness
} from "./summarize.ts"

/** Milliseconds per stage; `emit` covers key assignment, rendering and publishing. */
export interface StageTimes {
  readonly sync: number
  readonly parse: number
  readonly enrich: number
  readonly emit: number
}

export interface RenderedRun {
  readonly pipeline: Pipeline
  readonly range: DateRange
  readonly offline: boolean
  readonly today: IsoDate
  readonly synced: SyncView
  readonly parse: ParseSummary
  readonly enriched: EnrichResult
  readonly archive: {
    readonly papers: number
    readonly withMetadata: number
    readonly withCode: number
    readonly days: number
    readonly daysRendered: number
    readonly servers: Readonly<Record<string, number>>
  }
  readonly published: PublishResult
  /** When the outputs were in place (epoch ms): how long after the upstream commit they were published. */
  readonly publishedAt: number
  readonly times: StageTimes
  /** The papers new this run, when not those of `enriched.papers` (a sliced run gathers them over its slices). */
  readonly newPapers?: ReadonlyArray<PaperKey>
}

export const renderedReport = (run: RenderedRun): RunReport => {
  const { pipeline, synced, parse, enriched, published, times } = run
  const problems = [...synced.problems, ...parse.problems, ...enriched.problems].sort(compareProblems)
  const changedDates = new Set(synced.listing.filter((file) => file.changed).map((file) => file.date))
  const newPapers = run.newPapers ?? newPaperIds(enriched.papers, changedDates)
  return RunReport.make({
    pipeline: pipeline.name,
    status: "published",
    runDate: run.today,
    range: run.range,
    offline: run.offline,
    upstream: upstreamFreshness(
      parse.newestDigest,
      run.today,
      pipeline.staleAfterDays,
      commitFreshness(synced.upstream, changedDates.size > 0 ? run.publishedAt : null)
    ),
    counts: countRun({
      files: synced.listing.length,
      changed: synced.listing.filter((file) => file.changed).length,
      parse,
      archive: run.archive,
      newPapers: newPapers.length,
      pending: enriched.pending.length,
      problems
    }),
    newPapers,
    pending: [...enriched.pending].sort(),
    problems,
    requests: {
      github: synced.requests + enriched.githubRequests,
      arxiv: enriched.requests,
      biorxiv: enriched.rxivRequests.biorxiv,
      medrxiv: enriched.rxivRequests.medrxiv,
      rxivLowerBound: enriched.rxivLowerBound
    },
    durationsMs: { ...times, total: times.sync + times.parse + times.enrich + times.emit },
    outputs: { written: published.written, unchanged: published.unchanged, removed: published.removed }
  })
}

export const problemKey = (p: Problem) => `${p.file}\u0000${p.line}\u0000${p.code}\u0000${p.message}`

/**
 * The last full run's report, brought up to date: nothing was parsed, fetched or written. `previous` is what
 * the memo keeps of it, `previousProblems` its problems (kept apart; its new papers are not kept: none are new).
 */
export const quietReport = (input: {
  readonly previous: MemoReport
  readonly previousProblems: ReadonlyArray<Problem>
  readonly synced: SyncView
  readonly syncMs: number
  readonly today: IsoDate
  readonly pipeline: Pipeline
}): RunReport => {
  const { previous, previousProblems, synced, today } = input
  const seen = new Set(synced.problems.length === 0 ? [] : previousProblems.map(problemKey))
  const problems = [...previousProblems, ...synced.problems.filter((p) => !seen.has(problemKey(p)))].sort(
    compareProblems
  )
  // Every field comes from decoded state or this run's values: checking tens of thousands of problems again
  // (and wanting Problem instances where the memo's are plain) would only cost the quiet night its time.
  return new RunReport(
    {
      // In the schema's order, as JSON.stringify writes report.json in the object's order.
      pipeline: previous.pipeline,
      status: previous.status,
      runDate: today,
      range: previous.range,
      offline: previous.offline,
      upstream: upstreamFreshness(
        previous.upstream.newestDigest,
        today,
        input.pipeline.staleAfterDays,
        commitFreshness(synced.upstream, null)
      ),
      counts: quietCounts(previous, problems),
      newPapers: [],
      pending: previous.pending,
      problems,
      requests: { github: synced.requests, arxiv: 0, biorxiv: 0, medrxiv: 0, rxivLowerBound: 0 },
      durationsMs: { sync: input.syncMs, parse: 0, enrich: 0, emit: 0, total: input.syncMs },
      outputs: {
        written: [],
        unchanged: previous.outputs.written.length + previous.outputs.unchanged,
        removed: []
      }
    },
    true
  )
}

const quietCounts = (previous: MemoReport, problems: ReadonlyArray<Problem>) =>
  RunCounts.make({
    ...previous.counts,
    filesChanged: 0,
    newPapers: 0,
    daysRendered: 0,
    errors: problems.filter((p) => p.severity === "error").length,
    warnings: problems.filter((p) => p.severity === "warning").length,
    infos: problems.filter((p) => p.severity === "info").length
  })
