/**
 * The search index in tiers, and when a tier's Pagefind bundle may be kept as published. Pagefind cannot update
 * an index, so the day pages are split where they stop changing: a night with one new day rebuilds the small
 * "recent" bundle and keeps the archive's, one bundle per calendar year, so that no Pagefind run reads more than
 * a year of pages (its memory grows with the pages it reads) and a month's rollover rebuilds one year only.
 * Pure functions; searchIndex.ts runs Pagefind.
 */
import { createHash } from "node:crypto"
import { addDays, type IsoDate, latestDate } from "../domain/IsoDate.ts"
import { SEARCH_INDEX_FOLDER } from "../emit/site/renderSearchPage.ts"

/**
 * A bundle: "recent", the primary (the search page imports its `pagefind.js`, whose WebAssembly serves every
 * bundle, and merges the others; it exists whenever a day page does), or a year of the archive, "archive/2025".
 */
export type SearchTier = "recent" | `archive/${number}`

/** The primary tier: the days the refresh window can still change. */
export const RECENT_TIER = "recent" satisfies SearchTier

/** The archive's bundle for the year of a day. */
export const archiveTier = (day: IsoDate): SearchTier => `archive/${day.slice(0, 4)}` as SearchTier

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
 * 1 was the two-tier layout (one `archive` bundle), 2 the archive by year.
 */
export const BUNDLE_RECIPE = 2

const firstOfMonth = (day: IsoDate): IsoDate => `${day.slice(0, 8)}01` as IsoDate

/**
 * The first day of the recent tier: the first of the month in which the refresh window starts
 * (`enrich.refreshDays` before the newest day). A day page changes after its night only when its papers are
 * asked again (the refresh window), when a day is added beside it (the newest page's "next" link) or when an
 * old digest is rewritten (rare): the first two stay in the recent tier, so the archive changes once a month,
 * when the boundary moves, and then only in the year of the days that leave the recent tier (one month's, unless
 * nights were missed for longer); a recent tier holds between refreshDays and refreshDays + 31 days.
 */
export const recentFrom = (newest: IsoDate, refreshDays: number): IsoDate =>
  firstOfMonth(addDays(newest, -refreshDays))

export interface TierDays {
  readonly tier: SearchTier
  readonly days: ReadonlyArray<IsoDate>
}

/**
 * The tiers that hold a day, each with its days in ascending order: the recent one (the primary) first, then
 * the archive's years, newest first (the order the search page merges them in).
 */
export const splitTiers = (days: ReadonlyArray<IsoDate>, refreshDays: number): ReadonlyArray<TierDays> => {
  const newest = latestDate(days)
  if (newest === null) return []
  const from = recentFrom(newest, refreshDays)
  const recent: Array<IsoDate> = []
  const years = new Map<SearchTier, Array<IsoDate>>()
  for (const day of [...days].sort()) {
    if (day >= from) recent.push(day)
    else {
      const tier = archiveTier(day)
      const year = years.get(tier)
      if (year === undefined) years.set(tier, [day])
      else year.push(day)
    }
  }
  const archive = [...years]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([tier, yearDays]) => ({ tier, days: yearDays }))
  return [{ tier: RECENT_TIER, days: recent }, ...archive]
}

/** The folders of the bundles the search page loads, primary first (none without day pages). */
export const searchBundleFolders = (
  days: ReadonlyArray<IsoDate>,
  refreshDays: number
): ReadonlyArray<string> => splitTiers(days, refreshDays).map(({ tier }) => tierFolder(tier))

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
