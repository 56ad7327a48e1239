/**
 * bioRxiv/medRxiv rows folded digest by digest into Papers, one per DOI: what is kept of a row is detached from
 * its file's text, so each text can go once read. A DOI listed by both servers' digests is a problem: the
 * first row's server is kept (by date, file, line) and the other server's rows are dropped.
 */
import { detach } from "../../domain/detach.ts"
import { Paper } from "../../domain/Paper.ts"
import type { Problem } from "../../domain/Problem.ts"
import { type RxivPaper, RxivRow } from "../../domain/RxivRow.ts"
import { dedupeRxiv } from "./dedupeRxiv.ts"
import { rxivProblem } from "./rxivProblems.ts"

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const earlier = (a: RxivRow, b: RxivRow): number =>
  compareStrings(a.date, b.date) || compareStrings(a.file, b.file) || a.line - b.line

const keep = (row: RxivRow): RxivRow =>
  new RxivRow(
    {
      ...row,
      pdfUrl: null,
      author: detach(row.author),
      title: detach(row.title),
      titleNote: detach(row.titleNote),
      titleEn: detach(row.titleEn),
      abstract: detach(row.abstract),
      abstractNote: detach(row.abstractNote),
      abstractEn: detach(row.abstractEn)
    },
    { disableValidation: true }
  )

/** Text that may hold a URL: the abstracts of other appearances worth handing to code-link extraction. */
const MAY_HOLD_LINK = /https?:\/\/|www\.|github\.com\/|gitlab\.com\/|zenodo\.org\//i

/** The Paper the run carries for a bioRxiv/medRxiv DOI: its id is the DOI, its date the posting date. */
export const rxivPaperToPaper = (paper: RxivPaper, linkTexts: ReadonlyArray<string> = []): Paper =>
  new Paper({
    id: paper.doi,
    server: paper.server,
    version: null,
    firstSeen: paper.firstSeen,
    dates: paper.dates,
    author: paper.author,
    title: paper.title,
    titleNote: paper.titleNote,
    abstract: paper.abstract,
    abstractNote: paper.abstractNote,
    translationFailed: paper.translationFailed,
    titleEn: paper.titleEn,
    abstractEn: paper.abstractEn,
    codeCell: null,
    published: paper.postedDate,
    layout: paper.layout,
    file: paper.file,
    line: paper.line,
    linkTexts: linkTexts.filter((text) => text !== paper.abstract && text !== paper.abstractEn)
  })

export class RxivAccumulator {
  readonly #rows = new Map<string, Array<RxivRow>>()

  /** Rows without a DOI were reported by the parser and make no paper. */
  add(rows: ReadonlyArray<RxivRow>): void {
    for (const row of rows) {
      if (row.doi === null) continue
      const group = this.#rows.get(row.doi)
      if (group === undefined) this.#rows.set(detach(row.doi), [keep(row)])
      else group.push(keep(row))
    }
  }

  /** One Paper per DOI (unordered), and a `server-conflict` problem per row of a DOI's other server. */
  papers(): { readonly papers: ReadonlyArray<Paper>; readonly problems: ReadonlyArray<Problem> } {
    const papers: Array<Paper> = []
    const problems: Array<Problem> = []
    for (const [doi, rows] of this.#rows) {
      const first = rows.reduce((a, b) => (earlier(b, a) < 0 ? b : a))
      const kept = rows.filter((row) => row.server === first.server)
      for (const row of rows)
        if (row.server !== first.server)
          problems.push(
            rxivProblem(
              row.file,
              row.line,
              "server-conflict",
              `${doi} is a ${first.server} DOI here (${first.file}:${first.line}); this ${row.server} row is dropped`
            )
          )
      const linkTexts = new Set<string>()
      for (const row of kept)
        for (const text of [row.abstract, row.abstractEn])
          if (text !== null && MAY_HOLD_LINK.test(text)) linkTexts.add(text)
      for (const paper of dedupeRxiv(kept)) papers.push(rxivPaperToPaper(paper, [...linkTexts].sort()))
    }
    return { papers, problems }
  }
}
