/**
 * Benchmark corpus: the real fixture digests scaled to N days x M rows. Rows are the real row text (multi-line
 * cells, raw and escaped pipes, notes, `###` headings, PDF缺失), only the arXiv ids in the PDF links are
 * rewritten to fresh unique ones; failure days (empty tables, `> 抓取失败` blockquotes) come in between.
 */
import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import type { Layout } from "../src/domain/DigestRow.ts"
import type { IsoDate } from "../src/domain/IsoDate.ts"

export interface CorpusOptions {
  readonly days: number
  readonly rowsPerDay: number
  readonly seed: number
}

export interface CorpusFile {
  readonly path: string
  readonly date: IsoDate
  readonly content: string
  /** What a perfect reader finds: the layout, and each row's version-less id (null for PDF缺失) in order. */
  readonly layout: Layout | null
  readonly expectedIds: ReadonlyArray<string | null>
}

const FIXTURES = path.resolve(import.meta.dirname, "../../shared/fixtures/digests")

/** A real row, cut around the id of its PDF link so a fresh id is one concatenation away. */
interface TemplateRow {
  readonly before: string
  readonly after: string
  /** `q-bio` for old-style ids (`q-bio/0608003`), null for new-style ones; undefined: the row has no id. */
  readonly archive: string | null | undefined
}

interface Templates {
  readonly header: Record<Layout, string>
  readonly rows: Record<Layout, ReadonlyArray<TemplateRow>>
  /** Rows without a link (`PDF缺失`, `[PDF](None)`): rare upstream (20 of 18,723), so rare here. */
  readonly missing: ReadonlyArray<string>
  readonly failures: ReadonlyArray<{ readonly content: string; readonly layout: Layout | null }>
}

const PDF_CELL = /\| (?:\[PDF\]\(([^)\n]*)\)|PDF缺失) \|/g
const LINK_ID = /^(https?:\/\/arxiv\.org\/pdf\/)((?:([a-z][a-z-]*(?:\.[A-Z]{2})?)\/)?[\d.]+)(v\d+)$/

/**
 * Cuts a fixture's table into row blocks without the parser under test: a row starts at a line opening with
 * `| ` right after a line closed by `|`. Every block must hold exactly one PDF cell, which the fixtures do.
 */
export const rowBlocks = (content: string): { header: string; rows: ReadonlyArray<string> } => {
  const lines = content.split("\n")
  const delimiter = lines.findIndex((line) => /^\|[-| ]+\|\s*$/.test(line))
  const starts: Array<number> = []
  for (let i = delimiter + 1; i < lines.length; i++) {
    if (lines[i]!.startsWith("| ") && lines[i - 1]!.trimEnd().endsWith("|")) starts.push(i)
  }
  const rows = starts.map(
    (start, k) =>
      `${lines
        .slice(start, starts[k + 1] ?? lines.length)
        .join("\n")
        .trimEnd()}\n`
  )
  for (const row of rows) {
    if ((row.match(PDF_CELL) ?? []).length !== 1)
      throw new Error(`corpus: not one PDF cell in a row block:\n${row}`)
  }
  return { header: `${lines.slice(0, delimiter + 1).join("\n")}\n`, rows }
}

const toTemplate = (row: string): TemplateRow | string => {
  const cell = [...row.matchAll(PDF_CELL)][0]!
  const link = cell[1] === undefined ? null : cell[1].match(LINK_ID)
  if (link === null) return row
  const at = cell.index! + cell[0].indexOf(link[1]!) + link[1]!.length
  return { before: row.slice(0, at), after: row.slice(at + link[2]!.length), archive: link[3] ?? null }
}

let cached: Templates | undefined

