/** Loads the real digests of ../shared/fixtures/digests and reads their PDF cells the simplest possible way. */
import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import { type DigestKind, kindFromFileName } from "../../src/domain/DigestFile.ts"
import { dateFromFileName, type IsoDate } from "../../src/domain/IsoDate.ts"
import type { DigestInput } from "../../src/parse/parseDigest.ts"

export const digestsDir = path.resolve(import.meta.dirname, "../../../shared/fixtures/digests")

export interface Fixture extends DigestInput {
  readonly path: string
  readonly date: IsoDate
  readonly kind: DigestKind
  readonly content: string
}

const load = (relative: string): Fixture => {
  // history/2025-11-11-arxiv.before-rewrite.md is that day's arXiv digest as first published.
  const name = relative.replace(".before-rewrite", "")
  const date = dateFromFileName(name)
  const kind = kindFromFileName(name)
  if (date === undefined || kind === undefined) throw new Error(`unexpected fixture name ${relative}`)
  return { path: relative, date, kind, content: readFileSync(path.join(digestsDir, relative), "utf8") }
}

/** Every fixture file, history/ included, in name order. */
export const fixtures: ReadonlyArray<Fixture> = [
  ...readdirSync(digestsDir).filter((name) => name.endsWith(".md")),
  ...readdirSync(path.join(digestsDir, "history")).map((name) => `history/${name}`)
]
  .sort()
  .map(load)

export const fixture = (relative: string): Fixture => {
  const found = fixtures.find((f) => f.path === relative)
  if (found === undefined) throw new Error(`no fixture ${relative}`)
  return found
}

export interface GrepRow {
  readonly author: string
  readonly id: string | null
  readonly version: number | null
}

/**
 * The PDF cells of a raw file, read with one plain regex and no parser code: `| author | [PDF](url) |` or
 * `| author | PDF缺失 |` (with the date between in layout C). An id counts only inside a `[PDF](…)` link, so
 * arXiv ids quoted in abstracts (`arXiv:1809.08360v1`) are not mistaken for rows.
 */
export const grepRows = (content: string): ReadonlyArray<GrepRow> =>
  [
    ...content.matchAll(/\| ([^|\n]*?) \| (?:\d{4}-\d{2}-\d{2} \| )?(?:\[PDF\]\(([^)\n]*)\)|PDF缺失) \|/g)
  ].map((match) => {
    const link = match[2]?.match(/arxiv\.org\/pdf\/(.+?)v(\d+)$/)
    return {
      author: match[1]!,
      id: link?.[1] ?? null,
      version: link?.[2] === undefined ? null : Number(link[2])
    }
  })

/** The keys of a `parse --json` paper line, in DESIGN.md's order. */
export const NDJSON_PAPER_KEYS = [
  "kind",
  "file",
  "line",
  "date",
  "arxivId",
  "version",
  "author",
  "title",
  "abstract",
  "titleNote",
  "abstractNote",
  "translationFailed",
  "layout"
]

/** The ten ids of the 2025-10-06 digest, as ../shared/fixtures/arxiv/papers-2025-10-06.md lists them. */
export const IDS_2025_10_06 = [
  "2510.03232",
  "2510.03231",
  "2510.03230",
  "2510.03228",
  "2510.03224",
  "2510.03223",
  "2510.03222",
  "2510.03217",
  "2510.03216",
  "2510.03215"
]
