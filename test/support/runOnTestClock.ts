/**
 * Runs an effect under the TestClock, moving the clock only while the effect waits on it: after each real
 * tick (so I/O and promise chains settle), the clock jumps to the earliest pending sleep. Times seen by the
 * effect are then exactly the times its waits add up to, however fast or slow the machine is.
 */
import { Chunk, Effect, Fiber, Option, TestClock } from "effect"

const realTick = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

export const runOnTestClock = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(effect)
    while (true) {
      yield* realTick
      const exit = yield* Fiber.poll(fiber)
      if (Option.isSome(exit)) return yield* exit.value
      const sleeps = yield* TestClock.sleeps()
      if (Chunk.isNonEmpty(sleeps)) yield* TestClock.setTime(Math.min(...sleeps))
    }
  })
