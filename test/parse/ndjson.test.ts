/** The `parse --json` lines (exact DESIGN.md shape and key order) and the readable summary. */
import { assert, describe, it } from "@effect/vitest"
import { paperLine, parsedLines, problemLine, summarizeParsed } from "../../src/parse/ndjson.ts"
import { parseDigest } from "../../src/parse/parseDigest.ts"
import { fixture, NDJSON_PAPER_KEYS } from "./fixtures.ts"

describe("NDJSON", () => {
  it("writes a paper line with exactly the DESIGN.md keys, in order", () => {
    const row = parseDigest(fixture("2025-10-06-arxiv.md")).rows[2]!
    const line = paperLine(row)
    assert.notInclude(line, "\n")
    assert.deepStrictEqual(Object.keys(JSON.parse(line)), NDJSON_PAPER_KEYS)
    assert.isTrue(
      line.startsWith(
        '{"kind":"paper","file":"2025-10-06-arxiv.md","line":16,"date":"2025-10-06","arxivId":"2510.03230","version":1,"author":"Suyuchen Wang","title":"通过显式位置到坐标映射提升图形用户界面定位能力","abstract":"GUI接地任务'
      )
    )
    assert.isTrue(
      line.endsWith('"titleNote":null,"abstractNote":null,"translationFailed":false,"layout":"B"}')
    )
  })

  it("writes null ids and problem lines with exactly their keys", () => {
    const parsed = parseDigest(fixture("2025-11-11-arxiv.md"))
    assert.include(paperLine(parsed.rows[0]!), '"arxivId":null,"version":null,')
    assert.strictEqual(
      problemLine(parsed.problems[0]!),
      '{"kind":"problem","file":"2025-11-11-arxiv.md","line":5,"code":"pdf-missing","severity":"warning","message":"no PDF link (PDF缺失): the row has no arXiv id and is skipped (it is in no output)"}'
    )
    const lines = parsedLines(parsed)
    assert.strictEqual(lines.length, 20)
    for (const line of lines) assert.include(["paper", "problem"], JSON.parse(line).kind)
  })

  it("summarizes a file on one readable line", () => {
    assert.strictEqual(
      summarizeParsed(parseDigest(fixture("2025-05-02-arxiv.md"))),
      "2025-05-02-arxiv.md: layout B, 10 rows, 10 with arXiv id; problems: translation-failed 3"
    )
    assert.strictEqual(
      summarizeParsed(parseDigest(fixture("2025-11-11-arxiv.md"))),
      "2025-11-11-arxiv.md: layout B, 10 rows, 0 with arXiv id; problems: pdf-missing 10"
    )
    assert.strictEqual(
      summarizeParsed(parseDigest(fixture("2026-05-07-arxiv.md"))),
      "2026-05-07-arxiv.md: no table, 0 rows, 0 with arXiv id; problems: fetch-failed 1"
    )
    assert.strictEqual(
      summarizeParsed(parseDigest(fixture("2024-09-04-arxiv.md"))),
      "2024-09-04-arxiv.md: layout A, 179 rows, 179 with arXiv id; problems: none"
    )
  })
})
