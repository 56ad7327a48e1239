/** parseDigest never throws and always returns schema-valid rows and problems: random and mutated inputs. */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { DigestRow } from "../../src/domain/DigestRow.ts"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import { Problem } from "../../src/domain/Problem.ts"
import type { ParsedDigest } from "../../src/parse/ParsedDigest.ts"
import { parseDigest } from "../../src/parse/parseDigest.ts"
import { fieldProblem } from "../support/validFields.ts"
import { fixtures } from "./fixtures.ts"

// `Schema.is(DigestRow)` only checks `instanceof` and the parser skips validation: check the fields.
const rowFieldProblem = fieldProblem(DigestRow)
const problemFieldProblem = fieldProblem(Problem)
const date = IsoDate.make("2025-10-06")

/** Everything a parse must guarantee, whatever the input. */
const checkParse = (content: string): void =>
  checkParsed(parseDigest({ path: "x.md", date, kind: "arxiv", content }), content)

const checkParsed = (parsed: ParsedDigest, content: string): void => {
  const lineCount = content.split(/\r\n|\r|\n/).length
  for (const problem of parsed.problems) {
    assert.isUndefined(problemFieldProblem(problem), problem.message)
    assert.notStrictEqual(problem.code, "parser-defect", problem.message)
    assert.isAtLeast(problem.line, 1)
    assert.isAtMost(problem.line, lineCount)
  }
  for (const row of parsed.rows) {
    assert.isUndefined(rowFieldProblem(row), JSON.stringify(row))
    assert.isAtLeast(row.line, 1)
    assert.isAtMost(row.line, lineCount)
    assert.notInclude(row.title, "\n")
  }
}

/** Pieces of real digests, so random inputs reach the table code, not just "no table". */
const token = fc.oneof(
  fc.constantFrom(
    "| ",
    " | ",
    " |",
    "|",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\uFEFF",
    "| 标题 | 作者 | PDF链接 |  摘要 |\n|------|------|--------|------|\n",
    "| 标题 | 作者 | 发布日期 | PDF链接 | 摘要 |\n|---|---|---|---|---|\n",
    "| 标题 | 作者 | PDF链接 | 代码仓库 | Title | \n|---|---|---|---|---|\n",
    "|---|---|",
    "[PDF](https://arxiv.org/pdf/2510.03232v1)",
    "[PDF](http://arxiv.org/pdf/q-bio/0608003v2)",
    "[PDF](None)",
    "[PDF](",
    "PDF缺失",
    "2026-08-20",
    "2026-02-30",
    "N/A",
    "Yazan Obeidi",
    "> 抓取失败：Page request resulted in HTTP 429 (x)",
    "> 当天没有抓取到有效论文。",
    "# arxiv 2025-10-06",
    "中文翻译：",
    "以下是翻译：",
    "标题：",
    "《",
    "》",
    "“",
    "**",
    "## ",
    "（注：",
    "（翻译说明：",
    "）",
    "[翻译失败]",
    "[翻译失败",
    "\\|",
    "\\\\|",
    "\\",
    "说明：",
    "### 结论"
  ),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 4 })
)

/** A whole row around random cells, so cell cleaning sees the nasty pieces too. */
const cell = fc.array(token, { maxLength: 6 }).map((pieces) => pieces.join(""))
const row = fc
  .tuple(
    cell,
    cell,
    cell,
    fc.constantFrom("[PDF](https://arxiv.org/pdf/2510.03232v1)", "PDF缺失", "[PDF](None)")
  )
  .map(([title, author, abstract, pdf]) => `| ${title} | ${author} | ${pdf} | ${abstract} |\n`)
const piece = fc.oneof({ arbitrary: token, weight: 3 }, { arbitrary: row, weight: 1 })

describe("parseDigest never throws", () => {
  it("the check fails on a row whose fields break the schema (built without validation)", () => {
    const content = fixtures.find((f) => f.path === "2025-10-06-arxiv.md")!.content
    const parsed = parseDigest({ path: "x.md", date, kind: "arxiv", content })
    checkParsed(parsed, content)
    const first = parsed.rows[0]!
    const bad = new DigestRow({ ...first, layout: "D" as "A", version: -0.5 }, { disableValidation: true })
    assert.throws(() => checkParsed({ ...parsed, rows: [bad, ...parsed.rows.slice(1)] }, content), /layout/)
    const badProblem = new Problem(
      { file: "x.md", line: 2.5, code: "empty-table", severity: "error", message: "half a line" },
      { disableValidation: true }
    )
    assert.throws(() => checkParsed({ ...parsed, problems: [badProblem] }, content), /half a line/)
  })

  it("on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 400 }), checkParse), { numRuns: 300 })
  })

  it("on strings made of digest pieces", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => checkParse(pieces.join(""))),
      { numRuns: 500 }
    )
  })

  it("on real files with lines and characters deleted, duplicated and inserted", () => {
    const real = fixtures.filter((f) => f.kind === "arxiv" && f.content.length < 20_000)
    const edit = fc.oneof(
      fc.record({ op: fc.constant("delete-line" as const), at: fc.nat() }),
      fc.record({ op: fc.constant("duplicate-line" as const), at: fc.nat() }),
      fc.record({
        op: fc.constant("insert-line" as const),
        at: fc.nat(),
        text: fc.array(piece, { maxLength: 4 })
      }),
      fc.record({ op: fc.constant("swap-lines" as const), at: fc.nat(), other: fc.nat() }),
      fc.record({ op: fc.constant("delete-chars" as const), at: fc.nat(), length: fc.nat({ max: 40 }) }),
      fc.record({ op: fc.constant("insert-chars" as const), at: fc.nat(), text: token })
    )
    fc.assert(
      fc.property(fc.constantFrom(...real), fc.array(edit, { minLength: 1, maxLength: 8 }), (file, edits) => {
        let content = file.content
        for (const e of edits) {
          const lines = content.split("\n")
          const i = e.at % lines.length
          if (e.op === "delete-line") lines.splice(i, 1)
          else if (e.op === "duplicate-line") lines.splice(i, 0, lines[i]!)
          else if (e.op === "insert-line") lines.splice(i, 0, e.text.join(""))
          else if (e.op === "swap-lines") {
            const j = e.other % lines.length
            ;[lines[i], lines[j]] = [lines[j]!, lines[i]!]
          }
          content = lines.join("\n")
          const at = e.at % (content.length + 1)
          if (e.op === "delete-chars") content = content.slice(0, at) + content.slice(at + e.length)
          if (e.op === "insert-chars") content = content.slice(0, at) + e.text + content.slice(at)
        }
        checkParse(content)
      }),
      { numRuns: 300 }
    )
  })

  it("loses no row to a duplicated or deleted blank line or a CRLF conversion of a real file", () => {
    for (const file of fixtures.filter((f) => f.kind === "arxiv")) {
      const rows = parseDigest(file).rows.map((r) => [r.arxivId, r.author, r.title])
      const variants = [
        file.content.replace(/\n/g, "\r\n"),
        `\uFEFF${file.content}`,
        file.content.replace(/\n/g, "  \n")
      ]
      for (const content of variants) {
        const again = parseDigest({ ...file, content }).rows.map((r) => [r.arxivId, r.author, r.title])
        assert.deepStrictEqual(again, rows, file.path)
      }
    }
  })
})
