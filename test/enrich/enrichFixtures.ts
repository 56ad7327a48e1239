/** Test helpers for the enrich stage: papers, a temporary state folder, and a clock fixed to a chosen day. */
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { Clock, Effect, Layer } from "effect"
import type { Paper } from "../../src/domain/Paper.ts"
import { StateStore } from "../../src/state/StateStore.ts"
import { buildPaper } from "../support/paperFixtures.ts"

/** A digest paper with placeholder texts (the shared builder's defaults). */
export const paper = buildPaper

export const syntheticPapers = (n: number, firstSeen = "2025-10-06"): Array<Paper> =>
  Array.from({ length: n }, (_, i) =>
    paper(`2510.${String(i + 1).padStart(5, "0")}`, { firstSeen, line: i + 5 })
  )

export const tempStateDir = (): string => mkdtempSync(join(tmpdir(), "enrich-state-"))

export const stateStoreLayer = (folder: string) =>
  StateStore.Default(folder).pipe(Layer.provideMerge(NodeContext.layer))

/**
 * The live clock shifted so that "now" starts at `iso`: sleeps and time differences stay real (the rate
 * limiter and the budget work), while the run's date is the chosen one.
 */
export const withDay =
  (iso: string) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.flatMap(Effect.clock, (live) => {
      const offset = Date.parse(iso) - live.unsafeCurrentTimeMillis()
      const shifted: Clock.Clock = {
        [Clock.ClockTypeId]: Clock.ClockTypeId,
        unsafeCurrentTimeMillis: () => live.unsafeCurrentTimeMillis() + offset,
        unsafeCurrentTimeNanos: () => live.unsafeCurrentTimeNanos() + BigInt(offset) * 1_000_000n,
        currentTimeMillis: Effect.sync(() => live.unsafeCurrentTimeMillis() + offset),
        currentTimeNanos: Effect.sync(() => live.unsafeCurrentTimeNanos() + BigInt(offset) * 1_000_000n),
        sleep: (duration) => live.sleep(duration)
      }
      return Effect.withClock(effect, shifted)
    })
