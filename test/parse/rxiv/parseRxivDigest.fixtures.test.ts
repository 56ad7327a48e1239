import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { RxivRow } from "../../../src/domain/RxivRow.ts"
import { RXIV_TITLE_NOTE_MARKERS } from "../../../src/parse/rxiv/cleanRxivTitle.ts"
import { parseRxivDigest } from "../../../src/parse/rxiv/parseRxivDigest.ts"
import { rxivSeverity } from "../../../src/parse/rxiv/rxivProblems.ts"
import { linkedDois, loadRxiv, pdfLinks, rxivFixtures } from "./rxivFixtures.ts"

const parse = (name: string) => parseRxivDigest(loadRxiv(name))
const row = (name: string, line: number) => {
  const found = parse(name).rows.find((r) => r.line === line)
  if (found === undefined) throw new Error(`no row on line ${line} of ${name}`)
  return found
}
const validRow = Schema.validateSync(RxivRow)

/** What each real fixture is, read off the files by hand (RXIV.md's table). */
const LAYOUTS: Readonly<Record<string, string | null>> = {
  "2024-09-21-medrxiv.md": "A",
  "2025-01-04-medrxiv.md": "A",
  "2025-01-16-medrxiv.md": "A",
  "2025-02-11-biorxiv.md": "A",
  "2025-02-13-biorxiv.md": "A",
  "2025-04-27-biorxiv.md": "B",
  "2025-05-16-biorxiv.md": "B",
  "2025-06-17-medrxiv.md": "B",
  "2025-09-16-biorxiv.md": "B",
  "2025-12-07-biorxiv.md": "B",
  "2025-12-25-medrxiv.md": "B",
  "2026-05-01-biorxiv.md": "C4",
  "2026-05-01-medrxiv.md": "C4",
  "2026-05-05-biorxiv.md": "C",
  "2026-06-16-medrxiv.md": "C",
  "2026-06-27-medrxiv.md": null,
  "2026-07-24-biorxiv.md": "C",
  "2026-07-25-medrxiv.md": "C",
  "2026-08-15-medrxiv.md": null,
  "2026-08-20-medrxiv.md": null,
  "2026-08-21-biorxiv.md": null
}

describe("parseRxivDigest on every real bioRxiv/medRxiv fixture", () => {
  it("covers every fixture file", () => {
    expect(rxivFixtures.map((f) => f.path)).toEqual(Object.keys(LAYOUTS))
  })

  for (const fixture of rxivFixtures) {
    it(`${fixture.path}: every row read, in order, with its DOI; layout from the header`, () => {
      const parsed = parseRxivDigest(fixture)
      expect(parsed.layout).toBe(LAYOUTS[fixture.path])
      expect(parsed.rows).toHaveLength(pdfLinks(fixture.content))
      expect(parsed.rows.map((r) => r.doi)).toEqual(linkedDois(fixture.content))
      const lines = fixture.content.split("\n")
      for (const r of parsed.rows) {
        expect(() => validRow(r)).not.toThrow()
        expect(r.server).toBe(fixture.server)
        expect(r.date).toBe(fixture.date)
        expect(lines[r.line - 1]).toMatch(/^\|/)
        for (const marker of RXIV_TITLE_NOTE_MARKERS) expect(r.title).not.toContain(marker)
        expect(r.title).not.toMatch(/<\/?(?:inf|sub|em)>|&[a-z]+;/)
        if (parsed.layout === "C") expect(r.postedDate).toBe(fixture.date)
        else expect(r.postedDate).toBeNull()
      }
      for (const problem of parsed.problems) {
        expect(problem.file).toBe(fixture.path)
        expect(problem.line).toBeGreaterThan(0)
        expect(problem.code in rxivSeverity).toBe(true)
        expect(problem.code).not.toBe("parser-defect")
      }
    })
  }
})

describe("layout A", () => {
  it("takes the title out of the older model's chatter: preamble, bold, 翻译说明 list and pleasantries to the note", () => {
    const r = row("2025-02-13-biorxiv.md", 101)
    expect(r.title).toBe("基于上下文的人脸层次分类：行为学和脑电图/脑磁图证据")
    expect(r.author).toBe("Wang, X.")
    expect(r.titleNote).toContain("以下是这段文字的中文翻译：")
    expect(r.titleNote).toContain("翻译说明")
    expect(r.titleNote).toContain("希望这段翻译对你有帮助")
    expect(r.titleEn).toMatch(/^Context-dependent hierarchical categori/)
    expect(r.translationFailed).toBe(false)
  })

  it("reads the 73-line invented paper as one row: its heading is the title, the rest is note", () => {
    const r = row("2025-02-13-biorxiv.md", 117)
    expect(r.title).toBe("血管网络的拓扑分析：脑血管造影中的概念验证研究")
    expect(r.titleNote).toContain("(此处省略参考文献列表)")
    expect(r.titleEn).toBe(
      "Topological Analysis of Vascular Networks: A Proof-of-Concept Study in Cerebral Angiography"
    )
    expect(r.doi).toBe("10.1101/2025.02.10.637397")
    const lines = parse("2025-02-13-biorxiv.md").rows.map((x) => x.line)
    expect(lines[lines.indexOf(117) + 1]).toBe(190)
  })

  it("prefers the intact English Title column when the Chinese cell holds prose, not a title", () => {
    const r = row("2025-02-11-biorxiv.md", 162)
    expect(r.title).toBe("A summary of intraspecific size variation for large mysticetes")
    expect(r.titleEn).toBe(r.title)
    expect(r.titleNote).toContain("大型须鲸")
    expect(r.translationFailed).toBe(true)
    const problems = parse("2025-02-11-biorxiv.md").problems.filter((p) => p.line === 162)
    expect(problems.map((p) => [p.code, p.severity])).toEqual([["translation-failed", "info"]])
  })

  it("folds tabs in the English title and keeps old numeric DOIs", () => {
    expect(row("2025-02-11-biorxiv.md", 266).titleEn).toBe(
      "Plat safeguards maternally aged oocytes against programmed cell death through activating the Erk1/2 pathway"
    )
    expect(row("2025-02-11-biorxiv.md", 5).doi).toBe("10.1101/294553")
  })

  it("a header-only day is zero rows and one info problem", () => {
    const parsed = parse("2024-09-21-medrxiv.md")
    expect(parsed.rows).toEqual([])
    expect(parsed.problems.map((p) => [p.code, p.severity, p.line])).toEqual([["empty-table", "info", 3]])
  })
})

