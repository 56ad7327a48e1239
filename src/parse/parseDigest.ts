/** Parses one digest file into cleaned rows and problems. Pure, and never throws: bad input is a Problem. */
import type { DigestKind } from "../domain/DigestFile.ts"
import type { DigestRow, Layout } from "../domain/DigestRow.ts"
import type { IsoDate } from "../domain/IsoDate.ts"
import { compareProblems, type Problem } from "../domain/Problem.ts"
import { buildRow } from "./buildRow.ts"
import { type ControlLine, stripControlCharacters } from "./controlCharacters.ts"
import { findHeaders } from "./detectLayout.ts"
import type { ParsedDigest } from "./ParsedDigest.ts"
import { excerpt, parseProblem } from "./problemCodes.ts"
import { readNoTableDay } from "./readNoTableDay.ts"
import { splitRows } from "./splitRows.ts"
import { normalizeText, TextLines } from "./TextLines.ts"

export interface DigestInput {
  readonly path: string
  readonly date: IsoDate
  readonly kind: DigestKind
  readonly content: string
}

const HEADING_DATE = /^#\s.*?(\d{4}-\d{2}-\d{2})/

/** The heading (`# arxiv 2025-10-06`) should name the file's date; a mismatch hints at a misplaced file. */
const headingMismatch = (lines: TextLines, file: DigestInput): Problem | undefined => {
  for (let index = 0; index < Math.min(lines.count, 5); index++) {
    const date = lines.line(index).match(HEADING_DATE)?.[1]
    if (date === undefined) continue
    return date === file.date
      ? undefined
      : parseProblem(
          file.path,
          index + 1,
          "date-mismatch",
          `heading says ${date}, file name says ${file.date}`
        )
  }
  return undefined
}

const readTables = (lines: TextLines, file: DigestInput) => {
  const rows: Array<DigestRow> = []
  const problems: Array<Problem> = []
  const headers = findHeaders(lines)
  const known = headers.filter((header) => header.layout !== null)
  for (const header of headers) {
    if (header.layout !== null) continue
    const cells = header.cells.join(" | ")
    problems.push(
      parseProblem(file.path, header.line + 1, "unknown-layout", `unknown table header: | ${cells} |`)
    )
  }
  if (known.length > 1) {
    const second = known[1]!
    problems.push(
      parseProblem(
        file.path,
        second.line + 1,
        "multiple-tables",
        `${known.length} tables: each is read on its own`
      )
    )
  }
  const seen = new Map<string, number>()
  const spans: Array<RowSpan> = []
  known.forEach((header, i) => {
    const layout = header.layout!
    const end = known[i + 1]?.line ?? lines.count
    const split = splitRows(lines, header.line + 2, end, layout)
    if (split.rows.length === 0 && split.stray.length === 0 && split.orphans.length === 0) {
      problems.push(parseProblem(file.path, header.line + 1, "empty-table", "a table header with no rows"))
    }
    reportStray(split.stray, file.path, problems)
    for (const orphan of split.orphans) {
      const message = `PDF cell "${excerpt(orphan.text)}" anchors no row (no author cell before it, or a second row on one line)`
      problems.push(parseProblem(file.path, orphan.line + 1, "bad-row", message))
    }
    for (const raw of split.rows) {
      spans.push({ first: raw.line, last: raw.anchorLine + countNewlines(raw.tail) })
      const built = buildRow(raw, file, layout)
      rows.push(built.row)
      problems.push(...built.problems)
      const id = built.row.arxivId
      if (id === null) continue
      const first = seen.get(id)
      if (first === undefined) seen.set(id, built.row.line)
      else
        problems.push(
          parseProblem(
            file.path,
            built.row.line,
            "duplicate-id",
            `${id} is already on line ${first} of this file`
          )
        )
    }
  })
  return { layout: known[0]?.layout ?? null, headers: headers.length, rows, problems, spans }
}

/** A row's first and last line (0-based). */
interface RowSpan {
  readonly first: number
  readonly last: number
}

const countNewlines = (text: string): number => {
  let count = 0
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) count++
  return count
}

/** One problem per row holding control characters (on the row's first line), or per line outside any row. */
const controlProblems = (found: ReadonlyArray<ControlLine>, spans: ReadonlyArray<RowSpan>, file: string) => {
  const byLine = new Map<number, { codes: Set<string>; lines: Array<number> }>()
  for (const { line, codes } of found) {
    const at = spans.find((span) => span.first <= line && line <= span.last)?.first ?? line
    const entry = byLine.get(at) ?? { codes: new Set<string>(), lines: [] }
    for (const code of codes) entry.codes.add(code)
    entry.lines.push(line + 1)
    byLine.set(at, entry)
  }
  return [...byLine].map(([at, { codes, lines }]) => {
    const where =
      lines.length === 1 && lines[0] === at + 1
        ? ""
        : ` (line${lines.length > 1 ? "s" : ""} ${lines.join(", ")})`
    const message = `control characters ${[...codes].join(", ")} removed${where}`
    return parseProblem(file, at + 1, "control-character", message)
  })
}

/** Consecutive stray lines make one problem. */
const reportStray = (
  stray: ReadonlyArray<{ line: number; text: string }>,
  file: string,
  problems: Array<Problem>
): void => {
  let i = 0
  while (i < stray.length) {
    let j = i
    while (j + 1 < stray.length && stray[j + 1]!.line <= stray[j]!.line + 2) j++
    const first = stray[i]!
    const count = stray[j]!.line - first.line + 1
    const message = `${count} line${count === 1 ? "" : "s"} belonging to no row: "${excerpt(first.text)}"`
    problems.push(parseProblem(file, first.line + 1, "stray-text", message))
    i = j + 1
  }
}

const parseArxivDigest = (file: DigestInput): ParsedDigest => {
  const stripped = stripControlCharacters(normalizeText(file.content))
  const lines = new TextLines(stripped.text)
  const mismatch = headingMismatch(lines, file)
  const tables = readTables(lines, file)
  const dayProblems = tables.headers === 0 ? readNoTableDay(lines, file.path) : []
  const controls = controlProblems(stripped.lines, tables.spans, file.path)
  const problems = [
    ...(mismatch === undefined ? [] : [mismatch]),
    ...dayProblems,
    ...tables.problems,
    ...controls
  ]
  problems.sort(compareProblems)
  return { ...base(file, tables.layout), rows: tables.rows, problems }
}

const base = (file: DigestInput, layout: Layout | null) => ({
  file: file.path,
  date: file.date,
  kind: file.kind,
  layout
})

export const parseDigest = (file: DigestInput): ParsedDigest => {
  if (file.kind !== "arxiv") {
    const message = `${file.kind} file: not an arXiv digest, skipped`
    return { ...base(file, null), rows: [], problems: [parseProblem(file.path, 1, "skipped-kind", message)] }
  }
  try {
    return parseArxivDigest(file)
  } catch (cause) {
    // A defect in the parser must cost one file, not the run; tests assert this code never appears.
    const message = `parser defect: ${cause instanceof Error ? cause.message : String(cause)}`
    return { ...base(file, null), rows: [], problems: [parseProblem(file.path, 1, "parser-defect", message)] }
  }
}
