/**
 * `parse --json` lines and readable summaries for bioRxiv/medRxiv digests. arXiv's paper line (DESIGN.md) is
 * left as it is; these rows carry `server` and `doi` in place of `arxivId` and `version`.
 */
import type { RxivRow } from "../../domain/RxivRow.ts"
import type { ParsedRxivDigest } from "./parseRxivDigest.ts"

/** `{"kind":"paper",…}` for a bioRxiv/medRxiv row: key order is fixed, so the object is built field by field. */
export const rxivPaperLine = (row: RxivRow): string =>
  JSON.stringify({
    kind: "paper",
    file: row.file,
    line: row.line,
    date: row.date,
    server: row.server,
    doi: row.doi,
    author: row.author,
    title: row.title,
    titleEn: row.titleEn,
    abstract: row.abstract,
    titleNote: row.titleNote,
    abstractNote: row.abstractNote,
    translationFailed: row.translationFailed,
    postedDate: row.postedDate,
    layout: row.layout
  })

const label = { biorxiv: "bioRxiv", medrxiv: "medRxiv" } as const

const countsText = (counts: ReadonlyMap<string, number>): string =>
  counts.size === 0
    ? "none"
    : [...counts]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, count]) => `${key} ${count}`)
        .join(", ")

const tally = (into: Map<string, number>, key: string, count = 1) =>
  into.set(key, (into.get(key) ?? 0) + count)

/** One readable line per file: `FILE: bioRxiv layout B, 10 rows, 10 with DOI; problems: duplicate-doi 1`. */
export const summarizeRxiv = (parsed: ParsedRxivDigest): string => {
  const withDoi = parsed.rows.filter((row) => row.doi !== null).length
  const layout = parsed.layout === null ? "no table" : `layout ${parsed.layout}`
  const rows = `${parsed.rows.length} row${parsed.rows.length === 1 ? "" : "s"}`
  const problems = new Map<string, number>()
  for (const problem of parsed.problems) tally(problems, problem.code)
  return `${parsed.file}: ${label[parsed.server]} ${layout}, ${rows}, ${withDoi} with DOI; problems: ${countsText(problems)}`
}

/** Totals of the files of one server a `parse` command read: its per-server summary line. */
export class RxivTotals {
  #files = 0
  #rows = 0
  readonly #dois = new Set<string>()
  readonly #layouts = new Map<string, number>()
  readonly #problems = new Map<string, number>()

  add(parsed: ParsedRxivDigest): void {
    this.#files++
    this.#rows += parsed.rows.length
    for (const row of parsed.rows) if (row.doi !== null) this.#dois.add(row.doi)
    for (const row of parsed.rows) tally(this.#layouts, row.layout)
    for (const problem of parsed.problems) tally(this.#problems, problem.code)
  }

  summary(server: ParsedRxivDigest["server"]): string {
    const files = `${this.#files} file${this.#files === 1 ? "" : "s"}`
    return `${label[server]} total: ${files}, ${this.#rows} rows (by layout: ${countsText(this.#layouts)}), ${this.#dois.size} distinct DOIs; problems: ${countsText(this.#problems)}`
  }
}