const loadTemplates = (): Templates => {
  if (cached !== undefined) return cached
  const header: Partial<Record<Layout, string>> = {}
  const rows: Record<Layout, Array<TemplateRow>> = { A: [], B: [], C: [] }
  const missing: Array<string> = []
  const failures: Array<{ content: string; layout: Layout | null }> = []
  for (const name of readdirSync(FIXTURES).sort()) {
    if (!name.endsWith("-arxiv.md")) continue
    const content = readFileSync(path.join(FIXTURES, name), "utf8")
    if (!content.includes("|---")) {
      failures.push({ content, layout: null })
      continue
    }
    const layout: Layout = content.includes("| 代码仓库 |")
      ? "A"
      : content.includes("| 发布日期 |")
        ? "C"
        : "B"
    const blocks = rowBlocks(content)
    if (blocks.rows.length === 0) {
      failures.push({ content, layout })
      continue
    }
    header[layout] ??= blocks.header
    for (const block of blocks.rows) {
      const template = toTemplate(block)
      if (typeof template === "string") missing.push(template)
      else rows[layout].push(template)
    }
  }
  const history = readFileSync(path.join(FIXTURES, "history/2025-11-11-arxiv.before-rewrite.md"), "utf8")
  for (const block of rowBlocks(history).rows) missing.push(block)
  cached = { header: header as Record<Layout, string>, rows, missing, failures }
  return cached
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export const random = (seed: number) => {
  let state = seed >>> 0
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

export const pad = (n: number, width: number) => String(n).padStart(width, "0")

/** The k-th fresh id: `YYMM.NNNNN` (90,000 a month) or, for an old-style template, `archive/NNNNNNN`. */
const freshId = (k: number, archive: string | null): string => {
  const month = Math.floor(k / 90_000)
  const yymm = `${pad(30 + Math.floor(month / 12), 2)}${pad(1 + (month % 12), 2)}`
  return archive === null ? `${yymm}.${10_000 + (k % 90_000)}` : `${archive}/${pad(k % 10_000_000, 7)}`
}

export const dayAfter = (start: number, days: number): IsoDate =>
  new Date(start + days * 86_400_000).toISOString().slice(0, 10) as IsoDate

/** The real mix of layouts by file (A 166, B 251, C 113 of 530 digests). */
const WEIGHTS: ReadonlyArray<readonly [Layout, number]> = [
  ["A", 166 / 530],
  ["B", 251 / 530],
  ["C", 113 / 530]
]

/**
 * Layouts interleaved so that every prefix of the corpus has the real mix, whatever its length: the layout
 * furthest behind its share goes next. Independent of `days`, so N+1 days start with the same N.
 */
const nextLayout = (day: number, placed: Record<Layout, number>): Layout => {
  let best: Layout = "A"
  let deficit = Number.NEGATIVE_INFINITY
  for (const [layout, weight] of WEIGHTS) {
    const behind = (day + 1) * weight - placed[layout]
    if (behind > deficit + 1e-9) {
      best = layout
      deficit = behind
    }
  }
  placed[best]++
  return best
}

const headingOf = (layout: Layout, date: string): string =>
  layout === "A" ? `# Arxiv ${date} Papers` : layout === "B" ? `# arxiv ${date}` : `# arXiv ${date}`

/**
 * `days` digests of `rowsPerDay` rows each, dated from 2024-09-04 on, plus one failure day after every
 * 20 paper days. Deterministic for a seed, lazy, and prefix-stable: N+1 days begin with the N-day corpus.
 */
export function* generateCorpus(options: CorpusOptions): Iterable<CorpusFile> {
  const templates = loadTemplates()
  const next = random(options.seed)
  const start = Date.UTC(2024, 8, 4)
  let calendar = 0
  let idCount = 0
  let rowCount = 0
  // Each layout walks its pool of real rows in order from a seeded start, so a long corpus holds every one.
  const placed: Record<Layout, number> = { A: 0, B: 0, C: 0 }
  const cursor: Record<Layout, number> = {
    A: Math.floor(next() * templates.rows.A.length),
    B: Math.floor(next() * templates.rows.B.length),
    C: Math.floor(next() * templates.rows.C.length)
  }
  for (let day = 0; day < options.days; day++) {
    const layout = nextLayout(day, placed)
    if (day > 0 && day % 20 === 0) {
      const date = dayAfter(start, calendar++)
      const failure = templates.failures[Math.floor(next() * templates.failures.length)]!
      const content = failure.content.replace(/\d{4}-\d{2}-\d{2}/, date)
      yield { path: `${date}-arxiv.md`, date, content, layout: failure.layout, expectedIds: [] }
    }
    const date = dayAfter(start, calendar++)
    const pool = templates.rows[layout]
    const parts = [templates.header[layout].replace(/^#.*$/m, headingOf(layout, date))]
    const ids: Array<string | null> = []
    for (let i = 0; i < options.rowsPerDay; i++, rowCount++) {
      // One row in 500 of layout B has no link (the real ones are B rows); rarer upstream, but it must be there.
      if (layout === "B" && rowCount % 500 === 499) {
        parts.push(templates.missing[Math.floor(next() * templates.missing.length)]!)
        ids.push(null)
        continue
      }
      const template = pool[cursor[layout]++ % pool.length]!
      const id = freshId(idCount++, template.archive ?? null)
      parts.push(template.before, id, template.after)
      ids.push(id)
    }
    yield { path: `${date}-arxiv.md`, date, content: parts.join(""), layout, expectedIds: ids }
  }
}
