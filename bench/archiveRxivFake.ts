/**
 * The loopback bioRxiv/medRxiv fake for benchmarks over the real archive (realArchive.ts, site.ts). The bare
 * fake lists only its recorded fixtures on a posting day, so every archive DOI the request plan looks for in its
 * day's interval is missing there and costs a per-DOI call of its own: 37,157 calls for the first backfill,
 * 9 minutes at the scaled spacing, where the plan needs ~3,800 (README "bioRxiv/medRxiv API"). This one posts
 * each archive DOI on every digest date listing it (as the upstream asks `details/…/D/D/0` for file D), version
 * 1 on the first, a revision on each later one, as the API lists each version on its posting day; among the
 * day's other versions, in a scrambled order, as bench:rxiv's wire measurement does: the day's volume is its row
 * count in layout A (which listed every version posted that day), the planner's median elsewhere.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { RXIV } from "../src/domain/ServiceDefaults.ts"
import { type FakeRxiv, startFakeRxiv } from "../test/fakes/FakeRxiv.ts"

const SERVERS = ["biorxiv", "medrxiv"] as const
const LAYOUT_A_END = "2025-02-23"
const PDF_LINK =
  /\[PDF\]\((?:https?:\/\/doi\.org\/|https?:\/\/www\.(?:bio|med)rxiv\.org\/content\/)([^)\s]+?)(?:v\d+\.full\.pdf)?\)/g

export interface ArchivePostings {
  /** DOIs by `server date`, each on every digest date listing it (a version a day). */
  readonly posted: Readonly<Record<string, ReadonlyArray<string>>>
  /** Versions the server posted that day, by `server date`. */
  readonly volume: ReadonlyMap<string, number>
}

/** Reads every `YYYY-MM-DD-{biorxiv,medrxiv}.md` of the folder (a regex over `[PDF](` links). */
export const archivePostings = (folder: string): ArchivePostings => {
  const posted: Record<string, Array<string>> = {}
  const volume = new Map<string, number>()
  for (const name of readdirSync(folder).sort()) {
    const match = /^(\d{4}-\d{2}-\d{2})-(biorxiv|medrxiv)\.md$/.exec(name)
    if (match === null) continue
    const [, date, server] = match as unknown as [string, string, (typeof SERVERS)[number]]
    const text = readFileSync(join(folder, name), "utf8")
    const dois = [...text.matchAll(PDF_LINK)].map((link) => (link[1] ?? "").toLowerCase())
    posted[`${server} ${date}`] = [...new Set(dois)]
    if (date <= LAYOUT_A_END) volume.set(`${server} ${date}`, dois.length)
  }
  return { posted, volume }
}

export const startArchiveRxivFake = (folder: string): Promise<FakeRxiv> => {
  const { posted, volume } = archivePostings(folder)
  return startFakeRxiv({
    posted,
    postings: (server, date) => {
      const day = `${server} ${date}`
      const versions = volume.get(day) ?? RXIV.versionsPerDay[server as (typeof SERVERS)[number]] ?? 0
      return Math.max(0, versions - (posted[day]?.length ?? 0))
    },
    interleave: true
  })
}
