/**
 * Deduplicates digest rows by arXiv id: one Paper per id, announced on its first date. Each text is taken from
 * the best row that has it: a failed translation never replaces a good one (DIGESTS-NOTES.md, "Deduplication").
 */

import type { ArxivId } from "../domain/ArxivId.ts"
import type { DigestRow } from "../domain/DigestRow.ts"
import { detach } from "../domain/detach.ts"
import type { IsoDate } from "../domain/IsoDate.ts"
import { comparePapers, Paper } from "../domain/Paper.ts"

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Recency of a row: highest version, then latest date, then the later file and line. A same-day rerun or a
 * rewritten file arrives as the one current file for its path, so a later date wins.
 */
const newer = (a: Kept, b: Kept): number =>
  (a.version ?? 0) - (b.version ?? 0) ||
  compareStrings(a.date, b.date) ||
  compareStrings(a.file, b.file) ||
  a.line - b.line

export { detach }

/** What a Paper can be made of from one row, detached from the file text. */
type Kept = Omit<DigestRow, "arxivId" | "pdfUrl">

const keep = (row: DigestRow): Kept => ({
  file: row.file,
  line: row.line,
  date: row.date,
  layout: row.layout,
  version: row.version,
  author: detach(row.author),
  title: detach(row.title),
  titleNote: detach(row.titleNote),
  abstract: detach(row.abstract),
  abstractNote: detach(row.abstractNote),
  translationFailed: row.translationFailed,
  titleEn: detach(row.titleEn),
  codeCell: detach(row.codeCell),
  published: row.published
})

const HAN = /\p{Script=Han}/u

/**
 * A row flags `[翻译失败]` once for the row; the field that failed is the one left without Chinese (in the real
 * archive, all 564 failed rows kept a Chinese title and an English abstract cut at about 100 characters).
 */
const failed = (row: Kept, text: string): boolean => row.translationFailed && text !== "" && !HAN.test(text)

/**
 * The row a field is taken from: a row where that field is a translation, preferring a row with no failure at
 * all (the title and abstract then come from one answer), then the newest. When every row's field failed, the
 * longest text (the complete one rather than one cut short), then the newest.
 */
const bestFor = (rows: ReadonlyArray<Kept>, field: (row: Kept) => string): Kept => {
  const rank = (row: Kept): number => (failed(row, field(row)) ? 2 : row.translationFailed ? 1 : 0)
  let best = rows[0]!
  for (const row of rows.slice(1)) {
    const order =
      rank(best) - rank(row) ||
      (rank(row) === 2 ? field(row).length - field(best).length : 0) ||
      newer(row, best)
    if (order > 0) best = row
  }
  return best
}

/** Text that may hold a URL: the abstracts of other appearances worth handing to code-link extraction. */
const MAY_HOLD_LINK = /https?:\/\/|www\.|github\.com\/|gitlab\.com\/|huggingface\.co\//i

/** The newest row's value among the rows that have one (layout A's columns), else null. */
const newestWith = (rows: ReadonlyArray<Kept>, field: (row: Kept) => string | null): string | null => {
  let best: Kept | undefined
  for (const row of rows) if (field(row) !== null && (best === undefined || newer(row, best) > 0)) best = row
  return best === undefined ? null : field(best)
}

interface Group {
  id: ArxivId
  rows: Array<Kept>
  dates: Set<IsoDate>
  version: number | null
}

const toPaper = ({ id, rows, dates, version }: Group): Paper => {
  const sorted = [...dates].sort(compareStrings)
  const titled = bestFor(rows, (row) => row.title)
  const abstracted = bestFor(rows, (row) => row.abstract)
  const linkTexts = [...new Set(rows.map((row) => row.abstract))]
    .filter((text) => text !== abstracted.abstract && MAY_HOLD_LINK.test(text))
    .sort(compareStrings)
  return new Paper({
    id,
    server: "arxiv",
    version,
    firstSeen: sorted[0]!,
    dates: sorted,
    author: titled.author,
    title: titled.title,
    titleNote: titled.titleNote,
    abstract: abstracted.abstract,
    abstractNote: abstracted.abstractNote,
    translationFailed: failed(titled, titled.title) || failed(abstracted, abstracted.abstract),
    titleEn: titled.titleEn ?? newestWith(rows, (row) => row.titleEn),
    abstractEn: null,
    codeCell: titled.codeCell ?? newestWith(rows, (row) => row.codeCell),
    published: titled.published,
    layout: titled.layout,
    file: titled.file,
    line: titled.line,
    linkTexts
  })
}

/**
 * Folds rows in digest by digest, so a run can let each digest's text go as soon as it is parsed: what it keeps
 * of a row is detached from the text. Every row of a paper is kept until `papers()`, since any field may come
 * from any of them.
 */
export class PaperAccumulator {
  readonly #groups = new Map<string, Group>()

  add(rows: ReadonlyArray<DigestRow>): void {
    for (const row of rows) {
      // Rows without an id were reported by the parser (pdf-missing, not-arxiv) as skipped: they are no paper.
      if (row.arxivId === null) continue
      const group = this.#groups.get(row.arxivId)
      if (group === undefined) {
        const id = detach(row.arxivId)
        this.#groups.set(id, { id, rows: [keep(row)], dates: new Set([row.date]), version: row.version })
        continue
      }
      group.dates.add(row.date)
      if (row.version !== null && (group.version === null || row.version > group.version))
        group.version = row.version
      group.rows.push(keep(row))
    }
  }

  papers(): ReadonlyArray<Paper> {
    return [...this.#groups.values()].map(toPaper).sort(comparePapers)
  }
}

export const dedupePapers = (rows: ReadonlyArray<DigestRow>): ReadonlyArray<Paper> => {
  const accumulator = new PaperAccumulator()
  accumulator.add(rows)
  return accumulator.papers()
}
