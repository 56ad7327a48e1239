/**
 * The mixed benchmark archive: per date, the arXiv digest of bench/corpus.ts plus a bioRxiv and a medRxiv digest
 * in the day's layout, made of real rows (bench/rxivTemplates.ts) with fresh DOIs, and the day's upstream JSON
 * (`docs/api/daily/DATE.json`) listing the real JSON papers of those rows, English originals included, with the
 * links rewritten. Rows per day are split in the real archive's proportions of papers (arXiv 17,603, bioRxiv
 * 27,715, medRxiv 9,442): 200 rows a day make 64 + 101 + 35. Deterministic by seed and prefix-stable.
 */
import { createHash } from "node:crypto"
import type { RxivServer } from "../src/domain/Doi.ts"
import type { IsoDate } from "../src/domain/IsoDate.ts"
import type { RxivLayout } from "../src/domain/RxivRow.ts"
import { type CorpusFile, type CorpusOptions, generateCorpus, pad, random } from "./corpus.ts"
import { type JsonPaper, loadRxivTemplates, type RxivTemplate } from "./rxivTemplates.ts"

export interface RxivCorpusFile {
  /** File name, as in `docs/daily-papers/`. */
  readonly path: string
  readonly date: IsoDate
  readonly server: RxivServer
  readonly content: string
  /** What a perfect reader finds: the layout (null for a blockquote day) and each row's DOI, in order. */
  readonly layout: RxivLayout | null
  readonly expectedDois: ReadonlyArray<string>
  /** The DOIs the day's JSON lists for this server, in order; the other rows are markdown-only, as upstream. */
  readonly jsonDois: ReadonlyArray<string>
}

export interface MixedDay {
  readonly date: IsoDate
  readonly arxiv: CorpusFile
  readonly rxiv: ReadonlyArray<RxivCorpusFile>
  /** `api/daily/DATE.json`, relative to `docs/` as upstream. */
  readonly json: { readonly path: string; readonly content: string }
}

/** Rows a day per server, in the real archive's proportions of distinct papers. */
export const rowsPerServer = (rowsPerDay: number): Readonly<Record<"arxiv" | RxivServer, number>> => {
  const arxiv = Math.max(1, Math.round((rowsPerDay * 17_603) / 54_760))
  const biorxiv = Math.round((rowsPerDay * 27_715) / 54_760)
  return { arxiv, biorxiv, medrxiv: Math.max(0, rowsPerDay - arxiv - biorxiv) }
}

const SERVERS: ReadonlyArray<RxivServer> = ["biorxiv", "medrxiv"]
const LABELS = { arxiv: "arXiv", biorxiv: "bioRxiv", medrxiv: "medRxiv" } as const

/**
 * The k-th fresh DOI of a server's day: dated by the digest (the day the run takes as its posting date), a serial
 * of bioRxiv's 6 or medRxiv's 8 digits led by 0, which no real DOI of the fixtures has, and the real row's prefix.
 */
export const freshDoi = (prefix: string, server: RxivServer, date: string, k: number): string =>
  `${prefix}/${date.replaceAll("-", ".")}.0${pad(k, server === "biorxiv" ? 5 : 7)}`

const fill = (template: RxivTemplate, doi: string, date: string): string => {
  let text = template.pieces[0]!
  for (let i = 0; i < template.slots.length; i++)
    text += (template.slots[i] === "doi" ? doi : date) + template.pieces[i + 1]!
  return text
}

/** The upstream's per-day paper id: a hash of date, source, link and title (RXIV.md). */
const paperId = (paper: Record<string, unknown>): string =>
  createHash("sha256")
    .update(`${paper.date}|${paper.source}|${paper.pdf_url}|${paper.title}`)
    .digest("hex")
    .slice(0, 16)

/** A real JSON paper moved to `date` and rank, its links naming `to` instead of `from`. */
const movedPaper = (real: JsonPaper, from: string, to: string, date: string, rank: number): JsonPaper => {
  const paper: Record<string, unknown> = { ...real }
  for (const key of ["pdf_url", "paper_url"])
    if (typeof paper[key] === "string") paper[key] = (paper[key] as string).split(from).join(to)
  paper.date = date
  if ("published_date" in paper) paper.published_date = date
  paper.rank = rank
  paper.id = paperId(paper)
  return paper
}

