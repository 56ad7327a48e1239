/** Turns a raw bioRxiv/medRxiv table row into a cleaned RxivRow and the problems it carries. */

import { Schema } from "effect"
import { parseRxivUrl, type RxivServer } from "../../domain/Doi.ts"
import { IsoDate } from "../../domain/IsoDate.ts"
import type { Problem } from "../../domain/Problem.ts"
import { type RxivLayout, RxivRow } from "../../domain/RxivRow.ts"
import { cleanAbstract } from "../cleanAbstract.ts"
import { excerpt } from "../problemCodes.ts"
import type { RawRow } from "../splitRows.ts"
import { isCellPipe, unescapePipes } from "../TextLines.ts"
import { cleanRxivTitle, isUntranslated, oneLine } from "./cleanRxivTitle.ts"
import { inlineHtmlToText } from "./inlineHtml.ts"
import { type RxivProblemCode, rxivProblem } from "./rxivProblems.ts"

export interface RxivFileInfo {
  readonly path: string
  readonly date: IsoDate
  readonly server: RxivServer
}

const isIsoDate = Schema.is(IsoDate)

const orNull = (text: string): string | null => (text === "" ? null : text)

/** Layout A after the PDF cell: `code | English title`; the English title is intact in every real row. */
const splitCodeAndTitle = (tail: string): { readonly titleEn: string; readonly extraLines: number } => {
  let pipe = tail.indexOf("|")
  while (pipe >= 0 && !isCellPipe(tail, pipe)) pipe = tail.indexOf("|", pipe + 1)
  const english = pipe < 0 ? "" : oneLine(unescapePipes(tail.slice(pipe + 1)))
  return { titleEn: english, extraLines: tail.split("\n").length - 1 }
}

const PDF_LINK = /^\[PDF\]\(([^)]*)\)$/

export interface BuiltRxivRow {
  readonly row: RxivRow
  readonly problems: ReadonlyArray<Problem>
}

export const buildRxivRow = (raw: RawRow, file: RxivFileInfo, layout: RxivLayout): BuiltRxivRow => {
  const line = raw.line + 1
  const problems: Array<Problem> = []
  const add = (code: RxivProblemCode, message: string) =>
    problems.push(rxivProblem(file.path, line, code, message))

  const url = raw.pdfCell.trim().match(PDF_LINK)?.[1]?.trim() ?? ""
  const link = url === "" || url === "None" ? undefined : parseRxivUrl(url)
  if (url === "" || url === "None")
    add("pdf-missing", `no PDF link (${excerpt(raw.pdfCell)}): row kept without a DOI`)
  else if (link === undefined) add("not-doi", `PDF link holds no DOI: ${excerpt(url, 120)}`)
  else if (link.server !== null && link.server !== file.server)
    add("server-mismatch", `a ${link.server} link in a ${file.server} digest: ${excerpt(url, 120)}`)

  const author = oneLine(unescapePipes(raw.author))
  const english = layout === "A" ? splitCodeAndTitle(raw.tail) : { titleEn: "", extraLines: 0 }
  const cleaned = cleanRxivTitle(raw.title, layout === "A" ? english.titleEn : null)
  const title = cleaned.title
  const cleanedAbstract =
    layout === "A" ? { abstract: "", note: null } : cleanAbstract(inlineHtmlToText(raw.tail))
  const abstract = cleanedAbstract.abstract.replace(/[ \t]+/g, " ").trim()
  const abstractFailed = isUntranslated(abstract)
  if (cleaned.proseReplaced)
    add(
      "translation-failed",
      "the title cell holds prose, not a title: the English Title column is the title"
    )
  else if (cleaned.translationFailed || abstractFailed) {
    const where = cleaned.translationFailed ? (abstractFailed ? "title and abstract" : "title") : "abstract"
    add("translation-failed", `the ${where} is English only: kept as it is`)
  }

  const rawTitleEmpty = raw.title.trim() === ""
  if (rawTitleEmpty && author === "" && abstract === "" && english.titleEn === "")
    add("doi-only", "title, author and abstract cells are empty: the row is its DOI alone")
  else {
    if (title === "")
      add("empty-title", `nothing left of the title cell "${excerpt(raw.title)}" after cleaning`)
    if (author === "") add("empty-author", "the author cell is empty")
  }

  const dateCell = raw.dateCell?.trim() ?? ""
  const postedDate = layout === "C" && isIsoDate(dateCell) ? dateCell : null
  if (layout === "C" && postedDate === null)
    add("bad-date", `posting-date cell "${excerpt(dateCell)}" is not a date`)

  if (!raw.closed) add("bad-row", "the row is not closed by `|`: its last cell may be cut")
  if (raw.guessedStart) add("bad-row", "where the row starts had to be guessed")
  if (layout === "A" && english.titleEn === "") add("bad-row", "no English title cell after the code cell")
  if (english.extraLines > 0)
    add("bad-row", `the row runs on for ${english.extraLines} lines after its PDF cell`)

  const row = RxivRow.make({
    server: file.server,
    doi: link?.doi ?? null,
    pdfUrl: orNull(url === "None" ? "" : url),
    file: file.path,
    line,
    date: file.date,
    layout,
    author,
    title,
    titleNote: cleaned.note,
    titleEn: orNull(english.titleEn),
    abstract,
    abstractNote: cleanedAbstract.note,
    abstractEn: null,
    translationFailed: cleaned.translationFailed || abstractFailed,
    postedDate
  })
  return { row, problems }
}
