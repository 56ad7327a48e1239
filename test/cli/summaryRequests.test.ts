/**
 * The summary's requests line (the bioRxiv/medRxiv API's requests beside the lower bound, when it was asked), and
 * the job summary's links to new papers.
 */
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { formatJobSummary, formatSummary } from "../../src/cli/summary.ts"
import type { Paper } from "../../src/domain/Paper.ts"
import { paperLinks } from "../../src/domain/paperLinks.ts"
import { RunReport } from "../../src/pipeline/RunReport.ts"

/** A report as a run writes it; `requests` without the bioRxiv/medRxiv fields reads as an earlier version's. */
const report = (requests: Record<string, number>, newPapers: ReadonlyArray<string> = []) =>
  Schema.decodeUnknownSync(RunReport)({
    pipeline: "sample",
    status: "published",
    runDate: "2026-08-21",
    range: { since: null, until: null },
    offline: false,
    upstream: { newestDigest: "2026-08-20", ageDays: 1, staleAfterDays: 3, stale: false },
    counts: {
      files: 1,
      filesChanged: 1,
      arxivDigests: 0,
      rows: 1,
      rowsWithoutId: 0,
      papers: 1,
      newPapers: 1,
      withMetadata: 0,
      pending: 1,
      withCode: 0,
      errors: 0,
      warnings: 0,
      infos: 0
    },
    newPapers,
    pending: ["10.1101/2026.08.20.000001"],
    problems: [],
    requests,
    durationsMs: { sync: 0, parse: 0, enrich: 0, emit: 0, total: 0 },
    outputs: { written: [], unchanged: 0, removed: [] }
  })

describe("summary requests", () => {
  it("prints bioRxiv and medRxiv requests next to the lower bound", () => {
    const run = report({ github: 1, arxiv: 2, biorxiv: 7, medrxiv: 2, rxivLowerBound: 2 })
    const line = "GitHub 1, arXiv 2, bioRxiv 7 + medRxiv 2 = 9 (lower bound 2)"
    assert.include(formatSummary(run, "outputs"), `requests: ${line}`)
    assert.include(formatJobSummary(run, undefined), line)
  })

  it("keeps the arXiv-only line, and reads reports written before the bioRxiv/medRxiv fields", () => {
    const run = report({ github: 1, arxiv: 2 })
    assert.deepStrictEqual(run.requests, { github: 1, arxiv: 2, biorxiv: 0, medrxiv: 0, rxivLowerBound: 0 })
    assert.include(formatSummary(run, "outputs"), "requests: GitHub 1, arXiv 2\n")
  })

  it("counts papers with metadata out of every server's papers, not arXiv's alone", () => {
    // The real archive's first run printed `arXiv metadata 54760/17603`: every server's count over arXiv's papers.
    const base = report({ github: 0, arxiv: 1, biorxiv: 1, medrxiv: 0, rxivLowerBound: 1 })
    const server = { digests: 1, rows: 1, rowsWithoutId: 0, errors: 0, warnings: 0, infos: 0 }
    const run = Schema.decodeUnknownSync(RunReport)({
      ...Schema.encodeSync(RunReport)(base),
      counts: {
        ...Schema.encodeSync(RunReport)(base).counts,
        papers: 3,
        withMetadata: 3,
        pending: 0,
        servers: { arxiv: { ...server, papers: 1 }, biorxiv: { ...server, papers: 2 } }
      }
    })
    assert.include(formatSummary(run, "outputs"), "  metadata 3/3, pending 0")
    assert.include(formatJobSummary(run, undefined), "| papers with metadata | 3 of 3 (0 pending) |")
  })

  it("links each new paper at the identity URL its outputs use", () => {
    const papers = [
      { id: "2508.01234", server: "arxiv" },
      { id: "hep-th/9901001", server: "arxiv" },
      { id: "10.1101/029900", server: "biorxiv" },
      { id: "10.64898/2026.01.06.26343442", server: "medrxiv" }
    ] as const
    const summary = formatJobSummary(
      report(
        { github: 1, arxiv: 0 },
        papers.map((paper) => paper.id)
      ),
      undefined
    )
    const links = papers.map(
      (paper) => `[${paper.id}](${paperLinks(paper as Pick<Paper, "id" | "server">, null).idUrl})`
    )
    assert.include(summary, `**New papers:** ${links.join(", ")}`)
    assert.deepStrictEqual(
      links.map((link) => link.slice(link.indexOf("(") + 1, link.indexOf("/", link.indexOf("(") + 9))),
      ["https://arxiv.org", "https://arxiv.org", "https://doi.org", "https://doi.org"]
    )
  })
})
