/** Deduplication by arXiv id: first date, all dates, newest version, best row's text, stable order. */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { ArxivId } from "../../src/domain/ArxivId.ts"
import { DigestRow } from "../../src/domain/DigestRow.ts"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import { comparePapers } from "../../src/domain/Paper.ts"
import { dedupePapers } from "../../src/parse/dedupePapers.ts"
import { parseDigest } from "../../src/parse/parseDigest.ts"
import { fixture, fixtures } from "./fixtures.ts"

type RowFields = ConstructorParameters<typeof DigestRow>[0]

const row = (id: string | null, date: string, over: Partial<RowFields> = {}) =>
  new DigestRow({
    file: `${date}-arxiv.md`,
    line: 5,
    date: IsoDate.make(date),
    layout: "B",
    arxivId: id === null ? null : ArxivId.make(id),
    version: 1,
    pdfUrl: null,
    author: "A",
    title: `title ${date}`,
    titleNote: null,
    abstract: "",
    abstractNote: null,
    translationFailed: false,
    titleEn: null,
    codeCell: null,
    published: null,
    ...over
  })

describe("dedupePapers", () => {
  it("keeps the first date, every date, the newest version, and the text of the newest version", () => {
    const papers = dedupePapers([
      row("2510.00001", "2025-10-07", { version: 2, title: "v2 title" }),
      row("2510.00001", "2025-10-06", { title: "v1 title" }),
      row("2510.00001", "2025-10-09", { title: "v1 again" }),
      row("2510.00001", "2025-10-06", { title: "v1 title, same day" })
    ])
    assert.strictEqual(papers.length, 1)
    const paper = papers[0]!
    assert.deepStrictEqual(
      [paper.id, paper.version, paper.firstSeen, paper.dates, paper.title, paper.file],
      [
        "2510.00001",
        2,
        "2025-10-06",
        ["2025-10-06", "2025-10-07", "2025-10-09"],
        "v2 title",
        "2025-10-07-arxiv.md"
      ]
    )
  })

  it("takes the latest date among equal versions, then the later file and line", () => {
    const later = dedupePapers([
      row("2510.00001", "2025-10-06", { title: "first" }),
      row("2510.00001", "2025-10-08", { title: "re-translated" })
    ])
    assert.strictEqual(later[0]!.title, "re-translated")
    const line = dedupePapers([
      row("2510.00001", "2025-10-06", { line: 20, title: "second row" }),
      row("2510.00001", "2025-10-06", { line: 5, title: "first row" })
    ])
    assert.deepStrictEqual(
      [line[0]!.title, line[0]!.line, line[0]!.dates],
      ["second row", 20, ["2025-10-06"]]
    )
  })

  it("drops rows without an id and sorts newest announcement first, then by id", () => {
    const papers = dedupePapers([
      row(null, "2025-10-09"),
      row("2510.00002", "2025-10-06"),
      row("2510.00009", "2025-10-06"),
      row("2510.00001", "2025-10-07")
    ])
    assert.deepStrictEqual(
      papers.map((p) => p.id),
      ["2510.00001", "2510.00009", "2510.00002"]
    )
  })

  it("merges the fixture days: a paper on 2025-07-04 and 2025-07-05 is announced on the 4th", () => {
    const rows = fixtures.flatMap((file) => parseDigest(file).rows)
    const papers = dedupePapers(rows)
    const ids = new Set(rows.flatMap((r) => (r.arxivId === null ? [] : [r.arxivId])))
    assert.strictEqual(papers.length, ids.size)
    const multigen = papers.find((p) => p.id === "2507.02864")!
    assert.deepStrictEqual([multigen.firstSeen, multigen.dates], ["2025-07-04", ["2025-07-04", "2025-07-05"]])
    // The text comes from the later day's re-translation.
    assert.strictEqual(multigen.file, "2025-07-05-arxiv.md")
    const july5 = parseDigest(fixture("2025-07-05-arxiv.md")).rows.find((r) => r.arxivId === "2507.02864")!
    assert.strictEqual(multigen.titleNote, july5.titleNote)
    // 2025-11-13 linked ARACNE as v3; the 2025-11-11 rows had no links at all.
    assert.strictEqual(papers.find((p) => p.id === "q-bio/0410037")!.version, 3)
  })

  it("is deterministic: any order of the same rows gives the same papers, in comparePapers order", () => {
    const rows = fixtures.flatMap((file) => parseDigest(file).rows).slice(500)
    const expected = dedupePapers(rows)
    fc.assert(
      fc.property(fc.shuffledSubarray(rows, { minLength: rows.length }), (shuffled) => {
        const papers = dedupePapers(shuffled)
        assert.deepStrictEqual(papers, expected)
        for (let i = 1; i < papers.length; i++) assert.isAtMost(comparePapers(papers[i - 1]!, papers[i]!), 0)
      }),
      { numRuns: 30 }
    )
  })
})
