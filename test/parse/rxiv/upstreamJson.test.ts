import { describe, expect, it } from "vitest"
import { Problem } from "../../../src/domain/Problem.ts"
import { parseRxivDigest } from "../../../src/parse/rxiv/parseRxivDigest.ts"
import { reconcileRxivDay } from "../../../src/parse/rxiv/reconcileRxivJson.ts"
import {
  decodeUpstreamDaily,
  decodeUpstreamRaw,
  lineOfPaper,
  UpstreamPaper,
  upstreamJsonKind
} from "../../../src/parse/upstreamJson.ts"
import { loadRxiv, readApi } from "./rxivFixtures.ts"

const daily = (date: string) => {
  const path = `daily/${date}.json`
  const text = readApi(path)
  const decoded = decodeUpstreamDaily(path, text)
  if (decoded instanceof Problem) throw new Error(decoded.message)
  return { path, papers: decoded.papers, lineOf: (p: UpstreamPaper) => lineOfPaper(text, p.id), decoded }
}
const raw = (name: string) => {
  const path = `raw/${name}.json`
  const decoded = decodeUpstreamRaw(path, readApi(path))
  if (decoded instanceof Problem) throw new Error(decoded.message)
  return { path, papers: decoded.papers, decoded }
}
const rows = (name: string) => parseRxivDigest(loadRxiv(name)).rows

describe("upstream JSON decoding", () => {
  it("decodes every daily and raw fixture; counts agree with the papers listed", () => {
    for (const date of ["2025-01-16", "2025-05-16", "2025-12-07", "2026-05-01", "2026-08-21"]) {
      const { decoded } = daily(date)
      expect(decoded.date).toBe(date)
      expect(decoded.papers).toHaveLength(decoded.count)
      for (const [source, summary] of Object.entries(decoded.sources))
        expect(decoded.papers.filter((p) => p.source === source)).toHaveLength(summary.count)
    }
    for (const name of [
      "2026-05-01-biorxiv",
      "2026-06-16-medrxiv",
      "2026-07-25-medrxiv",
      "2026-08-21-biorxiv"
    ]) {
      const { decoded } = raw(name)
      expect(decoded.papers).toHaveLength(decoded.count)
      expect(decoded.papers.every((p) => p.source === decoded.source)).toBe(true)
      // The posting date exists on C days only: 2026-05-01 is C4.
      const dated = decoded.papers.filter((p) => p.published_date !== undefined).length
      expect(dated).toBe(name.startsWith("2026-05-01") ? 0 : decoded.papers.length)
    }
  })

  it("a file that is not JSON, or lacks a field, is one json-invalid problem naming the file", () => {
    const notJson = decodeUpstreamDaily("daily/x.json", "{")
    expect(notJson).toBeInstanceOf(Problem)
    expect((notJson as Problem).code).toBe("json-invalid")
    const text = readApi("raw/2026-06-16-medrxiv.json").replace('"rank": 1', '"rank": "first"')
    const bad = decodeUpstreamRaw("raw/2026-06-16-medrxiv.json", text)
    expect((bad as Problem).code).toBe("json-invalid")
    expect((bad as Problem).severity).toBe("error")
    expect((bad as Problem).message).toContain("rank")
  })

  it("knows the upstream's JSON paths and finds a paper's line", () => {
    expect(upstreamJsonKind("docs/api/daily/2026-05-01.json")).toBe("daily")
    expect(upstreamJsonKind("docs/api/raw/2026-05-01-medrxiv.json")).toBe("raw")
    expect(upstreamJsonKind("docs/api/latest.json")).toBeUndefined()
    expect(lineOfPaper(readApi("raw/2026-05-01-biorxiv.json"), "0754cc1463a1f2bc")).toBe(9)
  })
})

