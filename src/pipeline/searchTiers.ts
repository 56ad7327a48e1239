/**
 * The search index in tiers, and when a tier's Pagefind bundle may be kept as published. Pagefind cannot update
 * an index, so the day pages are split where they stop changing: a night with one new day rebuilds the small
 * "recent" bundle and keeps the archive's. The archive is one bundle while it fits a byte budget (each bundle
 * costs a reader's search more requests), and is split in runs of whole months beyond it (Pagefind's memory
 * grows with the pages it reads). Pure functions; searchIndex.ts runs Pagefind.
 */
import { createHash } from "node:crypto"
import { addDays, type IsoDate, latestDate } from "../domain/IsoDate.ts"
import { SEARCH_INDEX_FOLDER } from "../emit/site/renderSearchPage.ts"

/**
 * A bundle: "recent", the primary (the search page imports its `pagefind.js`, whose WebAssembly serves every
 * bundle, and merges the others; it exists whenever a day page does), or a run of the archive's months, named by
 * its first month, "archive/2025-01".
 */
export type SearchTier = "recent" | `archive/${number}-${number}`

/** The primary tier: the days the refresh window can still change. */
export const RECENT_TIER = "recent" satisfies SearchTier

/** The archive's bundle that starts with the month of a day. */
export const archiveTier = (day: IsoDate): SearchTier => `archive/${day.slice(0, 7)}` as SearchTier

/**
 * The archive's byte budget per bundle: the HTML bytes of its day pages, which Pagefind's peak memory follows
 * (about 17x on the real pages, 14x on the bench's). Every bundle costs a reader's search requests of its own
 * (on the real archive, a bundle per year took 扩散模型 from 19 to 29 requests, 385 to 564 KiB), so the archive
 * stays one bundle while Pagefind can read it: 128 MiB of pages is a Pagefind peak near 2 GB, and holds the real
 * archive of 2026-12 (about 110 MB of archive day pages) in one bundle. README "Search".
 */
export const ARCHIVE_BUNDLE_BYTES = 128 * 1024 * 1024

/** Where a tier's bundle is published, under the output folder. */
export const tierFolder = (tier: SearchTier): string => `${SEARCH_INDEX_FOLDER}/${tier}`

/** The bundle's own record of the pages it was built from, in its folder: what the next run compares. */
export const TIER_MANIFEST = "pages.json"

/**
 * The Pagefind version whose bundles are published (the package pins it; a test checks the installed one):
 * a kept bundle must be one the primary's `pagefind.js` can merge.
 */
export const PAGEFIND_VERSION = "1.6.0"

/**
 * Bump when what a bundle holds changes for the same pages (Pagefind's options, the files published, the split):
 * 1 was the two-tier layout (one `archive` bundle), 2 the archive by year, 3 the archive by months in a budget.
 */
export const BUNDLE_RECIPE = 3

const monthOf = (day: IsoDate): string => day.slice(0, 7)

const firstOfMonth = (day: IsoDate): IsoDate => `${monthOf(day)}-01` as IsoDate

/**
 * The first day of the recent tier: the first of the month in which the refresh window starts
 * (`enrich.refreshDays` before the newest day). A day page changes after its night only when its papers are
 * asked again (the refresh window), when a day is added beside it (the newest page's "next" link) or when an
 * old digest is rewritten (rare): the first two stay in the recent tier, so the archive changes once a month,
 * when the boundary moves and whole months leave the recent tier; a recent tier holds between refreshDays and
 * refreshDays + 31 days.
 */
export const recentFrom = (newest: IsoDate, refreshDays: number): IsoDate =>
  firstOfMonth(addDays(newest, -refreshDays))

export interface TierDays {
  readonly tier: SearchTier
  readonly days: ReadonlyArray<IsoDate>
}

/** A day page and its size in bytes (its HTML, as published). */
export interface DayPageSize {
  readonly day: IsoDate
  readonly bytes: number
}

