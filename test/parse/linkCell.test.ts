/**
 * Row boundaries hold whatever a row's link cell says. Real digests (../shared/fixtures) with one row's link
 * replaced: the real archive at 15dc19b1 has only `[PDF](http(s)://arxiv.org/…)` links, 20 `PDF缺失` cells and, in
 * its history, 20 `[PDF](None)`; the other forms (`N/A`, `[pdf]`, `javascript:`, `<…>`) are the issue's.
 */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import type { DigestRow } from "../../src/domain/DigestRow.ts"
import { parseDigest } from "../../src/parse/parseDigest.ts"
import { fixture } from "./fixtures.ts"

/** One fixture per layout, with the links of its rows in file order. */
const REAL = ["2025-01-13-arxiv.md", "2025-10-06-arxiv.md", "2026-06-19-arxiv.md"].map((name) => {
  const file = fixture(name)
  const links = [...file.content.matchAll(/\[PDF\]\((https?:\/\/arxiv\.org\/pdf\/[^)\s]+)\)/g)].map(
    (m) => m[0]
  )
  return { file, links, rows: parseDigest(file).rows }
})

/** The fixture with row `index`'s link cell replaced by `cell`. */
const withLink = (real: (typeof REAL)[number], index: number, cell: string) => {
  const link = real.links[index]!
  const at = real.file.content.indexOf(link)
  const content = real.file.content.slice(0, at) + cell + real.file.content.slice(at + link.length)
  return parseDigest({ ...real.file, content })
}

/** Everything of a row but its link. */
const boundaries = (row: DigestRow) => [
  row.line,
  row.author,
  row.title,
  row.titleNote,
  row.abstract,
  row.titleEn
]
const LINK_CODES = new Set(["pdf-missing", "not-arxiv"])

describe("a row's link cell never moves a row boundary", () => {
  it("reads the issue's forms on their own row: odd but usable links give the id, unusable ones a problem", () => {
    const real = REAL[1]!
    const index = 4
    const original = real.rows[index]!
    const url = real.links[index]!.slice(6, -1)
    const cases = [
      { cell: `[pdf](${url})`, id: original.arxivId, code: null },
      { cell: `[PDF](<${url}>)`, id: original.arxivId, code: null },
      { cell: `[Pdf](<${url}> "PDF")`, id: original.arxivId, code: null },
      { cell: "[PDF](N/A)", id: null, code: "pdf-missing" },
      { cell: "[PDF]()", id: null, code: "pdf-missing" },
      { cell: "PDF缺失", id: null, code: "pdf-missing" },
      { cell: "[PDF](javascript:alert(1))", id: null, code: "not-arxiv" },
      { cell: "[PDF](https://doi.org/10.1101/x)", id: null, code: "not-arxiv" }
    ]
    for (const { cell, id, code } of cases) {
      const parsed = withLink(real, index, cell)
      assert.deepStrictEqual(parsed.rows.map(boundaries), real.rows.map(boundaries), cell)
      assert.strictEqual(parsed.rows[index]!.arxivId, id, cell)
      assert.deepStrictEqual(
        parsed.problems.filter((p) => LINK_CODES.has(p.code)).map((p) => `${p.line} ${p.code}`),
        code === null ? [] : [`${original.line} ${code}`],
        cell
      )
      if (code !== null) assert.include(parsed.problems.find((p) => p.code === code)!.message, "skipped")
      // A javascript: link is never handed on as the row's PDF link.
      if (cell.includes("javascript")) assert.isNull(parsed.rows[index]!.pdfUrl)
    }
  })

  it("holds for any link content, label case and angle brackets, in every layout", () => {
    // Any one-line text but a raw pipe (which ends a cell in markdown too); escaped pipes are in.
    const content = fc
      .array(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 1 }),
          fc.constantFrom("\\|", ")", "(", " ", "<", ">")
        ),
        {
          maxLength: 30
        }
      )
      .map((parts) => parts.join("").replace(/[|\n\r]/g, ""))
      .filter((text) => !text.endsWith("\\"))
    const label = fc.constantFrom("PDF", "pdf", "Pdf")
    fc.assert(
      fc.property(
        fc.nat({ max: REAL.length - 1 }),
        fc.nat(),
        label,
        content,
        fc.boolean(),
        (which, row, name, text, angle) => {
          const real = REAL[which]!
          const index = row % real.links.length
          const parsed = withLink(real, index, `[${name}](${angle ? `<${text}>` : text})`)
          assert.deepStrictEqual(parsed.rows.map(boundaries), real.rows.map(boundaries))
          const changed = parsed.rows[index]!
          const problems = parsed.problems.filter((p) => LINK_CODES.has(p.code))
          // An id comes only from an arXiv URL; anything else is one problem, on the row's own line.
          if (changed.arxivId === null)
            assert.deepStrictEqual(
              problems.map((p) => p.line),
              [changed.line]
            )
          else assert.match(text, /arxiv\.org\/(abs|pdf)\//)
        }
      ),
      { numRuns: 300 }
    )
  })
})