describe("layout B", () => {
  it("puts translator notes after a blank line into the note (bioRxiv)", () => {
    const first = row("2025-05-16-biorxiv.md", 5)
    expect(first.title).toBe("在端粒酶缺失的情况下，小RNA介导的基因组沉默可促进端粒稳定性")
    expect(first.titleNote).toMatch(/^（翻译说明：/)
    expect(first.author).toBe("Longtine, C.")
    expect(first.abstract).toBe("")
    const noted = parse("2025-09-16-biorxiv.md").rows[0]!
    expect(noted.title).toBe("ribofootPrinter：一款用于核糖体图谱数据分析的精确Python工具包")
    expect(noted.titleNote).toMatch(/^（注：/)
  })

  it("keeps medRxiv rows that hold only a DOI as papers, with an info problem each", () => {
    const parsed = parse("2025-06-17-medrxiv.md")
    expect(parsed.rows).toHaveLength(10)
    for (const r of parsed.rows) {
      expect([r.title, r.author, r.abstract]).toEqual(["", "", ""])
      expect(r.doi).toMatch(/^10\.1101\//)
    }
    const codes = parsed.problems.map((p) => p.code)
    expect(codes.filter((c) => c === "doi-only")).toHaveLength(10)
    expect(codes).not.toContain("empty-title")
  })

  it("reads the new 10.64898 prefix and reports the same DOI twice in one file once", () => {
    expect(parse("2025-12-25-medrxiv.md").rows[0]!.doi).toBe("10.64898/2025.12.22.25342861")
    const duplicates = parse("2025-06-17-medrxiv.md").problems.filter((p) => p.code === "duplicate-doi")
    expect(duplicates).toHaveLength(1)
    expect(duplicates[0]!.severity).toBe("info")
  })
})

describe("layouts C4 and C", () => {
  it("C4 (2026-05-01): B's columns, server PDF links whose v1 is not a version", () => {
    const parsed = parse("2026-05-01-biorxiv.md")
    expect(parsed.rows[0]!.doi).toBe("10.64898/2026.04.29.721673")
    expect(parsed.rows[0]!.title).toBe("前额叶-下丘脑环路中的性别特异性组织与突触信号传导")
    expect(parsed.rows[0]!.abstract).toMatch(/^从皮层到下丘脑的向下信号传递/)
  })

  it("C: unescapes \\| in abstracts", () => {
    const r = row("2026-06-16-medrxiv.md", 6)
    expect(r.abstract).toContain("（||=0.02-0.53）")
    expect(r.abstract).not.toContain("\\|")
  })

  it("recognises untranslated rows without any marker (2026-07-24, 2026-07-25)", () => {
    for (const name of ["2026-07-24-biorxiv.md", "2026-07-25-medrxiv.md"]) {
      const parsed = parse(name)
      expect(parsed.rows.every((r) => r.translationFailed)).toBe(true)
      expect(parsed.problems.filter((p) => p.code === "translation-failed")).toHaveLength(10)
    }
    expect(row("2026-07-25-medrxiv.md", 5).title).toBe(
      "A Machine Learning Based Causal Interface for Time-Varying Environmental Predictors of Substance Use Initiation in the ABCD Study"
    )
    expect(parse("2026-05-05-biorxiv.md").rows.some((r) => r.translationFailed)).toBe(false)
  })

  it("reads blockquote days as zero rows with an info problem on the line of the notice", () => {
    const expected: ReadonlyArray<[string, string]> = [
      ["2026-06-27-medrxiv.md", "fetch-failed"],
      ["2026-08-15-medrxiv.md", "fetch-failed"],
      ["2026-08-20-medrxiv.md", "no-papers"],
      ["2026-08-21-biorxiv.md", "fetch-failed"]
    ]
    for (const [name, code] of expected) {
      const parsed = parse(name)
      expect(parsed.rows).toEqual([])
      expect(parsed.layout).toBeNull()
      expect(parsed.problems.map((p) => [p.code, p.severity, p.line])).toEqual([[code, "info", 3]])
    }
  })
})
