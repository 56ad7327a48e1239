/**
 * Splits a digest table into raw rows, anchored on `| <author> | [PDF](…) |` (with the date cell between in
 * layout C). Cells may span many lines and hold raw `|`, so rows are never split on pipes or newlines alone.
 */
import type { Layout } from "../domain/DigestRow.ts"
import { isCellPipe, type TextLines } from "./TextLines.ts"

/** A row as found, cells still raw (escaped pipes, notes, markup). Lines are 0-based. */
export interface RawRow {
  readonly line: number
  /** Line of the PDF cell: where the anchor was found. */
  readonly anchorLine: number
  readonly title: string
  readonly author: string
  /** Layout C only: the published-date cell. */
  readonly dateCell: string | null
  readonly pdfCell: string
  /** Everything after the PDF cell up to the row's closing `|`: the abstract, or `code | English title`. */
  readonly tail: string
  /** false when no closing `|` was found (truncated file, malformed row). */
  readonly closed: boolean
  /** true when the row's first line had to be guessed. */
  readonly guessedStart: boolean
}

export interface Stray {
  readonly line: number
  readonly text: string
}

export interface SplitRows {
  readonly rows: ReadonlyArray<RawRow>
  /** Non-blank text inside the table that belongs to no row. */
  readonly stray: ReadonlyArray<Stray>
  /** PDF cells that could not anchor a row (no author cell before them, or a second row on one line). */
  readonly orphans: ReadonlyArray<Stray>
}

/**
 * The link cell, whatever its link says: `[PDF](…)` in any case, up to the first `)` that closes the cell (a
 * `javascript:f(1)`, a `<…>` destination and `N/A` hold the row boundary as a good link does), or `PDF缺失`.
 */
const PDF_CELL = /\|[ \t]*(\[pdf\]\([^\n]*?\)|PDF缺失)[ \t]*(?=\|)/gi

interface Anchor {
  readonly line: number
  /** Offset of the pipe opening the author cell: the title ends here. */
  readonly authorPipe: number
  /** Offset just after the pipe closing the PDF cell: the tail starts here. */
  readonly tailStart: number
  readonly author: string
  readonly dateCell: string | null
  readonly pdfCell: string
}

const previousCellPipe = (text: string, from: number, lineStart: number): number => {
  for (let at = from; at >= lineStart; at--) if (isCellPipe(text, at)) return at
  return -1
}

const isBlank = (code: number): boolean => code === 32 || code === 9

// Char-code scans instead of trim(): these run on every line of every table, and allocate nothing.
const startsWithPipe = (line: string): boolean => {
  let i = 0
  while (i < line.length && isBlank(line.charCodeAt(i))) i++
  return line.charCodeAt(i) === 124
}

const endsWithPipe = (line: string): boolean => {
  let i = line.length - 1
  while (i >= 0 && isBlank(line.charCodeAt(i))) i--
  return line.charCodeAt(i) === 124 && line.charCodeAt(i - 1) !== 92
}

const findAnchors = (
  lines: TextLines,
  { from, to }: { readonly from: number; readonly to: number },
  layout: Layout,
  orphans: Array<Stray>
) => {
  const text = lines.text
  const anchors: Array<Anchor> = []
  const pattern = new RegExp(PDF_CELL.source, PDF_CELL.flags)
  pattern.lastIndex = lines.start(from)
  const end = lines.start(to)
  let line = from
  for (let match = pattern.exec(text); match !== null && match.index < end; match = pattern.exec(text)) {
    const pdfPipe = match.index
    if (!isCellPipe(text, pdfPipe)) continue
    while (line + 1 < lines.count && lines.start(line + 1) <= pdfPipe) line++
    const lineStart = lines.start(line)
    const datePipe = layout === "C" ? previousCellPipe(text, pdfPipe - 1, lineStart) : pdfPipe
    const authorPipe = datePipe < 0 ? -1 : previousCellPipe(text, datePipe - 1, lineStart)
    const previous = anchors.at(-1)
    if (authorPipe < 0 || previous?.line === line) {
      orphans.push({ line, text: match[0] })
      continue
    }
    anchors.push({
      line,
      authorPipe,
      tailStart: pdfPipe + match[0].length + 1,
      author: text.slice(authorPipe + 1, datePipe),
      dateCell: layout === "C" ? text.slice(datePipe + 1, pdfPipe) : null,
      pdfCell: match[1] ?? ""
    })
  }
  return anchors
}

