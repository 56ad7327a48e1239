/** Stage progress for people and logs: a log line per step, annotated so logfmt output stays machine-readable. */
import { Clock, Effect } from "effect"

/** Logs `message` with annotations (e.g. `stage=enrich done=300 total=1000`) and the process's resident memory. */
export const logStage = (message: string, annotations: Record<string, string | number>) =>
  Effect.suspend(() =>
    Effect.logInfo(message).pipe(
      Effect.annotateLogs({ ...annotations, rssMb: Math.round(process.memoryUsage.rss() / 1048576) })
    )
  )

/** Runs `effect` and returns its value with the milliseconds it took (Clock, so tests control it). */
export const timed = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<readonly [A, number], E, R> =>
  Effect.gen(function* () {
    const start = yield* Clock.currentTimeMillis
    const value = yield* effect
    const end = yield* Clock.currentTimeMillis
    return [value, end - start] as const
  })

/** Remaining-time estimate from the pace so far, as `1m 05s`; empty until there is a pace. */
export const estimateRemaining = (done: number, total: number, elapsedMs: number): string => {
  if (done <= 0 || done >= total) return ""
  const seconds = Math.round(((total - done) * elapsedMs) / done / 1000)
  return seconds >= 60
    ? `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`
    : `${seconds}s`
}
