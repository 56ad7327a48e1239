/** Deduplicates digest rows by arXiv id: one Paper per id, announced on its first date, newest text wins. */
import type { ArxivId } from "../domain/ArxivId.ts"
import type { DigestRow } from "../domain/DigestRow.ts"
import type { IsoDate } from "../domain/IsoDate.ts"
import { comparePapers, Paper } from "../domain/Paper.ts"

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Which row's text a paper takes: highest version, then latest date, then the later file and line. A
 * same-day rerun or a rewritten file arrives as the one current file for its path, so a later date wins.
 */
const better = (a: DigestRow, b: Best): boolean =>
  ((a.version ?? 0) - (b.version ?? 0) ||
    compareStrings(a.date, b.date) ||
    compareStrings(a.file, b.file) ||
    a.line - b.line) > 0

/**
 * A copy of `text` that does not point into the digest it was cut from. The parser's strings are slices of
 * the file texts, and V8 keeps a whole text alive for any slice of it: without this, every digest ever read
 * (about 200 MB for 1,000 days) stays in memory for the rest of the run. A round trip through a Buffer copies;
 * strings under 13 characters are never slices.
 */
export const detach = <S extends string | null>(text: S): S =>
  (text === null || text.length < 13 ? text : Buffer.from(text, "utf16le").toString("utf16le")) as S

/** The fields of the winning row a Paper is made of, detached from the file text. */
type Best = Omit<DigestRow, "arxivId" | "pdfUrl">

const detachRow = (row: DigestRow): Best => ({
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

interface Group {
  id: ArxivId
  best: Best
  dates: Set<IsoDate>
  version: number | null
}

/**
 * Folds rows in digest by digest, so a run can let each digest's text go as soon as it is parsed: what it keeps
 * of a row is detached from the text.
 */
export class PaperAccumulator {
  readonly #groups = new Map<string, Group>()

  add(rows: ReadonlyArray<DigestRow>): void {
    for (const row of rows) {
      // Rows without an id were reported by the parser (pdf-missing, not-arxiv); they cannot be a paper.
      if (row.arxivId === null) continue
      const group = this.#groups.get(row.arxivId)
      if (group === undefined) {
        const id = detach(row.arxivId)
        this.#groups.set(id, { id, best: detachRow(row), dates: new Set([row.date]), version: row.version })
        continue
      }
      group.dates.add(row.date)
      if (row.version !== null && (group.version === null || row.version > group.version))
        group.version = row.version
      if (better(row, group.best)) group.best = detachRow(row)
    }
  }

  papers(): ReadonlyArray<Paper> {
    const papers = [...this.#groups.values()].map(({ id, best, dates, version }) => {
      const sorted = [...dates].sort(compareStrings)
      const { date: _latest, ...text } = best
      return new Paper({
        ...text,
        id,
        version,
        firstSeen: sorted[0]!,
        dates: sorted
      })
    })
    return papers.sort(comparePapers)
  }
}

export const dedupePapers = (rows: ReadonlyArray<DigestRow>): ReadonlyArray<Paper> => {
  const accumulator = new PaperAccumulator()
  accumulator.add(rows)
  return accumulator.papers()
}
