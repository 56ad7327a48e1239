/**
 * Finds every title cell of a digest folder that cleanTitle reads as LLM chatter, and counts them by kind: the
 * figures of docs/DIGESTS-NOTES.md. `node --import tsx bench/titleChatter.ts DIR [--list]`
 * (DIR: the upstream's docs/daily-papers). Reads files only; no network.
 */
import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import { cleanTitle } from "../src/parse/cleanTitle.ts"
import { findHeaders } from "../src/parse/detectLayout.ts"
import { splitRows } from "../src/parse/splitRows.ts"
import { normalizeText, TextLines } from "../src/parse/TextLines.ts"

const [dir, flag] = process.argv.slice(2)
if (dir === undefined) throw new Error("usage: bench/titleChatter.ts DIR [--list]")
const counts = new Map<string, number>()
const listed: Array<string> = []
let rows = 0
for (const name of readdirSync(dir)
  .filter((n) => n.endsWith("-arxiv.md"))
  .sort()) {
  const lines = new TextLines(normalizeText(readFileSync(path.join(dir, name), "utf8")))
  const known = findHeaders(lines).filter((header) => header.layout !== null)
  known.forEach((header, i) => {
    const end = known[i + 1]?.line ?? lines.count
    for (const raw of splitRows(lines, header.line + 2, end, header.layout!).rows) {
      rows++
      const cleaned = cleanTitle(raw.title)
      if (cleaned.chatter === null) continue
      counts.set(cleaned.chatter, (counts.get(cleaned.chatter) ?? 0) + 1)
      const cell = raw.title.replace(/\s+/g, " ").trim()
      listed.push(
        `${name}:${raw.line + 1}\t${cleaned.chatter}\t${JSON.stringify(cleaned.title)}\t<- ${cell.slice(0, 90)}`
      )
    }
  })
}
if (flag === "--list") for (const line of listed) process.stdout.write(`${line}\n`)
process.stdout.write(`${JSON.stringify({ rows, chatter: Object.fromEntries([...counts].sort()) })}\n`)
