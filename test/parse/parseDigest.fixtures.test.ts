/** Every real fixture digest, with exact expectations: layouts, rows, ids, versions, authors, problems. */
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { ArxivId } from "../../src/domain/ArxivId.ts"
import { DigestRow } from "../../src/domain/DigestRow.ts"
import type { IsoDate } from "../../src/domain/IsoDate.ts"
import { Problem } from "../../src/domain/Problem.ts"
import { parseDigest } from "../../src/parse/parseDigest.ts"
import { fieldProblem } from "../support/validFields.ts"
import { fixture, fixtures, grepRows, IDS_2025_10_06 } from "./fixtures.ts"

type Expected = {
  readonly layout: "A" | "B" | "C" | null
  readonly rows: number
  readonly withId: number
  /** `line code` of every problem, in report order. */
  readonly problems: ReadonlyArray<string>
}

const failed = (...lines: ReadonlyArray<number>) => lines.map((line) => `${line} translation-failed`)
const missing = [5, 13, 14, 21, 37, 38, 39, 40, 41, 50].map((line) => `${line} pdf-missing`)

const expected: Readonly<Record<string, Expected>> = {
  "2024-09-04-arxiv.md": { layout: "A", rows: 179, withId: 179, problems: [] },
  "2024-09-07-arxiv.md": { layout: "A", rows: 0, withId: 0, problems: ["3 empty-table"] },
  "2025-01-13-arxiv.md": { layout: "A", rows: 181, withId: 181, problems: [] },
  "2025-01-16-arxiv.md": { layout: "A", rows: 180, withId: 180, problems: [] },
  "2025-04-27-arxiv.md": {
    layout: "B",
    rows: 10,
    withId: 10,
    problems: failed(5, 14, 22, 41, 50, 61, 77, 103)
  },
  "2025-05-02-arxiv.md": { layout: "B", rows: 10, withId: 10, problems: failed(14, 24, 76) },
  "2025-05-08-arxiv.md": { layout: "B", rows: 10, withId: 10, problems: failed(49, 82, 86, 103, 125, 162) },
  "2025-05-20-biorxiv.md": { layout: null, rows: 0, withId: 0, problems: ["1 skipped-kind"] },
  "2025-05-20-medrxiv.md": { layout: null, rows: 0, withId: 0, problems: ["1 skipped-kind"] },
  "2025-06-17-arxiv.md": {
    layout: "B",
    rows: 10,
    withId: 10,
    problems: failed(5, 25, 35, 44, 62, 70, 108, 152)
  },
  "2025-07-04-arxiv.md": { layout: "B", rows: 10, withId: 10, problems: failed(39, 91) },
  "2025-07-05-arxiv.md": { layout: "B", rows: 10, withId: 10, problems: failed(21, 33, 74) },
  "2025-07-25-arxiv.md": { layout: "B", rows: 10, withId: 10, problems: failed(20) },
  "2025-08-18-arxiv.md": { layout: "B", rows: 10, withId: 10, problems: failed(16, 30, 83, 119) },
  "2025-10-06-arxiv.md": { layout: "B", rows: 10, withId: 10, problems: [] },
  "2025-10-06.md": { layout: null, rows: 0, withId: 0, problems: ["1 skipped-kind"] },
  "2025-10-12-arxiv.md": { layout: "B", rows: 0, withId: 0, problems: ["3 empty-table"] },
  "2025-11-11-arxiv.md": { layout: "B", rows: 10, withId: 0, problems: missing },
  "2025-11-13-arxiv.md": { layout: "B", rows: 10, withId: 10, problems: [] },
  "2026-01-06-arxiv.md": { layout: "B", rows: 10, withId: 10, problems: [] },
  "2026-05-01-arxiv.md": { layout: null, rows: 0, withId: 0, problems: ["3 no-papers"] },
  "2026-05-07-arxiv.md": { layout: null, rows: 0, withId: 0, problems: ["3 fetch-failed"] },
  "2026-05-20-arxiv.md": { layout: null, rows: 0, withId: 0, problems: ["3 fetch-failed"] },
  "2026-06-19-arxiv.md": { layout: "C", rows: 10, withId: 10, problems: [] },
  "2026-08-21-arxiv.md": { layout: "C", rows: 10, withId: 10, problems: [] },
  "history/2025-11-11-arxiv.before-rewrite.md": { layout: "B", rows: 10, withId: 0, problems: missing }
}

