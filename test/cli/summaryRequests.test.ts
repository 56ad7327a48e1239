/** The summary's requests line: the bioRxiv/medRxiv API's requests beside the lower bound, when it was asked. */
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { formatJobSummary, formatSummary } from "../../src/cli/summary.ts"
import { RunReport } from "../../src/pipeline/RunReport.ts"

/** A report as a run writes it; `requests` without the bioRxiv/medRxiv fields reads as an earlier version's. */
const report = (requests: Record<string, number>) =>
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
    newPapers: [],
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
})
