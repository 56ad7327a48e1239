/**
 * The real bioRxiv/medRxiv rows the mixed benchmark archive is made of: every table row of the recorded rxiv
 * digests (../shared/fixtures and the sample), cut around its DOI (and, in layout C, its posting-date cell) so a
 * fresh DOI and date are one join away, each paired with the upstream JSON paper the real daily or raw JSON of its
 * day lists for it (English title and abstract on C days). Also the real arXiv JSON papers, by layout, and the
 * real no-table days (blockquotes, header-only files).
 */
import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import type { RxivServer } from "../src/domain/Doi.ts"
import type { RxivLayout } from "../src/domain/RxivRow.ts"
import { rowBlocks } from "./corpus.ts"

/** An upstream JSON paper as the file holds it: key order kept, so a rewritten copy reads like the real one. */
export type JsonPaper = Readonly<Record<string, unknown>>

/** A real row: `pieces` joined with the fresh DOI (and, layout C, the date cell's date) in the `slots` between. */
export interface RxivTemplate {
  readonly pieces: ReadonlyArray<string>
  readonly slots: ReadonlyArray<"doi" | "date">
  /** `10.1101` or `10.64898`: the fresh DOI keeps the registrant of the real one. */
  readonly prefix: string
  /** The real DOI and date, to rewrite the JSON paper's links. */
  readonly doi: string
  /** The day's JSON paper for this row, or null when the real JSON leaves the row out (RXIV.md). */
  readonly json: JsonPaper | null
}

export interface RxivTemplates {
  readonly header: Record<RxivServer, Record<RxivLayout, string>>
  readonly rows: Record<RxivServer, Record<RxivLayout, ReadonlyArray<RxivTemplate>>>
  /**
   * Layout C rows left in English (all of 2026-07-24/25 upstream: 20 of ~1,000 C rows a server), kept apart so the
   * generator can keep them as rare as upstream; two of the six recorded C days are such days.
   */
  readonly untranslated: Record<RxivServer, ReadonlyArray<RxivTemplate>>
  /** Days without rows: `> 抓取失败：…`, `> 当天没有抓取到有效论文。`, header-only files, per server. */
  readonly failures: Record<
    RxivServer,
    ReadonlyArray<{ readonly content: string; readonly layout: RxivLayout | null }>
  >
  /** arXiv papers of the real daily JSON, by the layout of their day (A days have no abstracts). */
  readonly arxivJson: Record<"A" | "B" | "C", ReadonlyArray<JsonPaper>>
}

const SHARED = path.resolve(import.meta.dirname, "../../shared/fixtures")
const SAMPLE = path.resolve(import.meta.dirname, "../pipelines/sample/digests")
const DIGEST_FOLDERS = [path.join(SHARED, "rxiv"), path.join(SHARED, "digests"), SAMPLE]
const DAILY_FOLDERS = [path.join(SHARED, "api/daily"), path.join(SAMPLE, "api/daily")]
const RAW_FOLDER = path.join(SHARED, "api/raw")
const SERVERS: ReadonlyArray<RxivServer> = ["biorxiv", "medrxiv"]
const HAN = /\p{Script=Han}/u

/** The DOI of a PDF cell, A/B (`https://doi.org/<doi>`) or C4/C (`…/content/<doi>v1.full.pdf`). */
const PDF_LINK =
  /\[PDF\]\((?:https:\/\/doi\.org\/|https:\/\/www\.(?:bio|med)rxiv\.org\/content\/)((10\.\d+)\/[^)\s]+?)(?:v1\.full\.pdf)?\)/

/** Layout from the header row, as RXIV.md tells them apart (the reader under test is not used here). */
const layoutOf = (header: string): RxivLayout =>
  header.includes("| 代码仓库 |")
    ? "A"
    : header.includes("| 发布日期 |")
      ? "C"
      : /\|\s{2}摘要 \|/.test(header)
        ? "B"
        : "C4"

/** Every file name once (the sample repeats some fixtures), in name order. */
const filesIn = (folders: ReadonlyArray<string>, suffix: RegExp): Map<string, string> => {
  const found = new Map<string, string>()
  for (const folder of folders)
    for (const name of readdirSync(folder).sort())
      if (suffix.test(name) && !found.has(name)) found.set(name, path.join(folder, name))
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : 1)))
}

const papersOf = (file: string): ReadonlyArray<JsonPaper> =>
  (JSON.parse(readFileSync(file, "utf8")) as { papers: ReadonlyArray<JsonPaper> }).papers