describe("reconcileRxivDay", () => {
  it("C4 and C days: every row matched, the English title and abstract attached", () => {
    for (const [md, json] of [
      ["2026-05-01-biorxiv.md", raw("2026-05-01-biorxiv")],
      ["2026-06-16-medrxiv.md", raw("2026-06-16-medrxiv")],
      ["2026-07-25-medrxiv.md", raw("2026-07-25-medrxiv")]
    ] as const) {
      const result = reconcileRxivDay(rows(md), json, md.includes("med") ? "medrxiv" : "biorxiv")
      expect(result.problems).toEqual([])
      expect(result.counts).toMatchObject({ json: 10, matched: 10, markdownOnly: 0, titlesAttached: 10 })
      for (const r of result.rows) {
        expect(r.titleEn).not.toBeNull()
        expect(r.titleEn).not.toMatch(/\p{Script=Han}/u)
        expect(r.abstractEn?.length).toBeGreaterThan(100)
      }
    }
    const first = reconcileRxivDay(rows("2026-05-01-biorxiv.md"), raw("2026-05-01-biorxiv"), "biorxiv")
      .rows[0]!
    expect(first.titleEn).toBe(
      "Sex-specific organization and synaptic signaling in prefrontal-hypothalamic circuitry"
    )
  })

  it("layout A: multi-line rows are missing from the JSON, which is expected and not a problem", () => {
    const md = rows("2025-01-16-medrxiv.md")
    const result = reconcileRxivDay(md, daily("2025-01-16"), "medrxiv")
    expect(result.problems).toEqual([])
    expect(result.counts.json).toBe(32)
    expect(result.counts.matched).toBe(32)
    expect(result.counts.markdownOnly).toBe(md.length - 32)
    expect(result.counts.titlesAttached).toBe(0)
  })

  it("layout B: the JSON's title is the Chinese one, so no English is attached", () => {
    const result = reconcileRxivDay(rows("2025-12-07-biorxiv.md"), daily("2025-12-07"), "biorxiv")
    expect(result.counts).toMatchObject({ json: 10, matched: 10, titlesAttached: 0, abstractsAttached: 0 })
    expect(result.rows.every((r) => r.titleEn === null)).toBe(true)
  })

  it("reports JSON papers missing from the markdown and those naming another DOI, with file and line", () => {
    const json = daily("2026-05-01")
    const md = rows("2026-05-01-medrxiv.md")
    // Synthetic edits of the real JSON (labelled): one DOI changed, one paper the markdown never listed.
    const moved = json.papers.map((p, i) =>
      p.source === "medrxiv" && i === json.papers.findIndex((q) => q.source === "medrxiv")
        ? UpstreamPaper.make({ ...p, pdf_url: "https://doi.org/10.1101/2099.01.01.99999999" })
        : p
    )
    const extra = UpstreamPaper.make({
      ...moved.find((p) => p.source === "medrxiv")!,
      id: "synthetic",
      title: "A paper the markdown never listed",
      translated_title: "",
      pdf_url: "https://www.medrxiv.org/content/10.1101/2099.02.02.88888888v1.full.pdf"
    })
    const result = reconcileRxivDay(md, { ...json, papers: [...moved, extra] }, "medrxiv")
    const byCode = (code: string) => result.problems.filter((p) => p.code === code)
    expect(byCode("json-doi-mismatch")).toHaveLength(1)
    expect(byCode("json-doi-mismatch")[0]!.file).toBe("2026-05-01-medrxiv.md")
    expect(byCode("json-doi-mismatch")[0]!.line).toBe(md[0]!.line)
    expect(byCode("json-doi-mismatch")[0]!.message).toContain("10.1101/2099.01.01.99999999")
    expect(byCode("json-missing-row")).toHaveLength(1)
    expect(byCode("json-missing-row")[0]!.file).toBe("daily/2026-05-01.json")
    expect(result.counts).toMatchObject({
      json: 11,
      matched: 9,
      doiMismatch: 1,
      jsonMissingRow: 1,
      markdownOnly: 1
    })
  })
})
