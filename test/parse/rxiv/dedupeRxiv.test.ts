import { describe, expect, it } from "vitest"
import { Doi } from "../../../src/domain/Doi.ts"
import { IsoDate } from "../../../src/domain/IsoDate.ts"
import { RxivRow } from "../../../src/domain/RxivRow.ts"
import { dedupeRxiv } from "../../../src/parse/rxiv/dedupeRxiv.ts"
import { parseRxivDigest } from "../../../src/parse/rxiv/parseRxivDigest.ts"
import { rxivFixtures } from "./rxivFixtures.ts"

/** A synthetic row (labelled: not upstream data), with only what a case needs set. */
const make = (fields: Omit<Partial<ConstructorParameters<typeof RxivRow>[0]>, "date"> & { date: string }) =>
  RxivRow.make({
    server: "biorxiv",
    doi: Doi.make("10.1101/2025.01.01.000001"),
    pdfUrl: null,
    file: `${fields.date}-biorxiv.md`,
    line: 5,
    layout: "B",
    author: "",
    title: "",
    titleNote: null,
    titleEn: null,
    abstract: "",
    abstractNote: null,
    abstractEn: null,
    translationFailed: false,
    postedDate: null,
    ...fields,
    date: IsoDate.make(fields.date)
  })

describe("dedupeRxiv", () => {
  it("one paper per DOI with every digest date; a translated title beats a later untranslated one", () => {
    const papers = dedupeRxiv([
      make({ date: "2025-05-01", title: "中文标题", titleNote: "（注：…）", author: "Li, X." }),
      make({ date: "2026-07-24", layout: "C", title: "English title", translationFailed: true }),
      make({ date: "2025-06-01", title: "" })
    ])
    expect(papers).toHaveLength(1)
    const paper = papers[0]!
    expect(paper.dates).toEqual(["2025-05-01", "2025-06-01", "2026-07-24"])
    expect(paper.firstSeen).toBe("2025-05-01")
    expect(paper.title).toBe("中文标题")
    expect(paper.titleNote).toBe("（注：…）")
    expect(paper.author).toBe("Li, X.")
    expect(paper.translationFailed).toBe(false)
  })

  it("non-empty beats empty field by field, the latest among equals", () => {
    const [paper] = dedupeRxiv([
      make({ date: "2025-05-01", title: "旧标题", abstract: "" }),
      make({ date: "2025-05-03", title: "新标题", abstract: "" }),
      make({ date: "2025-05-02", abstract: "摘要", titleEn: "An English title", author: "Wu, Y." }),
      make({ date: "2025-05-04", abstractEn: "An English abstract", postedDate: IsoDate.make("2025-05-04") })
    ])
    expect(paper!.title).toBe("新标题")
    expect(paper!.line).toBe(5)
    expect(paper!.file).toBe("2025-05-03-biorxiv.md")
    expect(paper!.abstract).toBe("摘要")
    expect(paper!.titleEn).toBe("An English title")
    expect(paper!.abstractEn).toBe("An English abstract")
    expect(paper!.author).toBe("Wu, Y.")
    expect(paper!.postedDate).toBe("2025-05-04")
  })

  it("an untranslated title is kept when no row has a translation, and flagged", () => {
    const [paper] = dedupeRxiv([make({ date: "2026-07-24", title: "English only", translationFailed: true })])
    expect(paper!.title).toBe("English only")
    expect(paper!.translationFailed).toBe(true)
  })

  it("on the real fixtures: as many papers as distinct DOIs, every row's date kept, newest first", () => {
    const rows = rxivFixtures.flatMap((fixture) => parseRxivDigest(fixture).rows)
    const papers = dedupeRxiv(rows)
    expect(papers).toHaveLength(new Set(rows.map((r) => r.doi)).size)
    const byDoi = new Map(papers.map((p) => [p.doi, p]))
    for (const r of rows) expect(byDoi.get(r.doi!)!.dates).toContain(r.date)
    for (let i = 1; i < papers.length; i++)
      expect(papers[i - 1]!.firstSeen >= papers[i]!.firstSeen).toBe(true)
    expect(papers.length).toBeLessThan(rows.length)
  })
})
