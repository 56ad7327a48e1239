/** Test helper: runs an effect while the TestClock advances second by second, until the effect ends. */
import { Effect, Fiber, Option, TestClock } from "effect"

export const onTestClock = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(effect)
    for (let step = 0; step < 200_000; step++) {
      if (Option.isSome(yield* Fiber.poll(fiber))) break
      yield* TestClock.adjust("1 second")
    }
    return yield* Fiber.join(fiber)
  })
