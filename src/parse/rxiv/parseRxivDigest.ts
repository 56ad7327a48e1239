/** Parses one bioRxiv or medRxiv digest into cleaned rows and problems. Pure, and never throws. */
import type { RxivServer } from "../../domain/Doi.ts"
import type { IsoDate } from "../../domain/IsoDate.ts"
import { compareProblems, Problem } from "../../domain/Problem.ts"
import type { RxivLayout, RxivRow } from "../../domain/RxivRow.ts"
import { findHeaders } from "../detectLayout.ts"
import { excerpt } from "../problemCodes.ts"
import { readNoTableDay } from "../readNoTableDay.ts"
import { splitRows } from "../splitRows.ts"
import { normalizeText, TextLines } from "../TextLines.ts"
import { buildRxivRow } from "./buildRxivRow.ts"
import { rxivLayoutOf, splitLayout } from "./detectRxivLayout.ts"
import { rxivProblem, rxivSeverity } from "./rxivProblems.ts"

export interface RxivDigestInput {
  readonly path: string
  readonly date: IsoDate
  readonly server: RxivServer
  readonly content: string
}

export interface ParsedRxivDigest {
  readonly file: string
  readonly date: IsoDate
  readonly server: RxivServer
  /** Layout of the first table; null when the file has none (a blockquote day). */
  readonly layout: RxivLayout | null
  readonly rows: ReadonlyArray<RxivRow>
  readonly problems: ReadonlyArray<Problem>
}

const HEADING_DATE = /^#\s.*?(\d{4}-\d{2}-\d{2})/

const headingProblems = (lines: TextLines, file: RxivDigestInput): Array<Problem> => {
  for (let index = 0; index < Math.min(lines.count, 5); index++) {
    const date = lines.line(index).match(HEADING_DATE)?.[1]
    if (date === undefined) continue
    if (date === file.date) return []
    const message = `heading says ${date}, file name says ${file.date}`
    return [rxivProblem(file.path, index + 1, "date-mismatch", message)]
  }
  return []
}

/** Consecutive stray lines make one problem. */
const strayProblems = (stray: ReadonlyArray<{ line: number; text: string }>, file: string) => {
  const problems: Array<Problem> = []
  let i = 0
  while (i < stray.length) {
    let j = i
    while (j + 1 < stray.length && stray[j + 1]!.line <= stray[j]!.line + 2) j++
    const count = stray[j]!.line - stray[i]!.line + 1
    const message = `${count} line${count === 1 ? "" : "s"} belonging to no row: "${excerpt(stray[i]!.text)}"`
    problems.push(rxivProblem(file, stray[i]!.line + 1, "stray-text", message))
    i = j + 1
  }
  return problems
}

const readTables = (lines: TextLines, file: RxivDigestInput) => {
  const rows: Array<RxivRow> = []
  const problems: Array<Problem> = []
  const headers = findHeaders(lines).map((header) => ({
    header,
    layout: rxivLayoutOf(header, lines.line(header.line))
  }))
  const known = headers.filter((found) => found.layout !== null)
  for (const { header, layout } of headers) {
    if (layout !== null) continue
    const message = `unknown table header: | ${header.cells.join(" | ")} |`
    problems.push(rxivProblem(file.path, header.line + 1, "unknown-layout", message))
  }
  if (known.length > 1) {
    const message = `${known.length} tables: each is read on its own`
    problems.push(rxivProblem(file.path, known[1]!.header.line + 1, "multiple-tables", message))
  }
  const seen = new Map<string, number>()
  known.forEach(({ header, layout }, i) => {
    const end = known[i + 1]?.header.line ?? lines.count
    const split = splitRows(lines, header.line + 2, end, splitLayout(layout!))
    if (split.rows.length === 0 && split.stray.length === 0 && split.orphans.length === 0)
      problems.push(rxivProblem(file.path, header.line + 1, "empty-table", "a table header with no rows"))
    problems.push(...strayProblems(split.stray, file.path))
    for (const orphan of split.orphans) {
      const message = `PDF cell "${excerpt(orphan.text)}" anchors no row (no author cell before it, or a second row on one line)`
      problems.push(rxivProblem(file.path, orphan.line + 1, "bad-row", message))
    }
    for (const raw of split.rows) {
      const built = buildRxivRow(raw, file, layout!)
      rows.push(built.row)
      problems.push(...built.problems)
      const doi = built.row.doi
      if (doi === null) continue
      const first = seen.get(doi)
      if (first === undefined) seen.set(doi, built.row.line)
      else {
        const message = `${doi} is already on line ${first} of this file (another version or listing)`
        problems.push(rxivProblem(file.path, built.row.line, "duplicate-doi", message))
      }
    }
  })
  return { layout: known[0]?.layout ?? null, headers: headers.length, rows, problems }
}

/** arXiv's reading of a day without a table, with this reader's severities: for these servers it is news, not trouble. */
const noTableProblems = (lines: TextLines, file: string): Array<Problem> =>
  readNoTableDay(lines, file).map((problem) =>
    problem.code in rxivSeverity
      ? new Problem({ ...problem, severity: rxivSeverity[problem.code as keyof typeof rxivSeverity] }, true)
      : problem
  )

const readDigest = (file: RxivDigestInput): ParsedRxivDigest => {
  const lines = new TextLines(normalizeText(file.content))
  const tables = readTables(lines, file)
  const dayProblems = tables.headers === 0 ? noTableProblems(lines, file.path) : []
  const problems = [...headingProblems(lines, file), ...dayProblems, ...tables.problems].sort(compareProblems)
  return {
    file: file.path,
    date: file.date,
    server: file.server,
    layout: tables.layout,
    rows: tables.rows,
    problems
  }
}

export const parseRxivDigest = (file: RxivDigestInput): ParsedRxivDigest => {
  try {
    return readDigest(file)
  } catch (cause) {
    // A defect in the reader must cost one file, not the run; tests assert this code never appears.
    const message = `parser defect: ${cause instanceof Error ? cause.message : String(cause)}`
    return {
      file: file.path,
      date: file.date,
      server: file.server,
      layout: null,
      rows: [],
      problems: [rxivProblem(file.path, 1, "parser-defect", message)]
    }
  }
}
