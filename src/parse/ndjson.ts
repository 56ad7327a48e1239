/** The `parse --json` NDJSON lines (DESIGN.md, exact key order) and the readable per-file summary. */
import type { DigestRow } from "../domain/DigestRow.ts"
import type { Problem } from "../domain/Problem.ts"
import type { ParsedDigest } from "./ParsedDigest.ts"

/** `{"kind":"paper",…}`: key order is part of the contract, so the object is built field by field. */
export const paperLine = (row: DigestRow): string =>
  JSON.stringify({
    kind: "paper",
    file: row.file,
    line: row.line,
    date: row.date,
    arxivId: row.arxivId,
    version: row.version,
    author: row.author,
    title: row.title,
    abstract: row.abstract,
    titleNote: row.titleNote,
    abstractNote: row.abstractNote,
    translationFailed: row.translationFailed,
    layout: row.layout
  })

export const problemLine = (problem: Problem): string =>
  JSON.stringify({
    kind: "problem",
    file: problem.file,
    line: problem.line,
    code: problem.code,
    severity: problem.severity,
    message: problem.message
  })

/** Every line of one parsed file: its papers in file order, then its problems. */
export const parsedLines = (parsed: ParsedDigest): ReadonlyArray<string> => [
  ...parsed.rows.map(paperLine),
  ...parsed.problems.map(problemLine)
]

const countBy = (problems: ReadonlyArray<Problem>): string => {
  const counts = new Map<string, number>()
  for (const problem of problems) counts.set(problem.code, (counts.get(problem.code) ?? 0) + 1)
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, count]) => `${code} ${count}`)
    .join(", ")
}

/** One readable line per file: `FILE: layout B, 10 rows, 8 with arXiv id; problems: pdf-missing 2`. */
export const summarizeParsed = (parsed: ParsedDigest): string => {
  const withId = parsed.rows.filter((row) => row.arxivId !== null).length
  const layout = parsed.layout === null ? "no table" : `layout ${parsed.layout}`
  const rows = `${parsed.rows.length} row${parsed.rows.length === 1 ? "" : "s"}`
  const problems = parsed.problems.length === 0 ? "none" : countBy(parsed.problems)
  return `${parsed.file}: ${layout}, ${rows}, ${withId} with arXiv id; problems: ${problems}`
}
