/** Turns a raw table row into a cleaned DigestRow and the problems it carries. */
import { DigestRow, type Layout } from "../domain/DigestRow.ts"
import { IsoDate } from "../domain/IsoDate.ts"
import type { Problem } from "../domain/Problem.ts"
import { cleanAbstract } from "./cleanAbstract.ts"
import { cleanTitle } from "./cleanTitle.ts"
import { excerpt, parseProblem } from "./problemCodes.ts"
import { readPdfCell } from "./readPdfCell.ts"
import type { RawRow } from "./splitRows.ts"
import { isCellPipe, unescapePipes } from "./TextLines.ts"

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** A calendar date (IsoDate's rule), checked without a schema pass per row. */
const asIsoDate = (text: string): IsoDate | null => {
  const m = text.match(DATE)
  if (m === null) return null
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const probe = new Date(Date.UTC(year, month - 1, day))
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day ? IsoDate.make(text, true) : null
}

/** Layout A after the PDF cell: `code | English title`; the English title may hold raw pipes. */
const splitCodeAndTitle = (tail: string): { codeCell: string | null; titleEn: string | null } => {
  let pipe = tail.indexOf("|")
  while (pipe >= 0 && !isCellPipe(tail, pipe)) pipe = tail.indexOf("|", pipe + 1)
  const code = unescapePipes(pipe < 0 ? tail : tail.slice(0, pipe)).trim()
  const english =
    pipe < 0
      ? ""
      : unescapePipes(tail.slice(pipe + 1))
          .replace(/\s+/g, " ")
          .trim()
  return { codeCell: code === "" || code === "N/A" ? null : code, titleEn: english === "" ? null : english }
}

/** A line inside a cell that looks like a whole row: a row we could not anchor may be hiding there. */
const rowLike = (text: string, columns: number): boolean =>
  text.includes("PDF") &&
  text.split("\n").some((line) => {
    const t = line.trim()
    return t.startsWith("| ") && t.endsWith(" |") && t.split(" | ").length >= columns && t.includes("PDF")
  })

export interface BuiltRow {
  readonly row: DigestRow
  readonly problems: ReadonlyArray<Problem>
}

export const buildRow = (raw: RawRow, file: { path: string; date: IsoDate }, layout: Layout): BuiltRow => {
  const line = raw.line + 1
  const problems: Array<Problem> = []

  const pdf = readPdfCell(raw.pdfCell.trim())
  if (pdf.problem !== null)
    problems.push(parseProblem(file.path, line, pdf.problem.code, pdf.problem.message))
  const author = unescapePipes(raw.author).trim()
  if (author === "") problems.push(parseProblem(file.path, line, "empty-author", "the author cell is empty"))
  const title = cleanTitle(raw.title)
  if (title.title === "")
    problems.push(
      parseProblem(
        file.path,
        line,
        "empty-title",
        title.chatter === null
          ? `nothing left of the title cell "${excerpt(raw.title)}"`
          : `the title cell is the translator's answer, not a title (${title.chatter}): "${excerpt(raw.title)}"; no Chinese title`
      )
    )

  const a = layout === "A" ? splitCodeAndTitle(raw.tail) : { codeCell: null, titleEn: null }
  const abstract =
    layout === "A" ? { abstract: "", note: null, translationFailed: false } : cleanAbstract(raw.tail)
  const dateCell = raw.dateCell?.trim() ?? ""
  const published = layout === "C" ? asIsoDate(dateCell) : null
  if (layout === "C" && published === null)
    problems.push(
      parseProblem(file.path, line, "bad-date", `published cell "${excerpt(dateCell)}" is not a date`)
    )

  const translationFailed = title.translationFailed || abstract.translationFailed
  if (translationFailed) {
    const where = title.translationFailed
      ? abstract.translationFailed
        ? "title and abstract"
        : "title"
      : "abstract"
    problems.push(
      parseProblem(file.path, line, "translation-failed", `[翻译失败] in the ${where}: English text kept`)
    )
  }
  if (!raw.closed)
    problems.push(
      parseProblem(file.path, line, "bad-row", "the row is not closed by `|`: its last cell may be cut")
    )
  if (raw.guessedStart)
    problems.push(parseProblem(file.path, line, "bad-row", "where the row starts had to be guessed"))
  if (layout === "A" && a.titleEn === null) {
    problems.push(parseProblem(file.path, line, "bad-row", "no English title cell after the code cell"))
  }
  if (layout === "A" && raw.tail.includes("\n")) {
    problems.push(
      parseProblem(
        file.path,
        line,
        "bad-row",
        `the row runs on for ${raw.tail.split("\n").length - 1} lines after its PDF cell`
      )
    )
  }
  const columns = layout === "B" ? 4 : 5
  if (rowLike(raw.tail, columns) || rowLike(raw.title, columns)) {
    problems.push(
      parseProblem(
        file.path,
        line,
        "bad-row",
        "a cell holds a line that looks like a table row with a PDF cell: a row may be merged"
      )
    )
  }

  // Every field already matches its schema (ids and dates by the schemas' own patterns, above and in
  // readPdfCell), so the constructor's validation pass, a large share of the parse time, is skipped.
  const row = new DigestRow(
    {
      file: file.path,
      line,
      date: file.date,
      layout,
      arxivId: pdf.arxivId,
      version: pdf.version,
      pdfUrl: pdf.pdfUrl,
      author,
      title: title.title,
      titleNote: title.note,
      abstract: abstract.abstract,
      abstractNote: abstract.note,
      translationFailed,
      titleEn: a.titleEn,
      codeCell: a.codeCell,
      published
    },
    true
  )
  return { row, problems }
}
