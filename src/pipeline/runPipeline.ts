/**
 * The run as named stages: sync -> plan -> parse -> enrich -> render -> publish -> record (runStages.ts); or a
 * quiet run when nothing changed; or, when the run renders every day of a long archive, the stages once per
 * slice of days (slicedRun.ts).
 */
import { DateTime, Effect, Fiber } from "effect"
import { IsoDate } from "../domain/IsoDate.ts"
import { DigestSource } from "../sources/DigestSource.ts"
import { StateStore } from "../state/StateStore.ts"
import { quietReport } from "./buildReport.ts"
import * as Incremental from "./incremental/Incremental.ts"
import { RunFailed } from "./RunFailed.ts"
import {
  enrich,
  enrichesOnlineToday,
  parse,
  plan,
  publish,
  type RunOptions,
  record,
  render,
  type Synced,
  writeReport
} from "./runStages.ts"
import { removeSlices, slicedRun, sliceEnds } from "./slicedRun.ts"
import { logStage, timed } from "./stageLog.ts"
import type { DateRange } from "./summarize.ts"

export { RunFailed } from "./RunFailed.ts"
export type { RunOptions } from "./runStages.ts"

const runDate = Effect.map(DateTime.now, (now) => IsoDate.make(DateTime.formatIsoDateUtc(now)))

/** Fetches the digests, and keys the run by its inputs; `view` lists them again for a narrower range. */
const sync = Effect.fn("run.sync")(function* (options: RunOptions) {
  const source = yield* DigestSource
  const today = yield* runDate
  const memo = yield* Incremental.lastRun
  // A stat per published file (5,656 at 1,000 days) waits on the thread pool, the sync mostly on GitHub: the
  // check runs beside the sync, and the quiet or delta decision after it joins it.
  const store = yield* StateStore
  const checking = yield* Effect.fork(Incremental.outputsIntact(options.outDir, store))
  const [result, syncMs] = yield* timed(source.sync).pipe(
    Effect.mapError((error) => new RunFailed({ message: `sync failed: ${error.message}`, cause: error }))
  )
  const view = (range: DateRange) => Incremental.viewSync(result, range, memo?.listing)
  const synced = view(options.range)
  yield* logStage("synced", {
    stage: "sync",
    files: synced.listing.length,
    changed: synced.listing.filter((file) => file.changed).length,
    ms: syncMs
  })
  const run: Synced = {
    options,
    today,
    memo,
    synced,
    runKeys: Incremental.runKeys(options, synced),
    syncMs,
    pending: memo?.report.pending ?? [],
    lastFull: memo?.report,
    outputsIntact: (outDir) =>
      outDir === options.outDir ? Fiber.join(checking) : Incremental.outputsIntact(outDir, store)
  }
  return { run, view }
})

/** Nothing changed since the last full run: its report, brought up to date; nothing is written but it. */
const quiet = Effect.fn("run.quiet")(function* (run: Synced, last: Incremental.QuietBaseline) {
  const report = quietReport({ ...run, ...last, pipeline: run.options.pipeline })
  yield* logStage("nothing new: the outputs are current", { stage: "emit", written: 0 })
  yield* writeReport(run.options.outDir, report)
  return report
})

export const runPipeline = Effect.fn("runPipeline")(function* (options: RunOptions) {
  const { run, view } = yield* sync(options)
  const enrichesOnline = enrichesOnlineToday(options)
  const last = yield* Incremental.quietBaseline({
    ...run,
    enrichesOnline,
    outDir: options.outDir,
    intact: run.outputsIntact(options.outDir)
  })
  if (last !== undefined) return yield* quiet(run, last)
  // What an interrupted sliced run left in the state folder is never built on.
  yield* removeSlices
  const planned = yield* plan(run)
  const ends = sliceEnds(planned)
  if (ends.length > 1) return yield* slicedRun(planned, ends, view)
  return yield* parse(planned).pipe(
    Effect.flatMap(enrich),
    Effect.flatMap(render),
    Effect.flatMap((rendered) => publish(rendered)),
    Effect.flatMap(record)
  )
})