/** First line of the row whose anchor is on `anchorLine`, searching after line `after`. */
const rowStart = (lines: TextLines, after: number, anchorLine: number, first: boolean) => {
  for (let k = after + 1; k <= anchorLine; k++) {
    const line = lines.line(k)
    if (!startsWithPipe(line)) continue
    // A line that starts and ends with a pipe but holds no anchor is a nested table row inside a cell.
    if (k !== anchorLine && endsWithPipe(line)) continue
    if (first || endsWithPipe(lines.line(k - 1))) return { line: k, guessed: false }
  }
  // The previous row was not closed: take the first plausible row start, and say it was guessed.
  for (let k = after + 1; k <= anchorLine; k++) {
    const line = lines.line(k)
    if (startsWithPipe(line) && (k === anchorLine || !endsWithPipe(line))) return { line: k, guessed: true }
  }
  return { line: anchorLine, guessed: true }
}

const cellStart = (lines: TextLines, line: number): number => {
  const start = lines.start(line)
  return startsWithPipe(lines.line(line)) ? lines.text.indexOf("|", start) + 1 : start
}

const strayLines = (lines: TextLines, from: number, to: number, into: Array<Stray>): void => {
  for (let k = from; k < to; k++) {
    const line = lines.line(k)
    if (line.trim() !== "") into.push({ line: k, text: line })
  }
}

/** Rows of the table whose data lines are [from, to) (0-based, `from` is the line after the delimiter). */
export const splitRows = (lines: TextLines, from: number, to: number, layout: Layout): SplitRows => {
  const text = lines.text
  const stray: Array<Stray> = []
  const orphans: Array<Stray> = []
  const anchors = findAnchors(lines, { from, to }, layout, orphans)
  if (anchors.length === 0) {
    strayLines(lines, from, to, stray)
    return { rows: [], stray, orphans }
  }
  const starts = anchors.map((anchor, i) => {
    const previous = anchors[i - 1]
    return rowStart(
      lines,
      previous === undefined ? from - 1 : previous.line,
      anchor.line,
      previous === undefined
    )
  })
  const firstStart = starts[0]?.line ?? from
  strayLines(lines, from, firstStart, stray)
  // The last row ends at the last line closed by a pipe; what follows belongs to no row.
  const lastAnchor = anchors[anchors.length - 1]!
  let lastEnd = to - 1
  while (lastEnd > lastAnchor.line && !endsWithPipe(lines.line(lastEnd))) lastEnd--
  if (!endsWithPipe(lines.line(lastEnd))) lastEnd = Math.max(lastAnchor.line, to - 1)
  strayLines(lines, lastEnd + 1, to, stray)

  const rows = anchors.map((anchor, i): RawRow => {
    const start = starts[i]!
    const endLine = i + 1 < anchors.length ? starts[i + 1]!.line - 1 : lastEnd
    const raw = text.slice(anchor.tailStart, lines.end(endLine)).trimEnd()
    const closed = raw.endsWith("|") && !raw.endsWith("\\|")
    return {
      line: start.line,
      anchorLine: anchor.line,
      title: text.slice(cellStart(lines, start.line), anchor.authorPipe),
      author: anchor.author,
      dateCell: anchor.dateCell,
      pdfCell: anchor.pdfCell,
      tail: closed ? raw.slice(0, -1) : raw,
      closed,
      guessedStart: start.guessed
    }
  })
  return { rows, stray, orphans }
}
