/** Where a sliced run's slices end: every `sliceDays` digest dates, the last slice ending on the newest. */
import { assert, describe, it } from "@effect/vitest"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import { sliceEndsOf } from "../../src/pipeline/slicedRun.ts"

const dates = (count: number) =>
  Array.from({ length: count }, (_, k) => IsoDate.make(`2026-01-${String(k + 1).padStart(2, "0")}`))

describe("sliceEndsOf", () => {
  it("cuts every sliceDays dates; the last slice takes the rest", () => {
    assert.deepStrictEqual<ReadonlyArray<string>>(sliceEndsOf(dates(10), 4), [
      "2026-01-04",
      "2026-01-08",
      "2026-01-10"
    ])
    assert.deepStrictEqual<ReadonlyArray<string>>(sliceEndsOf(dates(8), 4), ["2026-01-04", "2026-01-08"])
    assert.deepStrictEqual(sliceEndsOf(dates(9), 1), dates(9))
  })

  it("does not slice dates that fit in one slice, nor with sliceDays 0", () => {
    assert.deepStrictEqual(sliceEndsOf(dates(4), 4), [])
    assert.deepStrictEqual(sliceEndsOf(dates(3), 4), [])
    assert.deepStrictEqual(sliceEndsOf(dates(30), 0), [])
    assert.deepStrictEqual(sliceEndsOf([], 4), [])
  })
})
