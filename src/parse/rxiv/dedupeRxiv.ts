/**
 * One paper per DOI: every bioRxiv/medRxiv row of a DOI (the same file twice, or many days up to 699 apart)
 * folds into one RxivPaper with all its digest dates. Each field comes from the row that has it best: a
 * translated text beats an untranslated one, a non-empty one an empty one, and among equals the latest row.
 */
import type { IsoDate } from "../../domain/IsoDate.ts"
import { RxivPaper, type RxivRow } from "../../domain/RxivRow.ts"
import { isUntranslated } from "./cleanRxivTitle.ts"

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Later digest, then later file and line: a rewritten or rerun day speaks last. */
const compareRows = (a: RxivRow, b: RxivRow): number =>
  compareStrings(a.date, b.date) || compareStrings(a.file, b.file) || a.line - b.line

/** 2: translated text, 1: English left in place, 0: empty. */
const textScore = (text: string): number => (text === "" ? 0 : isUntranslated(text) ? 1 : 2)

/** The row whose `score` is highest, the latest among equals. */
const bestBy = (rows: ReadonlyArray<RxivRow>, score: (row: RxivRow) => number): RxivRow => {
  let best = rows[0]!
  for (const row of rows.slice(1)) {
    const delta = score(row) - score(best)
    if (delta > 0 || (delta === 0 && compareRows(row, best) > 0)) best = row
  }
  return best
}

const present = (text: string | null): number => (text === null || text === "" ? 0 : 1)

const toPaper = (rows: ReadonlyArray<RxivRow>): RxivPaper => {
  const first = rows.reduce((a, b) => (compareRows(b, a) < 0 ? b : a))
  const titled = bestBy(rows, (row) => textScore(row.title))
  const abstracted = bestBy(rows, (row) => textScore(row.abstract))
  const posted = rows.map((row) => row.postedDate).filter((date): date is IsoDate => date !== null)
  const dates = [...new Set(rows.map((row) => row.date))].sort(compareStrings)
  return RxivPaper.make({
    doi: first.doi!,
    server: first.server,
    firstSeen: dates[0]!,
    dates,
    author: bestBy(rows, (row) => present(row.author)).author,
    title: titled.title,
    titleNote: titled.titleNote,
    titleEn: bestBy(rows, (row) => present(row.titleEn)).titleEn,
    abstract: abstracted.abstract,
    abstractNote: abstracted.abstractNote,
    abstractEn: bestBy(rows, (row) => present(row.abstractEn)).abstractEn,
    translationFailed: textScore(titled.title) === 1 || textScore(abstracted.abstract) === 1,
    postedDate: posted.length === 0 ? null : posted.sort(compareStrings).at(-1)!,
    file: titled.file,
    line: titled.line,
    layout: titled.layout
  })
}

/** Newest announcement first, then DOI, as arXiv papers are ordered. */
export const compareRxivPapers = (a: RxivPaper, b: RxivPaper): number =>
  compareStrings(b.firstSeen, a.firstSeen) || compareStrings(b.doi, a.doi)

/** Rows without a DOI (no link) were reported by the parser and make no paper. */
export const dedupeRxiv = (rows: ReadonlyArray<RxivRow>): ReadonlyArray<RxivPaper> => {
  const groups = new Map<string, Array<RxivRow>>()
  for (const row of rows) {
    if (row.doi === null) continue
    const group = groups.get(row.doi)
    if (group === undefined) groups.set(row.doi, [row])
    else group.push(row)
  }
  return [...groups.values()].map(toPaper).sort(compareRxivPapers)
}
