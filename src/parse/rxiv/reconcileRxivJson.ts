/**
 * Puts one day's bioRxiv or medRxiv markdown rows beside the upstream JSON's papers of that day and server.
 * The markdown is the complete record; the JSON is where the English title and abstract are (layout A
 * titles, all of C). Rows missing from the JSON are expected (before 2026-05-01 it kept only single-line rows
 * with a title, and no medRxiv B row at all) and are counted, not reported. JSON papers the markdown does not
 * list, or that match a row by title but name another DOI, are problems.
 */
import { type Doi, parseRxivUrl, type RxivServer } from "../../domain/Doi.ts"
import type { Problem } from "../../domain/Problem.ts"
import { RxivRow } from "../../domain/RxivRow.ts"
import type { UpstreamPaper } from "../upstreamJson.ts"
import { oneLine } from "./cleanRxivTitle.ts"
import { rxivProblem } from "./rxivProblems.ts"

export interface JsonDay {
  /** The JSON file the papers come from (problems name it). */
  readonly path: string
  /** Every paper of the file: other servers and days are left out here. */
  readonly papers: ReadonlyArray<UpstreamPaper>
  /** Line of a paper in the file, 0 when unknown (see upstreamJson.lineOfPaper). */
  readonly lineOf?: (paper: UpstreamPaper) => number
}

export interface Reconciliation {
  readonly rows: ReadonlyArray<RxivRow>
  readonly problems: ReadonlyArray<Problem>
  readonly counts: {
    /** JSON papers of this day and server. */
    readonly json: number
    /** JSON papers matched to a markdown row by DOI. */
    readonly matched: number
    readonly titlesAttached: number
    readonly abstractsAttached: number
    /** Markdown rows the JSON does not list: expected, not problems. */
    readonly markdownOnly: number
    readonly jsonMissingRow: number
    readonly doiMismatch: number
  }
}

const HAN = /\p{Script=Han}/u

/** English text from the JSON: non-empty and without Chinese (B's `title` is a copy of the Chinese title). */
const english = (text: string): string | null => {
  const line = oneLine(text)
  return line !== "" && !HAN.test(line) ? line : null
}

const doiOf = (paper: UpstreamPaper): Doi | undefined =>
  parseRxivUrl(paper.pdf_url)?.doi ?? parseRxivUrl(paper.paper_url)?.doi

export const reconcileRxivDay = (
  rows: ReadonlyArray<RxivRow>,
  day: JsonDay,
  server: RxivServer
): Reconciliation => {
  const date = rows[0]?.date
  const papers = day.papers.filter(
    (paper) => paper.source === server && (date === undefined || paper.date === date)
  )
  const byDoi = new Map<string, Array<number>>()
  rows.forEach((row, i) => {
    if (row.doi === null) return
    const list = byDoi.get(row.doi)
    if (list === undefined) byDoi.set(row.doi, [i])
    else list.push(i)
  })
  const matchedRows = new Set<number>()
  const attached = new Map<number, { titleEn: string | null; abstractEn: string | null }>()
  const problems: Array<Problem> = []
  let doiMismatch = 0
  let jsonMissingRow = 0
  for (const paper of papers) {
    const doi = doiOf(paper)
    const candidates = doi === undefined ? undefined : byDoi.get(doi)
    if (candidates !== undefined) {
      // The same DOI twice in a file (one per version) is listed twice in the JSON too: pair them in order.
      const index = candidates.find((i) => !matchedRows.has(i)) ?? candidates[0]!
      matchedRows.add(index)
      attached.set(index, { titleEn: english(paper.title), abstractEn: english(paper.summary) })
      continue
    }
    const where = `${day.path}:${day.lineOf?.(paper) ?? 0}`
    const zh = oneLine(paper.translated_title)
    const en = oneLine(paper.title)
    const sameTitle = rows.findIndex(
      (row) => (zh !== "" && row.title === zh) || (en !== "" && (row.titleEn === en || row.title === en))
    )
    if (sameTitle >= 0) {
      doiMismatch++
      const row = rows[sameTitle]!
      const message = `JSON paper rank ${paper.rank} (${where}) has this row's title but DOI ${doi ?? `none in "${paper.pdf_url}"`}, the row ${row.doi ?? "none"}`
      problems.push(rxivProblem(row.file, row.line, "json-doi-mismatch", message))
    } else {
      jsonMissingRow++
      const message = `JSON paper rank ${paper.rank} (${doi ?? paper.pdf_url}, "${en.slice(0, 60)}") is not in the markdown`
      problems.push(rxivProblem(day.path, day.lineOf?.(paper) ?? 0, "json-missing-row", message))
    }
  }
  let titlesAttached = 0
  let abstractsAttached = 0
  const merged = rows.map((row, i) => {
    const found = attached.get(i)
    if (found === undefined) return row
    const titleEn = row.titleEn ?? found.titleEn
    const abstractEn = row.abstractEn ?? found.abstractEn
    if (titleEn === row.titleEn && abstractEn === row.abstractEn) return row
    if (titleEn !== row.titleEn) titlesAttached++
    if (abstractEn !== row.abstractEn) abstractsAttached++
    return RxivRow.make({ ...row, titleEn, abstractEn })
  })
  return {
    rows: merged,
    problems,
    counts: {
      json: papers.length,
      matched: papers.length - doiMismatch - jsonMissingRow,
      titlesAttached,
      abstractsAttached,
      markdownOnly: rows.length - matchedRows.size,
      jsonMissingRow,
      doiMismatch
    }
  }
}
