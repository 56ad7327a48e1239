/**
 * Reads every bioRxiv/medRxiv digest of an upstream checkout with the rxiv reader and prints, per server and
 * layout: rows parsed against the `[PDF](` links in the files, distinct DOIs, titles still carrying note
 * markers, problems by code, and the upstream JSON reconciliation.
 * Run: `npx tsx bench/rxivArchive.ts /work/upstream/docs` (the folder holding daily-papers/ and api/).
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import type { RxivServer } from "../src/domain/Doi.ts"
import { dateFromFileName } from "../src/domain/IsoDate.ts"
import { RXIV_TITLE_NOTE_MARKERS } from "../src/parse/rxiv/cleanRxivTitle.ts"
import { parseRxivDigest } from "../src/parse/rxiv/parseRxivDigest.ts"

const docs = process.argv[2] ?? "/work/upstream/docs"
const folder = join(docs, "daily-papers")
const servers: ReadonlyArray<RxivServer> = ["biorxiv", "medrxiv"]

for (const server of servers) {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith(`-${server}.md`))
    .sort()
  const byLayout = new Map<string, { files: number; rows: number; links: number }>()
  const problems = new Map<string, number>()
  const dois = new Set<string>()
  const marked: Array<string> = []
  let rows = 0
  let links = 0
  for (const name of files) {
    const content = readFileSync(join(folder, name), "utf8")
    const parsed = parseRxivDigest({ path: name, date: dateFromFileName(name)!, server, content })
    const fileLinks = content.split("[PDF](").length - 1
    const key = parsed.layout ?? "none"
    const tally = byLayout.get(key) ?? { files: 0, rows: 0, links: 0 }
    tally.files++
    tally.rows += parsed.rows.length
    tally.links += fileLinks
    byLayout.set(key, tally)
    rows += parsed.rows.length
    links += fileLinks
    for (const row of parsed.rows) {
      if (row.doi !== null) dois.add(row.doi)
      const hit = RXIV_TITLE_NOTE_MARKERS.find((marker) => row.title.includes(marker))
      if (hit !== undefined) marked.push(`${name}:${row.line} [${hit}] ${row.title.slice(0, 100)}`)
    }
    for (const problem of parsed.problems) problems.set(problem.code, (problems.get(problem.code) ?? 0) + 1)
  }
  process.stdout.write(
    `\n## ${server}: ${files.length} files, rows ${rows} of ${links} links, ${dois.size} distinct DOIs\n`
  )
  for (const [layout, t] of [...byLayout].sort())
    process.stdout.write(`  layout ${layout}: ${t.files} files, ${t.rows} rows / ${t.links} links\n`)
  process.stdout.write(
    `  problems: ${[...problems]
      .sort()
      .map(([c, n]) => `${c} ${n}`)
      .join(", ")}\n`
  )
  process.stdout.write(`  titles with markers: ${marked.length}\n`)
  for (const line of marked.slice(0, 60)) process.stdout.write(`    ${line}\n`)
}
