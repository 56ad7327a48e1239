import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { IDS_2025_10_06, NDJSON_PAPER_KEYS } from "../parse/fixtures.ts"
import { runCli, sharedFixtures } from "../support/cli.ts"

const digest = (name: string) => join(sharedFixtures, "digests", name)

describe("digest-feeds parse", () => {
  it("--json prints one NDJSON paper line per row, in DESIGN.md's shape", async () => {
    const result = await runCli(["parse", "--json", digest("2025-10-06-arxiv.md")])
    expect(result.code).toBe(0)
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
    const papers = lines.filter((line) => line.kind === "paper")
    expect(papers.map((paper) => paper.arxivId)).toEqual(IDS_2025_10_06)
    for (const paper of papers) {
      expect(Object.keys(paper)).toEqual(NDJSON_PAPER_KEYS)
      expect(paper.date).toBe("2025-10-06")
      expect(paper.layout).toBe("B")
      expect(paper.title).not.toMatch(/\n|（注：/)
    }
    expect(papers[0].line).toBe(5)
    expect(papers[0].author).toBe("Ci-Siang Lin")
  })

  it("--json prints problems with file, line, code, severity and message; several files in order", async () => {
    const result = await runCli([
      "parse",
      "--json",
      digest("2025-11-11-arxiv.md"),
      digest("2026-05-07-arxiv.md")
    ])
    expect(result.code).toBe(0)
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
    const problems = lines.filter((line) => line.kind === "problem")
    expect(problems.filter((p) => p.code === "pdf-missing")).toHaveLength(10)
    const failed = problems.find((p) => p.code === "fetch-failed")
    expect(Object.keys(failed)).toEqual(["kind", "file", "line", "code", "severity", "message"])
    expect(failed.file).toContain("2026-05-07-arxiv.md")
    expect(failed.line).toBeGreaterThan(0)
    expect(failed.message).toContain("429")
    const papers = lines.filter((line) => line.kind === "paper")
    expect(papers).toHaveLength(10)
    expect(papers.every((paper) => paper.arxivId === null)).toBe(true)
  })

  it("prints a readable summary per file without --json", async () => {
    const result = await runCli(["parse", digest("2024-09-04-arxiv.md"), digest("2026-06-19-arxiv.md")])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain("2024-09-04-arxiv.md: layout A, 179 rows, 179 with arXiv id")
    expect(result.stdout).toContain("2026-06-19-arxiv.md: layout C, 10 rows")
  })

  it("a missing file is a usage error (exit 2)", async () => {
    const result = await runCli(["parse", "/nonexistent/2025-10-06-arxiv.md"])
    expect(result.code).toBe(2)
  })
})
