/** The run: sync -> parse -> dedupe -> enrich -> emit -> publish -> report. */
import { Path } from "@effect/platform"
import { Clock, Data, DateTime, Effect } from "effect"
import type { DigestFile } from "../domain/DigestFile.ts"
import { IsoDate } from "../domain/IsoDate.ts"
import type { Pipeline } from "../domain/Pipeline.ts"
import { compareProblems, type Problem } from "../domain/Problem.ts"
import { Enricher } from "../enrich/Enricher.ts"
import { dedupePapers } from "../parse/dedupePapers.ts"
import { parseDigest } from "../parse/parseDigest.ts"
import { DigestSource } from "../sources/DigestSource.ts"
import { writeFileAtomic } from "./AtomicFile.ts"
import { estimateRemaining, progress, timed } from "./Progress.ts"
import { publishOutputs } from "./publishOutputs.ts"
import { RunReport } from "./RunReport.ts"
import { renderSite } from "./renderSite.ts"
import { StateStore } from "./StateStore.ts"
import { countRun, type DateRange, inRange, newPaperIds, upstreamFreshness } from "./summarize.ts"

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
}

const describe = (cause: unknown): string =>
  typeof cause === "object" && cause !== null && "message" in cause ? String(cause.message) : String(cause)

const fail = (message: string) => (cause: unknown) =>
  new RunFailed({ message: `${message}: ${describe(cause)}`, cause })

const runDate = Effect.map(DateTime.now, (now) => IsoDate.make(DateTime.formatIsoDateUtc(now)))

export const runPipeline = Effect.fn("runPipeline")(function* (options: RunOptions) {
  const source = yield* DigestSource
  const enricher = yield* Enricher
  const store = yield* StateStore
  const path = yield* Path.Path
  const { pipeline } = options

  const [synced, syncMs] = yield* timed(source.sync).pipe(
    Effect.mapError((error) => new RunFailed({ message: `sync failed: ${error.message}`, cause: error }))
  )
  const files: ReadonlyArray<DigestFile> = synced.files.filter((file) => inRange(options.range, file.date))
  yield* progress("synced", {
    stage: "sync",
    files: files.length,
    changed: synced.changed.length,
    ms: syncMs
  })

  const [parsed, parseMs] = yield* timed(Effect.sync(() => files.map(parseDigest)))
  const rows = parsed.flatMap((digest) => digest.rows)
  const papers = dedupePapers(rows)
  yield* progress("parsed", { stage: "parse", rows: rows.length, papers: papers.length, ms: parseMs })

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

  const [published, emitMs] = yield* timed(
    Effect.gen(function* () {
      const artifacts = yield* renderSite(pipeline, enriched.papers)
      return yield* publishOutputs(options.outDir, artifacts, store)
    })
  ).pipe(Effect.mapError(fail("writing the outputs failed")))
  yield* progress("published", {
    stage: "emit",
    written: published.written.length,
    unchanged: published.unchanged,
    removed: published.removed.length,
    ms: emitMs
  })

  const problems: ReadonlyArray<Problem> = [
    ...synced.problems,
    ...parsed.flatMap((digest) => digest.problems),
    ...enriched.problems
  ].sort(compareProblems)
  const newPapers = newPaperIds(enriched.papers, files, synced.changed)
  const today = yield* runDate
  const report = RunReport.make({
    pipeline: pipeline.name,
    status: "published",
    runDate: today,
    range: options.range,
    offline: options.offline,
    upstream: upstreamFreshness(parsed, today, pipeline.staleAfterDays),
    counts: countRun({
      files,
      changed: synced.changed.filter((changed) => files.some((file) => file.path === changed)).length,
      parsed,
      papers: enriched.papers,
      newPapers: newPapers.length,
      pending: enriched.pending.length,
      problems
    }),
    newPapers,
    pending: [...enriched.pending].sort(),
    problems,
    requests: { github: synced.requests, arxiv: enriched.requests },
    durationsMs: {
      sync: syncMs,
      parse: parseMs,
      enrich: enrichMs,
      emit: emitMs,
      total: syncMs + parseMs + enrichMs + emitMs
    },
    outputs: published
  })
  yield* writeReport(path.join(options.outDir, "report.json"), report)
  return report
})

/** report.json is the one output that differs between runs: it records this run (durations, requests). */
export const writeReport = (file: string, report: RunReport) =>
  writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`).pipe(
    Effect.mapError(fail(`cannot write ${file}`))
  )
