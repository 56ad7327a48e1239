/** Deduplicates digest rows by arXiv id: one Paper per id, announced on its first date, newest text wins. */
import type { DigestRow } from "../domain/DigestRow.ts"
import type { IsoDate } from "../domain/IsoDate.ts"
import { comparePapers, Paper } from "../domain/Paper.ts"

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Which row's text a paper takes: highest version, then latest date, then the later file and line. A
 * same-day rerun or a rewritten file arrives as the one current file for its path, so a later date wins.
 */
const better = (a: DigestRow, b: DigestRow): boolean =>
  ((a.version ?? 0) - (b.version ?? 0) ||
    compareStrings(a.date, b.date) ||
    compareStrings(a.file, b.file) ||
    a.line - b.line) > 0

interface Group {
  best: DigestRow
  dates: Set<IsoDate>
  version: number | null
}

export const dedupePapers = (rows: ReadonlyArray<DigestRow>): ReadonlyArray<Paper> => {
  const groups = new Map<string, Group>()
  for (const row of rows) {
    // Rows without an id were reported by the parser (pdf-missing, not-arxiv); they cannot be a paper.
    if (row.arxivId === null) continue
    const group = groups.get(row.arxivId)
    if (group === undefined) {
      groups.set(row.arxivId, { best: row, dates: new Set([row.date]), version: row.version })
      continue
    }
    group.dates.add(row.date)
    if (row.version !== null && (group.version === null || row.version > group.version))
      group.version = row.version
    if (better(row, group.best)) group.best = row
  }
  const papers = [...groups.values()].map(({ best, dates, version }) => {
    const sorted = [...dates].sort(compareStrings)
    return new Paper({
      id: best.arxivId!,
      version,
      firstSeen: sorted[0]!,
      dates: sorted,
      author: best.author,
      title: best.title,
      titleNote: best.titleNote,
      abstract: best.abstract,
      abstractNote: best.abstractNote,
      translationFailed: best.translationFailed,
      titleEn: best.titleEn,
      codeCell: best.codeCell,
      published: best.published,
      layout: best.layout,
      file: best.file,
      line: best.line
    })
  })
  return papers.sort(comparePapers)
}