/**
 * The archive's months in bundles: runs of whole consecutive months, grouped from the oldest while the group's
 * pages stay within `budget` bytes; a month alone over it is a bundle of its own. A month's pages do not change
 * once it has left the recent tier, so the older groups stay as they were: a month that leaves the recent tier
 * extends the newest group or opens one (and only a rewritten old digest can move a boundary).
 */
const archiveGroups = (
  months: ReadonlyArray<{
    readonly month: string
    readonly days: ReadonlyArray<IsoDate>
    readonly bytes: number
  }>,
  budget: number
): ReadonlyArray<TierDays> => {
  const groups: Array<{ tier: SearchTier; days: Array<IsoDate>; bytes: number }> = []
  for (const month of months) {
    const last = groups.at(-1)
    if (last !== undefined && last.bytes + month.bytes <= budget) {
      last.days.push(...month.days)
      last.bytes += month.bytes
    } else groups.push({ tier: archiveTier(month.days[0]!), days: [...month.days], bytes: month.bytes })
  }
  return groups.map(({ tier, days }) => ({ tier, days }))
}

/**
 * The tiers that hold a day, each with its days in ascending order: the recent one (the primary) first, then
 * the archive's bundles, newest first (the order the search page merges them in). `budget` is the archive's
 * bytes per bundle (ARCHIVE_BUNDLE_BYTES; tests pass a tiny one).
 */
export const splitTiers = (
  pages: ReadonlyArray<DayPageSize>,
  refreshDays: number,
  budget: number = ARCHIVE_BUNDLE_BYTES
): ReadonlyArray<TierDays> => {
  const newest = latestDate(pages.map(({ day }) => day))
  if (newest === null) return []
  const from = recentFrom(newest, refreshDays)
  const recent: Array<IsoDate> = []
  const months: Array<{ month: string; days: Array<IsoDate>; bytes: number }> = []
  for (const { day, bytes } of [...pages].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))) {
    if (day >= from) recent.push(day)
    else {
      const last = months.at(-1)
      if (last?.month === monthOf(day)) {
        last.days.push(day)
        last.bytes += bytes
      } else months.push({ month: monthOf(day), days: [day], bytes })
    }
  }
  return [{ tier: RECENT_TIER, days: recent }, ...[...archiveGroups(months, budget)].reverse()]
}

export interface IndexedPage {
  readonly path: string
  readonly sha256: string
}

/** The manifest's text: the same pages (paths and bytes) give the same text, in any order. */
export const tierManifest = (tier: SearchTier, pages: ReadonlyArray<IndexedPage>): string => {
  const sorted = [...pages].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const lines = sorted.map((page) => `  ${JSON.stringify(page.path)}: ${JSON.stringify(page.sha256)}`)
  return (
    `{\n "pagefind": ${JSON.stringify(PAGEFIND_VERSION)},\n "recipe": ${BUNDLE_RECIPE},\n` +
    ` "tier": ${JSON.stringify(tier)},\n "pages": {\n${lines.join(",\n")}\n }\n}\n`
  )
}

/** What to do with a tier's bundle tonight. */
export type BundlePlan =
  | { readonly _tag: "Keep"; readonly files: ReadonlyArray<string> }
  | { readonly _tag: "Build" }

/**
 * Keep the published bundle when its manifest (recorded by the last publish, which is trusted: it wrote the
 * folder) holds exactly tonight's manifest: the same Pagefind, the same pages with the same bytes. Pagefind's
 * output depends on nothing else (tested), so the kept files are the bytes a rebuild would give.
 */
export const planBundle = (
  tier: SearchTier,
  manifest: string,
  published: Readonly<Record<string, { readonly sha256: string }>>
): BundlePlan => {
  const folder = `${tierFolder(tier)}/`
  const recorded = published[`${folder}${TIER_MANIFEST}`]
  if (recorded === undefined || recorded.sha256 !== createHash("sha256").update(manifest).digest("hex"))
    return { _tag: "Build" }
  return {
    _tag: "Keep",
    files: Object.keys(published)
      .filter((path) => path.startsWith(folder))
      .sort()
  }
}
