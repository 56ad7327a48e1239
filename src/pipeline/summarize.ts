/** Pure bookkeeping for the run report: range filtering, freshness, counts, new papers. */
import type { ArxivId } from "../domain/ArxivId.ts"
import type { DigestFile } from "../domain/DigestFile.ts"
import type { EnrichedPaper } from "../domain/EnrichedPaper.ts"
import type { IsoDate } from "../domain/IsoDate.ts"
import type { Problem } from "../domain/Problem.ts"
import type { ParsedDigest } from "../parse/ParsedDigest.ts"
import { RunCounts, Upstream } from "./RunReport.ts"

export interface DateRange {
  readonly since: IsoDate | null
  readonly until: IsoDate | null
}

export const inRange = (range: DateRange, date: IsoDate): boolean =>
  (range.since === null || date >= range.since) && (range.until === null || date <= range.until)

const DAY_MS = 86_400_000
export const daysBetween = (from: IsoDate, to: IsoDate): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)

/** The newest arXiv digest that has rows: an empty or failed day does not count as fresh. */
export const upstreamFreshness = (
  parsed: ReadonlyArray<ParsedDigest>,
  runDate: IsoDate,
  staleAfterDays: number
): Upstream => {
  const dates = parsed.filter((digest) => digest.rows.length > 0).map((digest) => digest.date)
  const newestDigest = [...dates].sort().at(-1) ?? null
  const ageDays = newestDigest === null ? null : daysBetween(newestDigest, runDate)
  return Upstream.make({
    newestDigest,
    ageDays,
    staleAfterDays,
    stale: ageDays === null || ageDays > staleAfterDays
  })
}

/** Papers first announced on a date whose digest this run found new or changed. */
export const newPaperIds = (
  papers: ReadonlyArray<EnrichedPaper>,
  files: ReadonlyArray<DigestFile>,
  changed: ReadonlyArray<string>
): ReadonlyArray<ArxivId> => {
  const changedPaths = new Set(changed)
  const dates = new Set(files.filter((file) => changedPaths.has(file.path)).map((file) => file.date))
  return papers
    .filter((entry) => dates.has(entry.paper.firstSeen))
    .map((entry) => entry.paper.id)
    .sort()
}

export const countRun = (input: {
  readonly files: ReadonlyArray<DigestFile>
  readonly changed: number
  readonly parsed: ReadonlyArray<ParsedDigest>
  readonly papers: ReadonlyArray<EnrichedPaper>
  readonly newPapers: number
  readonly pending: number
  readonly problems: ReadonlyArray<Problem>
}): RunCounts => {
  const rows = input.parsed.flatMap((digest) => digest.rows)
  const bySeverity = (severity: Problem["severity"]) =>
    input.problems.filter((problem) => problem.severity === severity).length
  return RunCounts.make({
    files: input.files.length,
    filesChanged: input.changed,
    arxivDigests: input.parsed.filter((digest) => digest.kind === "arxiv").length,
    rows: rows.length,
    rowsWithoutId: rows.filter((row) => row.arxivId === null).length,
    papers: input.papers.length,
    newPapers: input.newPapers,
    withMetadata: input.papers.filter((entry) => entry.metadata !== null).length,
    pending: input.pending,
    withCode: input.papers.filter((entry) => entry.codeLinks.length > 0).length,
    errors: bySeverity("error"),
    warnings: bySeverity("warning"),
    infos: bySeverity("info")
  })
}