/** The JSON papers of one day and server, from the daily file or, failing that, the raw one. */
const jsonPapers = (daily: Map<string, string>, date: string, server: RxivServer): Array<JsonPaper> => {
  const dailyFile = daily.get(`${date}.json`)
  const papers = dailyFile !== undefined ? papersOf(dailyFile) : []
  const raw = path.join(RAW_FOLDER, `${date}-${server}.json`)
  const all =
    papers.length > 0 ? papers : readdirSync(RAW_FOLDER).includes(path.basename(raw)) ? papersOf(raw) : []
  return all.filter((paper) => paper.source === server)
}

const doiOfJson = (paper: JsonPaper): string | undefined =>
  `${String(paper.pdf_url)} ${String(paper.paper_url)}`.match(
    /(10\.\d+\/\d{4}\.\d{2}\.\d{2}\.\d+|10\.\d+\/\d+)/
  )?.[1]

const toTemplate = (row: string, layout: RxivLayout, date: string, json: Array<JsonPaper>): RxivTemplate => {
  const link = row.match(PDF_LINK)
  if (link === null || link.index === undefined) throw new Error(`rxiv templates: no DOI link in\n${row}`)
  const doi = link[1]!
  const doiAt = link.index + link[0].indexOf(doi)
  const pieces: Array<string> = []
  const slots: Array<"doi" | "date"> = []
  let from = 0
  if (layout === "C") {
    // Layout C's posting-date cell, right before the PDF cell, equals the file's date (RXIV.md).
    const dateAt = row.lastIndexOf(`| ${date} |`, link.index) + 2
    if (dateAt < 2) throw new Error(`rxiv templates: no date cell in\n${row}`)
    pieces.push(row.slice(0, dateAt))
    slots.push("date")
    from = dateAt + date.length
  }
  pieces.push(row.slice(from, doiAt), row.slice(doiAt + doi.length))
  slots.push("doi")
  // One JSON paper per row, in order: the same DOI twice in a file is listed twice in the JSON too.
  const at = json.findIndex((paper) => doiOfJson(paper)?.toLowerCase() === doi.toLowerCase())
  const paired = at < 0 ? null : json.splice(at, 1)[0]!
  return { pieces, slots, prefix: link[2]!, doi, json: paired }
}

let cached: RxivTemplates | undefined

export const loadRxivTemplates = (): RxivTemplates => {
  if (cached !== undefined) return cached
  const daily = filesIn(DAILY_FOLDERS, /^\d{4}-\d{2}-\d{2}\.json$/)
  const empty = () => ({ A: [], B: [], C4: [], C: [] }) as Record<RxivLayout, Array<RxivTemplate>>
  const rows = { biorxiv: empty(), medrxiv: empty() }
  const untranslated: Record<RxivServer, Array<RxivTemplate>> = { biorxiv: [], medrxiv: [] }
  const header = { biorxiv: {}, medrxiv: {} } as Record<RxivServer, Record<RxivLayout, string>>
  const failures: Record<RxivServer, Array<{ content: string; layout: RxivLayout | null }>> = {
    biorxiv: [],
    medrxiv: []
  }
  for (const server of SERVERS) {
    for (const [name, file] of filesIn(DIGEST_FOLDERS, new RegExp(`^\\d{4}-\\d{2}-\\d{2}-${server}\\.md$`))) {
      const content = readFileSync(file, "utf8")
      const date = name.slice(0, 10)
      if (!content.includes("|---")) {
        failures[server].push({ content, layout: null })
        continue
      }
      const blocks = rowBlocks(content)
      const layout = layoutOf(blocks.header)
      if (blocks.rows.length === 0) {
        failures[server].push({ content, layout })
        continue
      }
      header[server][layout] ??= blocks.header
      const json = jsonPapers(daily, date, server)
      for (const block of blocks.rows) {
        const pool = layout === "C" && !HAN.test(block) ? untranslated[server] : rows[server][layout]
        pool.push(toTemplate(block, layout, date, json))
      }
    }
  }
  const arxivJson: Record<"A" | "B" | "C", Array<JsonPaper>> = { A: [], B: [], C: [] }
  for (const [name, file] of daily) {
    const date = name.slice(0, 10)
    const dayLayout = date < "2025-03-01" ? "A" : date < "2026-05-01" ? "B" : "C"
    arxivJson[dayLayout].push(...papersOf(file).filter((paper) => paper.source === "arxiv"))
  }
  cached = { header, rows, untranslated, failures, arxivJson }
  return cached
}
