/** The parser benchmark's wiring on a tiny corpus: counts and comparisons, no timings asserted. */
import { assert, describe, it } from "@effect/vitest"
import { formatParserBench, runParserBench } from "../../bench/parser.ts"

describe("runParserBench", () => {
  it("counts the rows each reader recovers and the ones only the parser finds", async () => {
    const result = await runParserBench({ days: 40, rowsPerDay: 10, seed: 3, runs: 1, remarkMegabytes: null })
    assert.strictEqual(result.corpus.rows, 400)
    assert.strictEqual(result.parser.recovered, result.corpus.ids)
    assert.strictEqual(result.parser.expected, result.corpus.ids)
    assert.isFalse(result.remark.subset)
    assert.strictEqual(result.remark.expected, result.corpus.ids)
    // remark-gfm ends a table at a blank line inside a cell, so it loses rows; the parser finds them all.
    assert.isBelow(result.remark.recovered, result.remark.expected)
    assert.strictEqual(result.lostByRemark, result.remark.expected - result.remark.recovered)
    assert.strictEqual(result.lostByRemarkRecoveredByParser, result.lostByRemark)
    const table = formatParserBench(result)
    assert.include(table, "digest parser")
    assert.include(table, "remark + remark-gfm")
    assert.include(table, "remark-gfm was run on the whole corpus.")
  })
})
