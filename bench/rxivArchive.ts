/**
 * Reads every bioRxiv/medRxiv digest of an upstream checkout with the rxiv reader and prints, per server and
 * layout: rows parsed against the `[PDF](` links in the files, distinct DOIs, titles still carrying note
 * markers, problems by code, and the upstream JSON reconciliation.
 * Run: `npx tsx bench/rxivArchive.ts /work/upstream/docs` (the folder holding daily-papers/ and api/).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import type { RxivServer } from "../src/domain/Doi.ts"
import { dateFromFileName, daysBetween } from "../src/domain/IsoDate.ts"
import { Problem } from "../src/domain/Problem.ts"
import type { RxivRow } from "../src/domain/RxivRow.ts"
import { RXIV_TITLE_NOTE_MARKERS } from "../src/parse/rxiv/cleanRxivTitle.ts"
import { dedupeRxiv } from "../src/parse/rxiv/dedupeRxiv.ts"
import { parseRxivDigest } from "../src/parse/rxiv/parseRxivDigest.ts"
import { reconcileRxivDay } from "../src/parse/rxiv/reconcileRxivJson.ts"
import { decodeUpstreamDaily, lineOfPaper } from "../src/parse/upstreamJson.ts"

const docs = process.argv[2] ?? "/work/upstream/docs"
const folder = join(docs, "daily-papers")
const counts = (map: ReadonlyMap<string, number>): string =>
  [...map]
    .sort()
    .map(([code, n]) => `${code} ${n}`)
    .join(", ") || "none"
const servers: ReadonlyArray<RxivServer> = ["biorxiv", "medrxiv"]

for (const server of servers) {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith(`-${server}.md`))
    .sort()
  const byLayout = new Map<
    string,
    { files: number; rows: number; links: number; dois: Set<string>; problems: Map<string, number> }
  >()
  const problems = new Map<string, number>()
  const dois = new Set<string>()
  const marked: Array<string> = []
  let rows = 0
  let jsonDays = 0
  const recon = new Map<string, number>()
  const reconByLayout = new Map<string, Map<string, number>>()
  const samples: Array<string> = []
  let links = 0
  const allRows: Array<RxivRow> = []
  for (const name of files) {
    const content = readFileSync(join(folder, name), "utf8")
    const parsed = parseRxivDigest({ path: name, date: dateFromFileName(name)!, server, content })
    const fileLinks = content.split("[PDF](").length - 1
    const key = parsed.layout ?? "none"
    const tally = byLayout.get(key) ?? {
      files: 0,
      rows: 0,
      links: 0,
      dois: new Set<string>(),
      problems: new Map()
    }
    tally.files++
    tally.rows += parsed.rows.length
    tally.links += fileLinks
    byLayout.set(key, tally)
    rows += parsed.rows.length
    allRows.push(...parsed.rows)
    links += fileLinks
    for (const row of parsed.rows) {
      if (row.doi !== null) dois.add(row.doi)
      if (row.doi !== null) tally.dois.add(row.doi)
      const hit = RXIV_TITLE_NOTE_MARKERS.find((marker) => row.title.includes(marker))
      if (hit !== undefined) marked.push(`${name}:${row.line} [${hit}] ${row.title.slice(0, 100)}`)
    }
    const jsonPath = join(docs, "api", "daily", `${parsed.date}.json`)
    const allProblems = [...parsed.problems]
    if (existsSync(jsonPath)) {
      const text = readFileSync(jsonPath, "utf8")
      const day = decodeUpstreamDaily(jsonPath, text)
      if (day instanceof Problem) allProblems.push(day)
      else {
        jsonDays++
        const result = reconcileRxivDay(
          parsed.rows,
          { path: jsonPath, papers: day.papers, lineOf: (p) => lineOfPaper(text, p.id) },
          server
        )
        for (const [k, v] of Object.entries(result.counts)) recon.set(k, (recon.get(k) ?? 0) + v)
        const lt = reconByLayout.get(key) ?? new Map<string, number>()
        for (const [k, v] of Object.entries(result.counts)) lt.set(k, (lt.get(k) ?? 0) + v)
        reconByLayout.set(key, lt)
        allProblems.push(...result.problems)
        for (const p of result.problems.slice(0, 3))
          samples.push(`${p.code} ${p.file}:${p.line} ${p.message.slice(0, 160)}`)
      }
    }
    for (const problem of allProblems) {
      problems.set(problem.code, (problems.get(problem.code) ?? 0) + 1)
      tally.problems.set(problem.code, (tally.problems.get(problem.code) ?? 0) + 1)
    }
  }
  process.stdout.write(
    `\n## ${server}: ${files.length} files, rows ${rows} of ${links} links, ${dois.size} distinct DOIs\n`
  )
  for (const [layout, t] of [...byLayout].sort())
    process.stdout.write(
      `  layout ${layout}: ${t.files} files, ${t.rows} rows / ${t.links} links, ${t.dois.size} distinct DOIs; problems: ${counts(t.problems)}\n`
    )
  process.stdout.write(`  problems: ${counts(problems)}\n`)
  process.stdout.write(`  JSON days ${jsonDays}: ${[...recon].map(([k, v]) => `${k} ${v}`).join(", ")}\n`)
  for (const [layout, t] of [...reconByLayout].sort())
    process.stdout.write(`    layout ${layout}: ${[...t].map(([k, v]) => `${k} ${v}`).join(", ")}\n`)
  for (const line of samples.slice(0, 10)) process.stdout.write(`    ${line}\n`)
  const papers = dedupeRxiv(allRows)
  const multiDay = papers.filter((paper) => paper.dates.length > 1)
  const spans = multiDay
    .map((paper) => daysBetween(paper.firstSeen, paper.dates.at(-1)!))
    .sort((a, b) => a - b)
  process.stdout.write(
    `  dedupeRxiv: ${papers.length} papers; ${multiDay.length} on 2-${Math.max(0, ...multiDay.map((p) => p.dates.length))} days, ${spans[0] ?? 0}-${spans.at(-1) ?? 0} days apart (median ${spans[Math.floor(spans.length / 2)] ?? 0}); untranslated ${papers.filter((p) => p.translationFailed).length}\n`
  )
  process.stdout.write(`  titles with markers: ${marked.length}\n`)
  for (const line of marked.slice(0, 60)) process.stdout.write(`    ${line}\n`)
}