const ARXIV_ID = /(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})/

/**
 * `days` dates of the arXiv corpus (paper days and its failure days), each with a bioRxiv and a medRxiv digest
 * and the daily JSON. A C day is C4 once every 113 C days (2026-05-01 is 1 of 113 upstream). On the arXiv corpus's
 * failure days the rxiv digests are real no-table days too (blockquotes, header-only files).
 */
export function* generateMixedCorpus(options: CorpusOptions): Iterable<MixedDay> {
  const templates = loadRxivTemplates()
  const split = rowsPerServer(options.rowsPerDay)
  // A stream of its own, so the arXiv part equals bench/corpus.ts's for the same seed and row count.
  const next = random(options.seed ^ 0x5eed_beef)
  const cursor = new Map<string, number>()
  const take = <A>(key: string, pool: ReadonlyArray<A>): A => {
    const at = cursor.get(key) ?? Math.floor(next() * pool.length)
    cursor.set(key, at + 1)
    return pool[at % pool.length]!
  }
  let cDays = 0
  const cRows: Record<RxivServer, number> = { biorxiv: 0, medrxiv: 0 }
  for (const arxiv of generateCorpus({ ...options, rowsPerDay: split.arxiv })) {
    const date = arxiv.date
    const failureDay = arxiv.expectedIds.length === 0
    const layout: RxivLayout | null = failureDay
      ? null
      : arxiv.layout === "C" && cDays++ % 113 === 0
        ? "C4"
        : arxiv.layout
    const papers: Array<JsonPaper> = []
    const counts: Record<string, number> = {}
    if (layout !== null) {
      const pool = templates.arxivJson[arxiv.layout === "A" ? "A" : arxiv.layout === "B" ? "B" : "C"]
      let rank = 0
      for (const id of arxiv.expectedIds) {
        if (id === null) continue
        const real = take(`arxiv-json ${arxiv.layout}`, pool)
        const from = String(real.pdf_url).match(ARXIV_ID)?.[1] ?? ""
        papers.push(movedPaper(real, from, id, date, ++rank))
      }
      counts.arxiv = rank
    }
    const rxiv: Array<RxivCorpusFile> = []
    for (const server of SERVERS) {
      const path = `${date}-${server}.md`
      if (layout === null) {
        const failure = take(`${server} failure`, templates.failures[server])
        const content = failure.content.replace(/\d{4}-\d{2}-\d{2}/, date)
        rxiv.push({ path, date, server, content, layout: failure.layout, expectedDois: [], jsonDois: [] })
        counts[server] = 0
        continue
      }
      const parts = [templates.header[server][layout].replace(/\d{4}-\d{2}-\d{2}/, date)]
      const dois: Array<string> = []
      const jsonDois: Array<string> = []
      for (let k = 0; k < split[server]; k++) {
        // One C row in 50 is an untranslated one (upstream: 20 of about 1,000 a server).
        const english = layout === "C" && cRows[server]++ % 50 === 49
        const template = english
          ? take(`${server} C english`, templates.untranslated[server])
          : take(`${server} ${layout}`, templates.rows[server][layout])
        const doi = freshDoi(template.prefix, server, date, k)
        parts.push(fill(template, doi, date))
        dois.push(doi)
        if (template.json === null) continue
        jsonDois.push(doi)
        papers.push(movedPaper(template.json, template.doi, doi, date, jsonDois.length))
      }
      counts[server] = jsonDois.length
      rxiv.push({ path, date, server, content: parts.join(""), layout, expectedDois: dois, jsonDois })
    }
    const sources = Object.fromEntries(
      (["arxiv", "biorxiv", "medrxiv"] as const).map((source) => [
        source,
        {
          source_label: LABELS[source],
          count: counts[source] ?? 0,
          page_path: `daily-papers/${date}-${source}.md`
        }
      ])
    )
    const daily = {
      version: 1,
      date,
      count: papers.length,
      sources,
      page_path: `daily-papers/${date}.md`,
      papers,
      generated_at: `${date}T04:04:15Z`
    }
    yield {
      date,
      arxiv,
      rxiv,
      json: { path: `api/daily/${date}.json`, content: `${JSON.stringify(daily, null, 2)}\n` }
    }
  }
}
