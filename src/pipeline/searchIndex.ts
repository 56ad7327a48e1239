/**
 * The site's search index: Pagefind (its binary, as a process of its own: pagefindProcess.ts; SearchIndexer.ts lets
 * a test put a memo of it in its place) reads the day pages as they are about to be published, from the staging
 * folder or, for a day copied from the last run, from the published folder, and returns a bundle, which the
 * publisher stages beside the pages (publishOutputs). Pagefind cannot add pages to an existing index, so the pages
 * are split in tiers (searchTiers.ts: the recent days, then the archive's months in bundles within a byte budget):
 * a tier whose pages are the ones its published bundle was built from keeps that bundle; only the others are
 * built, one Pagefind process after another. The step also writes search.js, which lists the bundles.
 */
import { Effect } from "effect"
import type { IsoDate } from "../domain/IsoDate.ts"
import { dayPagePath } from "../emit/site/renderDayPage.ts"
import { renderSearchScript, SEARCH_INDEX_FOLDER, SEARCH_SCRIPT } from "../emit/site/renderSearchPage.ts"
import { type ExtraFiles, PublishError, type StagedView } from "./incremental/Incremental.ts"
import { type IndexFile, SearchIndexError } from "./SearchIndexError.ts"
import { SearchIndexer } from "./SearchIndexer.ts"
import {
  type DayPageSize,
  planBundle,
  RECENT_TIER,
  type SearchTier,
  splitTiers,
  TIER_MANIFEST,
  tierFolder,
  tierManifest
} from "./searchTiers.ts"
import { logStage, timed } from "./stageLog.ts"

export { type IndexFile, SearchIndexError }

const DAY_PAGE = /^day\/(\d{4}-\d{2}-\d{2})\.html$/

/** The pages the index reads: every day page, each paper a sub-result under its heading's id. */
export const isIndexedPage = (path: string): boolean => DAY_PAGE.test(path)

const encoder = new TextEncoder()

/** One tier: its bundle kept as published, or built from its pages with its manifest beside it. */
const tierBundle = (tier: SearchTier, days: ReadonlyArray<IsoDate>, staged: StagedView) =>
  Effect.gen(function* () {
    const pages = days.map(dayPagePath)
    const indexed = []
    for (const path of pages) {
      const sha256 = staged.sha256(path)
      if (sha256 === undefined)
        return yield* new SearchIndexError({
          message: `no hash for ${path}: it is not about to be published`
        })
      indexed.push({ path, sha256 })
    }
    const manifest = tierManifest(tier, indexed)
    const plan = planBundle(tier, manifest, staged.published)
    if (plan._tag === "Keep") {
      yield* logStage("search index kept", {
        stage: "emit",
        tier,
        pages: pages.length,
        files: plan.files.length
      })
      return { built: [], kept: plan.files }
    }
    const folder = tierFolder(tier)
    const role = tier === RECENT_TIER ? "primary" : "merged"
    const indexer = yield* SearchIndexer
    const [files, ms] = yield* timed(indexer.build(pages, staged.read, { folder, role }))
    const built = [...files, { path: `${folder}/${TIER_MANIFEST}`, bytes: encoder.encode(manifest) }]
    // Pagefind reads every page of the tier again: worth a line of its own in the log.
    yield* logStage("search index built", {
      stage: "emit",
      tier,
      pages: pages.length,
      files: built.length,
      bytes: built.reduce((sum, file) => sum + file.bytes.length, 0),
      ms
    })
    return { built, kept: [] as ReadonlyArray<string> }
  })

/**
 * The publisher's hook: the bundles of the day pages about to be published, in tiers split by the pipeline's
 * refresh window and, for the archive, by months within `budget` bytes of pages (searchTiers.ts); a tier whose
 * pages did not change keeps its published bundle. search.js, which merges them, is written with them. The tiers are built in turn, never two Pagefind processes at once: its memory grows with the pages it
 * reads, so a run's peak is that of its largest tier. Its folder is Pagefind's alone (a file of an older layout
 * there is removed by the publisher). Each tier logs whether it was built or kept ("search index built" / "kept").
 */
export const searchIndexFiles = (refreshDays: number, budget: number): ExtraFiles => ({
  folder: SEARCH_INDEX_FOLDER,
  // The day pages alone: staged first, they are indexed while the cumulative files are staged.
  reads: isIndexedPage,
  files: (staged: StagedView) =>
    Effect.gen(function* () {
      const pages: Array<DayPageSize> = []
      for (const path of staged.paths) {
        const day = DAY_PAGE.exec(path)?.[1]
        if (day === undefined) continue
        const bytes = staged.bytes(path)
        if (bytes === undefined)
          return yield* new SearchIndexError({
            message: `no size for ${path}: it is not about to be published`
          })
        pages.push({ day: day as IsoDate, bytes })
      }
      const tiers = splitTiers(pages, refreshDays, budget)
      const files: Array<IndexFile> = [
        {
          path: SEARCH_SCRIPT,
          bytes: encoder.encode(renderSearchScript(tiers.map(({ tier }) => tierFolder(tier))))
        }
      ]
      const kept: Array<string> = []
      for (const { tier, days: tierDays } of tiers) {
        const bundle = yield* tierBundle(tier, tierDays, staged)
        files.push(...bundle.built)
        kept.push(...bundle.kept)
      }
      return { files, kept }
    }).pipe(
      Effect.catchTag("SearchIndexError", (error) =>
        Effect.fail(new PublishError({ path: SEARCH_INDEX_FOLDER, message: error.message, cause: error }))
      )
    )
})
