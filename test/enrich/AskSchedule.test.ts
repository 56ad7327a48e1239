/** The ask schedule: growing intervals in run dates, never twice a day, a newer link restarts it. */
import { assert, describe, it } from "@effect/vitest"
import { ArxivId } from "../../src/domain/ArxivId.ts"
import { addDays, IsoDate } from "../../src/domain/IsoDate.ts"
import {
  ASK_INTERVAL_CAP_DAYS,
  type AskRecord,
  askInterval,
  askIsDue,
  nextAskDate,
  recordAnswer
} from "../../src/enrich/AskSchedule.ts"

const id = ArxivId.make("2506.24119")
const day = (n: number) => addDays(IsoDate.make("2025-07-01"), n)

/** The run dates (of `days` consecutive daily runs) on which the id is asked, always answered `older`. */
const askDays = (days: number, linked: number | null = 2): Array<number> => {
  let record: AskRecord | undefined
  const asked: Array<number> = []
  for (let n = 0; n < days; n++) {
    if (record !== undefined && !askIsDue(record, day(n), linked)) continue
    asked.push(n)
    record = recordAnswer(record, id, "older", day(n), linked)
  }
  return asked
}

describe("AskSchedule", () => {
  it("doubles the interval after each answer without the linked version, up to the cap", () => {
    assert.deepStrictEqual([1, 2, 3, 4, 5, 6, 7, 20].map(askInterval), [1, 2, 4, 8, 16, 32, 32, 32])
    assert.strictEqual(ASK_INTERVAL_CAP_DAYS, 32)
    // Runs every day for 100 days: asked on days 0, 1, 3, 7, 15, 31, 63, 95.
    assert.deepStrictEqual(askDays(100), [0, 1, 3, 7, 15, 31, 63, 95])
  })

  it("never asks twice on one run date, even when a newer version is linked that day", () => {
    const record = recordAnswer(undefined, id, "older", day(0), 2)
    assert.isFalse(askIsDue(record, day(0), 2))
    assert.isFalse(askIsDue(record, day(0), 3))
    assert.isTrue(askIsDue(record, day(1), 2))
  })

  it("asks the next run date when a digest links a newer version, and starts the schedule over", () => {
    let record = recordAnswer(undefined, id, "older", day(0), 2)
    record = recordAnswer(record, id, "older", day(1), 2)
    record = recordAnswer(record, id, "older", day(3), 2)
    assert.deepStrictEqual([record.tries, nextAskDate(record)], [3, day(7)])
    assert.isFalse(askIsDue(record, day(4), 2))
    assert.isTrue(askIsDue(record, day(4), 3), "v3 is news")
    const restarted = recordAnswer(record, id, "older", day(4), 3)
    assert.deepStrictEqual([restarted.tries, restarted.version, nextAskDate(restarted)], [1, 3, day(5)])
  })

  it("counts run dates, not runs: skipped nights ask on the first run after the due date", () => {
    const record = recordAnswer(
      recordAnswer(undefined, id, "missing", day(0), null),
      id,
      "missing",
      day(1),
      null
    )
    assert.strictEqual(nextAskDate(record), day(3))
    assert.isFalse(askIsDue(record, day(2), null))
    assert.isTrue(askIsDue(record, day(10), null))
  })
})
