import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { NDJSON_PAPER_KEYS } from "../parse/fixtures.ts"
import { runCli, sharedFixtures } from "../support/cli.ts"

const rxiv = (name: string) => join(sharedFixtures, "rxiv", name)
const RXIV_KEYS = [
  "kind",
  "file",
  "line",
  "date",
  "server",
  "doi",
  "author",
  "title",
  "titleEn",
  "abstract",
  "titleNote",
  "abstractNote",
  "translationFailed",
  "postedDate",
  "layout"
]

describe("digest-feeds parse on bioRxiv and medRxiv digests", () => {
  it("prints a line per file and a total per server", async () => {
    const result = await runCli([
      "parse",
      rxiv("2025-02-13-biorxiv.md"),
      rxiv("2026-05-05-biorxiv.md"),
      rxiv("2025-06-17-medrxiv.md"),
      rxiv("2026-08-20-medrxiv.md"),
      join(sharedFixtures, "digests", "2025-10-06-arxiv.md")
    ])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain("2025-02-13-biorxiv.md: bioRxiv layout A, 180 rows, 180 with DOI")
    expect(result.stdout).toContain(
      "2026-08-20-medrxiv.md: medRxiv no table, 0 rows, 0 with DOI; problems: no-papers 1"
    )
    expect(result.stdout).toContain(
      "2025-10-06-arxiv.md: layout B, 10 rows, 10 with arXiv id; problems: none"
    )
    expect(result.stdout).toContain(
      "bioRxiv total: 2 files, 190 rows (by layout: A 180, C 10), 189 distinct DOIs; problems: duplicate-doi 1"
    )
    expect(result.stdout).toContain(
      "medRxiv total: 2 files, 10 rows (by layout: B 10), 9 distinct DOIs; problems: doi-only 10, duplicate-doi 1, no-papers 1"
    )
  })

  it("--json prints rows with server and doi, and arXiv's rows exactly as before", async () => {
    const result = await runCli([
      "parse",
      "--json",
      rxiv("2025-12-25-medrxiv.md"),
      rxiv("2026-05-05-biorxiv.md"),
      join(sharedFixtures, "digests", "2025-10-06-arxiv.md")
    ])
    expect(result.code).toBe(0)
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
    const papers = lines.filter((line) => line.kind === "paper")
    expect(papers).toHaveLength(26)
    for (const paper of papers.slice(0, 16)) expect(Object.keys(paper)).toEqual(RXIV_KEYS)
    for (const paper of papers.slice(16)) expect(Object.keys(paper)).toEqual(NDJSON_PAPER_KEYS)
    expect(papers[0]).toMatchObject({
      server: "medrxiv",
      doi: "10.64898/2025.12.22.25342861",
      title: "",
      layout: "B"
    })
    expect(papers[6]).toMatchObject({ server: "biorxiv", layout: "C", postedDate: "2026-05-05", line: 5 })
    expect(papers[6].doi).toBe("10.64898/2026.05.01.722240")
    const problems = lines.filter((line) => line.kind === "problem")
    expect(problems.filter((p) => p.code === "doi-only")).toHaveLength(6)
    expect(result.stdout).not.toContain("total:")
  })
})
