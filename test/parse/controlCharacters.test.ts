/**
 * Control characters from a digest are removed before parsing and reported on their row. The real archive at
 * 15dc19b1 holds none, so they are put into a real digest (../shared/fixtures/digests/2025-10-06-arxiv.md).
 */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { parseDigest } from "../../src/parse/parseDigest.ts"
import { fixture } from "./fixtures.ts"

const real = fixture("2025-10-06-arxiv.md")
const clean = parseDigest(real)
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/

/** The fixture with `insert` put just after the first occurrence of `after`. */
const inject = (content: string, after: string, insert: string): string => {
  const at = content.indexOf(after)
  if (at < 0) throw new Error(`no ${after} in the fixture`)
  return content.slice(0, at + after.length) + insert + content.slice(at + after.length)
}

describe("control characters", () => {
  it("are stripped from every field and reported on the row's first line, with the line they were on", () => {
    const rows = clean.rows
    const second = rows[1]!
    const third = rows[2]!
    let content = inject(real.content, second.author.slice(0, 3), "\u0008\u001b")
    content = inject(content, second.title.slice(0, 4), "\u0000")
    // The third row's abstract: a line below the row's first line when the title cell spans several lines.
    content = inject(content, third.abstract.slice(0, 6), "\u007f")
    const parsed = parseDigest({ ...real, content })
    assert.deepStrictEqual(
      parsed.rows,
      clean.rows.map((row) => row)
    )
    for (const row of parsed.rows)
      for (const value of Object.values(row)) {
        if (typeof value === "string") assert.notMatch(value, CONTROL)
      }
    const lineOf = (needle: string) => content.slice(0, content.indexOf(needle)).split("\n").length
    // The second row's title cell spans lines 13-15 of the real file; its author cell is on line 15.
    assert.deepStrictEqual(
      [second.line, lineOf(`${second.author.slice(0, 3)}\u0008`), third.line, lineOf("\u007f")],
      [13, 15, 16, 16]
    )
    assert.deepStrictEqual(
      parsed.problems
        .filter((p) => p.code === "control-character")
        .map((p) => [p.line, p.severity, p.message]),
      [
        [13, "warning", "control characters U+0000, U+0008, U+001B removed (lines 13, 15)"],
        [16, "warning", "control characters U+007F removed"]
      ]
    )
  })

  it("never move a row or a line number, wherever they are", () => {
    const controls = fc.constantFrom(..."\u0000\u0001\u0007\u0008\u000b\u000c\u001b\u001f\u007f")
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: real.content.length }), controls), { maxLength: 20 }),
        (inserts) => {
          let content = real.content
          for (const [at, char] of [...inserts].sort(([a], [b]) => b - a))
            content = content.slice(0, at) + char + content.slice(at)
          const parsed = parseDigest({ ...real, content })
          assert.deepStrictEqual(parsed.rows, clean.rows)
          const reported = parsed.problems.filter((p) => p.code === "control-character").length
          assert.strictEqual(reported > 0, inserts.length > 0)
          assert.deepStrictEqual(
            parsed.problems.filter((p) => p.code !== "control-character"),
            clean.problems
          )
        }
      ),
      { numRuns: 100 }
    )
  })
})