// The parser builds rows and problems with validation disabled, and `Schema.is(DigestRow)` only checks
// `instanceof`: so the fields are validated one by one.
const rowFieldProblem = fieldProblem(DigestRow)
const problemFieldProblem = fieldProblem(Problem)
const isArxivId = Schema.is(ArxivId)

describe("parseDigest on every fixture", () => {
  it("has an expectation for every fixture file (a new fixture must be added here)", () => {
    assert.deepStrictEqual(fixtures.map((f) => f.path).sort(), Object.keys(expected).sort())
  })

  for (const file of fixtures) {
    it(`${file.path}: layout, rows, ids, versions, authors, problems`, () => {
      const want = expected[file.path]!
      const parsed = parseDigest(file)
      assert.strictEqual(parsed.file, file.path)
      assert.strictEqual(parsed.date, file.date)
      assert.strictEqual(parsed.layout, want.layout)
      assert.strictEqual(parsed.rows.length, want.rows)
      assert.strictEqual(parsed.rows.filter((row) => row.arxivId !== null).length, want.withId)
      assert.deepStrictEqual(
        parsed.problems.map((p) => `${p.line} ${p.code}`),
        want.problems
      )
      // Rows and problems are valid against the shared schemas, though the parser skips that pass.
      for (const row of parsed.rows) {
        assert.isUndefined(rowFieldProblem(row), `row at line ${row.line}`)
        assert.strictEqual(row.file, file.path)
        assert.strictEqual(row.layout, want.layout)
        if (row.arxivId !== null) assert.isTrue(isArxivId(row.arxivId))
      }
      for (const problem of parsed.problems) {
        assert.isUndefined(problemFieldProblem(problem), `problem at line ${problem.line}`)
        assert.isAtLeast(problem.line, 1)
      }
      if (file.kind !== "arxiv") return
      // The independent reading of the raw file: same ids, versions and authors, in file order.
      const grep = grepRows(file.content)
      assert.deepStrictEqual(
        parsed.rows.map((row) => ({ author: row.author, id: row.arxivId, version: row.version })),
        grep.map((row) => ({ author: row.author, id: row.id, version: row.version }))
      )
      // Rows start on lines that open with `| ` and come in file order.
      const lines = file.content.split("\n")
      for (const [i, row] of parsed.rows.entries()) {
        assert.isTrue(lines[row.line - 1]!.startsWith("| "), `line ${row.line}`)
        if (i > 0) assert.isAbove(row.line, parsed.rows[i - 1]!.line)
      }
    })
  }

  it("the field checks reject an instance built without validation that `Schema.is` would accept", () => {
    const good = parseDigest(fixture("2025-10-06-arxiv.md")).rows[0]!
    assert.isUndefined(rowFieldProblem(good))
    const bad = new DigestRow(
      { ...good, arxivId: "2510.323" as ArxivId, line: 1.5, date: "2025-13-45" as IsoDate },
      { disableValidation: true }
    )
    assert.isTrue(Schema.is(DigestRow)(bad), "instanceof is all Schema.is checks on a class")
    const message = rowFieldProblem(bad)
    assert.isString(message)
    for (const field of ["arxivId", "line", "date"]) assert.include(message, `["${field}"]`)
    const badProblem = new Problem(
      { file: "x.md", line: 0, code: "empty-table", severity: "fatal" as "error", message: "" },
      { disableValidation: true }
    )
    assert.isTrue(Schema.is(Problem)(badProblem))
    assert.include(problemFieldProblem(badProblem), `["severity"]`)
  })

  it("reads the exact id lists of one file per layout, old-style ids and versions included", () => {
    const ids = (path: string) =>
      parseDigest(fixture(path)).rows.map((r) => (r.version === 1 ? r.arxivId : `${r.arxivId}v${r.version}`))
    assert.deepStrictEqual(ids("2025-10-06-arxiv.md"), IDS_2025_10_06)
    assert.deepStrictEqual(ids("2025-11-13-arxiv.md"), [
      "q-bio/0608003",
      "2412.12121",
      "q-bio/0703042",
      "q-bio/0608002",
      "q-bio/0404033",
      "2401.03545",
      "1810.04384",
      "q-bio/0410036v2",
      "q-bio/0410037v3",
      "2002.07143v2"
    ])
    assert.deepStrictEqual(ids("2026-08-21-arxiv.md"), [
      "2608.20337",
      "2608.20338",
      "2608.20335",
      "2608.20336",
      "2608.20334",
      "2608.20331",
      "2608.20326",
      "2608.20322",
      "2608.20320",
      "2608.20319"
    ])
    assert.deepStrictEqual(ids("2024-09-04-arxiv.md").slice(0, 3), ["2409.02920", "2409.02919", "2409.02917"])
  })

  it("agrees with the plainest grep of `arxiv.org/pdf/ID` in every arXiv fixture, all of them PDF links", () => {
    for (const file of fixtures.filter((f) => f.kind === "arxiv")) {
      const all = [...file.content.matchAll(/arxiv\.org\/pdf\/([^\s)]+?)v\d+/g)]
      // No abstract of the fixtures links a PDF: every occurrence is a `[PDF](…)` cell.
      for (const m of all) assert.match(file.content.slice(m.index - 14, m.index), /\[PDF\]\(https?:\/\/$/)
      assert.deepStrictEqual(
        parseDigest(file)
          .rows.filter((r) => r.arxivId !== null)
          .map((r): string | null => r.arxivId),
        all.map((m) => m[1] ?? null),
        file.path
      )
    }
    // An id quoted in an abstract is no row: 2025-11-11 cites arXiv:1809.08360v1 and has no id at all.
    assert.include(fixture("2025-11-11-arxiv.md").content, "arXiv:1809.08360v1")
  })

  it("finds where multi-line rows start", () => {
    const lines = (path: string) => parseDigest(fixture(path)).rows.map((r) => r.line)
    assert.deepStrictEqual(lines("2025-10-06-arxiv.md"), [5, 13, 16, 17, 27, 28, 29, 36, 37, 45])
    assert.deepStrictEqual(lines("2025-11-13-arxiv.md"), [5, 13, 16, 19, 27, 36, 37, 38, 39, 42])
    // Layout A: the rows spanning lines 58-68, 87-101, 122-133, 145-157 and 176-180.
    const a = lines("2025-01-13-arxiv.md")
    for (const [start, next] of [
      [58, 69],
      [87, 102],
      [122, 134],
      [145, 158],
      [176, 181]
    ] as const) {
      assert.strictEqual(a[a.indexOf(start) + 1], next)
    }
  })

  it("names the HTTP status of a failed fetch and keeps the PDF缺失 rows with their authors", () => {
    const problem = (path: string) => parseDigest(fixture(path)).problems[0]!
    assert.include(problem("2026-05-07-arxiv.md").message, "HTTP 429")
    assert.strictEqual(problem("2026-05-07-arxiv.md").severity, "warning")
    assert.include(problem("2026-05-20-arxiv.md").message, "HTTP 503")
    const rewritten = parseDigest(fixture("2025-11-11-arxiv.md"))
    const first = parseDigest(fixture("history/2025-11-11-arxiv.before-rewrite.md"))
    assert.deepStrictEqual(
      rewritten.rows.map((r) => [r.author, r.title, r.arxivId, r.pdfUrl]),
      first.rows.map((r) => [r.author, r.title, r.arxivId, r.pdfUrl])
    )
    assert.strictEqual(rewritten.rows[0]!.author, "Leor S. Weinberger")
    assert.include(first.problems[0]!.message, "[PDF](None)")
    assert.include(rewritten.problems[0]!.message, "PDF缺失")
  })
})
