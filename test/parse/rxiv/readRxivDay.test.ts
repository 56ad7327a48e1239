/** A bioRxiv/medRxiv digest read with its day's JSON, and rows folded into Papers: what the run's parse stage uses. */
import { describe, expect, it } from "vitest"
import { Doi } from "../../../src/domain/Doi.ts"
import { Problem } from "../../../src/domain/Problem.ts"
import { RxivAccumulator } from "../../../src/parse/rxiv/RxivAccumulator.ts"
import { readJsonDay, readRxivDay } from "../../../src/parse/rxiv/readRxivDay.ts"
import type { JsonDay } from "../../../src/parse/rxiv/reconcileRxivJson.ts"
import { linkedDois, loadRxiv, pdfLinks, readApi } from "./rxivFixtures.ts"

const jsonDay = (date: string, text = readApi(`daily/${date}.json`)): JsonDay => {
  const day = readJsonDay(`api/daily/${date}.json`, text)
  if (day instanceof Problem) throw new Error(day.message)
  return day
}

describe("readJsonDay", () => {
  it("keeps the bioRxiv and medRxiv papers of the day, each with the line it starts on", () => {
    const text = readApi("daily/2026-05-01.json")
    const all = JSON.parse(text) as { papers: Array<{ source: string; id: string }> }
    const day = jsonDay("2026-05-01", text)
    const rxiv = all.papers.filter((paper) => paper.source !== "arxiv")
    expect(day.papers.map((paper) => paper.id)).toEqual(rxiv.map((paper) => paper.id))
    expect(rxiv.length).toBeGreaterThan(0)
    const lines = text.split("\n")
    for (const paper of day.papers) {
      const line = day.lineOf!(paper)
      expect(lines[line - 1]).toContain(`"id": "${paper.id}"`)
    }
  })

  it("a file that is not JSON, or not the daily shape, is one json-invalid error naming the file", () => {
    for (const text of ["{ not json", JSON.stringify({ version: 1, papers: "none" })]) {
      const problem = readJsonDay("api/daily/2026-05-01.json", text)
      expect(problem).toBeInstanceOf(Problem)
      expect(problem).toMatchObject({
        file: "api/daily/2026-05-01.json",
        code: "json-invalid",
        severity: "error"
      })
    }
  })
})

describe("readRxivDay", () => {
  it("layout C4 with its JSON: every row kept, English title and abstract from the JSON on each", () => {
    for (const name of ["2026-05-01-biorxiv.md", "2026-05-01-medrxiv.md"]) {
      const input = loadRxiv(name)
      const read = readRxivDay(input, jsonDay("2026-05-01"))
      expect(read.rows).toHaveLength(pdfLinks(input.content))
      expect(read.rows.map((row) => row.doi)).toEqual(linkedDois(input.content))
      expect(read.rows.every((row) => row.titleEn !== null && row.abstractEn !== null)).toBe(true)
      expect(read.problems.filter((problem) => problem.code.startsWith("json-"))).toEqual([])
    }
  })

  it("without the JSON the same rows carry no English", () => {
    const read = readRxivDay(loadRxiv("2026-05-01-biorxiv.md"), undefined)
    expect(read.rows.every((row) => row.titleEn === null && row.abstractEn === null)).toBe(true)
  })

  it("a JSON paper the markdown lacks is a warning at its line in the JSON file", () => {
    const input = loadRxiv("2026-05-01-biorxiv.md")
    const day = jsonDay("2026-05-01")
    const first = readRxivDay(input, day).rows[0]!
    // The markdown without its first row: the JSON still lists it.
    const lines = input.content.split("\n")
    const without = lines.filter((_, i) => i !== first.line - 1).join("\n")
    const read = readRxivDay({ ...input, content: without }, day)
    const missing = read.problems.filter((problem) => problem.code === "json-missing-row")
    expect(missing).toHaveLength(1)
    expect(missing[0]!.file).toBe("api/daily/2026-05-01.json")
    expect(missing[0]!.line).toBeGreaterThan(0)
    expect(missing[0]!.message).toContain(first.doi!)
  })
})

describe("RxivAccumulator", () => {
  const rowsOf = (name: string) => readRxivDay(loadRxiv(name), undefined).rows

  it("one Paper per DOI with the DOI as id, the digest's server and layout, no version", () => {
    const accumulator = new RxivAccumulator()
    const rows = rowsOf("2026-05-05-biorxiv.md")
    accumulator.add(rows)
    const { papers, problems } = accumulator.papers()
    expect(problems).toEqual([])
    expect(papers.map((paper) => paper.id).sort()).toEqual([...new Set(rows.map((row) => row.doi))].sort())
    for (const paper of papers) {
      expect(paper.server).toBe("biorxiv")
      expect(paper.version).toBeNull()
      expect(paper.layout).toBe("C")
      expect(paper.published).not.toBeNull()
      expect(paper.dates).toEqual(["2026-05-05"])
    }
  })

  it("the same DOI on two days is one paper with both dates; listed by the other server too, a server-conflict", () => {
    const accumulator = new RxivAccumulator()
    const rows = rowsOf("2026-05-05-biorxiv.md")
    const row = rows[0]!
    accumulator.add(rows)
    accumulator.add([{ ...row, date: "2026-05-09", file: "2026-05-09-biorxiv.md" } as typeof row])
    accumulator.add([
      { ...row, server: "medrxiv", date: "2026-05-07", file: "2026-05-07-medrxiv.md", line: 9 } as typeof row
    ])
    const { papers, problems } = accumulator.papers()
    const paper = papers.find((candidate) => candidate.id === row.doi)!
    expect(paper.dates).toEqual(["2026-05-05", "2026-05-09"])
    expect(paper.server).toBe("biorxiv")
    expect(papers).toHaveLength(new Set(rows.map((r) => r.doi)).size)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ file: "2026-05-07-medrxiv.md", line: 9, code: "server-conflict" })
  })

  it("rows without a DOI make no paper", () => {
    const accumulator = new RxivAccumulator()
    const row = rowsOf("2026-05-05-biorxiv.md")[0]!
    accumulator.add([
      { ...row, doi: null } as typeof row,
      { ...row, doi: Doi.make("10.1101/2026.01.01.000001") } as typeof row
    ])
    expect(accumulator.papers().papers.map((paper) => paper.id)).toEqual(["10.1101/2026.01.01.000001"])
  })
})
