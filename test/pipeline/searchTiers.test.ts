/**
 * The search index's tiers (pure): where the recent tier starts, that every day lands in exactly one bundle (the
 * recent one or its year's), that a night with one new day leaves the archive's years alone and a month's
 * rollover changes one year only, and that a bundle is kept exactly when its pages did not change.
 */
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { addDays, type IsoDate } from "../../src/domain/IsoDate.ts"
import {
  BUNDLE_RECIPE,
  PAGEFIND_VERSION,
  planBundle,
  recentFrom,
  type SearchTier,
  searchBundleFolders,
  splitTiers,
  TIER_MANIFEST,
  tierFolder,
  tierManifest
} from "../../src/pipeline/searchTiers.ts"

const day = (text: string) => text as IsoDate
const sha = (text: string) => createHash("sha256").update(text).digest("hex")

/** Days from 2020 to 2029 (fast-check's dates, as ISO days). */
const isoDay = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2029-12-31T00:00:00Z"), noInvalidDate: true })
  .map((date) => day(date.toISOString().slice(0, 10)))

describe("recentFrom", () => {
  it("is the first of the month in which the refresh window starts", () => {
    assert.strictEqual(recentFrom(day("2026-11-30"), 14), "2026-11-01")
    assert.strictEqual(recentFrom(day("2026-11-14"), 14), "2026-10-01")
    assert.strictEqual(recentFrom(day("2026-11-15"), 14), "2026-11-01")
    assert.strictEqual(recentFrom(day("2026-01-05"), 14), "2025-12-01")
    assert.strictEqual(recentFrom(day("2026-03-01"), 0), "2026-03-01")
    assert.strictEqual(recentFrom(day("2026-08-21"), 90), "2026-05-01")
  })

  it("never reaches into the refresh window and holds at most refreshDays + 31 days", () =>
    fc.assert(
      fc.property(isoDay, fc.nat({ max: 120 }), (newest, refreshDays) => {
        const from = recentFrom(newest, refreshDays)
        assert.isTrue(from <= addDays(newest, -refreshDays), `${from} after the refresh window's start`)
        assert.isTrue(from > addDays(newest, -refreshDays - 31), `${from} a month too early`)
        assert.match(from, /-01$/)
      })
    ))
})

describe("splitTiers", () => {
  const plain = (tiers: ReturnType<typeof splitTiers>) =>
    tiers.map(({ tier, days }) => ({ tier, days: days.map(String) }))
  it("puts each day in the recent tier (the primary, first) or its year's, newest year first, none empty", () => {
    const days = ["2026-08-21", "2024-09-04", "2026-08-01", "2026-07-31", "2025-12-31", "2025-01-01"].map(day)
    assert.deepStrictEqual(plain(splitTiers(days, 14)), [
      { tier: "recent", days: ["2026-08-01", "2026-08-21"] },
      { tier: "archive/2026", days: ["2026-07-31"] },
      { tier: "archive/2025", days: ["2025-01-01", "2025-12-31"] },
      { tier: "archive/2024", days: ["2024-09-04"] }
    ])
    assert.deepStrictEqual(plain(splitTiers([day("2026-08-21"), day("2026-08-02")], 14)), [
      { tier: "recent", days: ["2026-08-02", "2026-08-21"] }
    ])
    // a recent tier that reaches back into December: December stays with the recent days, not with its year
    assert.deepStrictEqual(plain(splitTiers(["2026-01-05", "2025-12-01", "2025-11-30"].map(day), 14)), [
      { tier: "recent", days: ["2025-12-01", "2026-01-05"] },
      { tier: "archive/2025", days: ["2025-11-30"] }
    ])
    assert.deepStrictEqual(splitTiers([], 14), [])
    assert.deepStrictEqual(searchBundleFolders(days, 14), [
      "pagefind/recent",
      "pagefind/archive/2026",
      "pagefind/archive/2025",
      "pagefind/archive/2024"
    ])
    assert.deepStrictEqual(searchBundleFolders([], 14), [])
  })

  it("puts every day in exactly one bundle: the recent one from recentFrom on, else its own year's", () =>
    fc.assert(
      fc.property(
        fc.uniqueArray(isoDay, { minLength: 1, maxLength: 80 }),
        fc.nat({ max: 120 }),
        (days, refreshDays) => {
          const tiers = splitTiers(days, refreshDays)
          const held = tiers.flatMap((tier) => tier.days)
          assert.deepStrictEqual([...held].sort(), [...days].sort())
          assert.strictEqual(new Set(held).size, held.length)
          assert.strictEqual(new Set(tiers.map((tier) => tier.tier)).size, tiers.length)
          const from = recentFrom([...days].sort().at(-1)!, refreshDays)
          assert.strictEqual(tiers[0]?.tier, "recent")
          for (const { tier, days: tierDays } of tiers) {
            assert.isNotEmpty(tierDays)
            assert.deepStrictEqual([...tierDays], [...tierDays].sort())
            if (tier === "recent") assert.isTrue(tierDays.every((d) => d >= from))
            else
              assert.isTrue(
                tierDays.every((d) => d < from && tier === `archive/${d.slice(0, 4)}`),
                tier
              )
          }
          // the years after the recent tier, newest first
          const years = tiers.slice(1).map((tier) => tier.tier)
          assert.deepStrictEqual(years, [...years].sort().reverse())
        }
      )
    ))

  it("a new day leaves every year alone until the month boundary moves, and then changes only the years it passes", () =>
    fc.assert(
      fc.property(
        fc.uniqueArray(isoDay, { minLength: 1, maxLength: 60 }),
        fc.nat({ max: 40 }),
        (days, step) => {
          const before = splitTiers(days, 14)
          const newest = [...days].sort().at(-1)!
          const next = addDays(newest, step + 1)
          const after = splitTiers([...days, next], 14)
          const years = (tiers: typeof before) =>
            new Map(tiers.filter((tier) => tier.tier !== "recent").map((tier) => [tier.tier, tier.days]))
          const [was, is] = [years(before), years(after)]
          const [oldFrom, newFrom] = [recentFrom(newest, 14), recentFrom(next, 14)]
          for (const tier of new Set([...was.keys(), ...is.keys()])) {
            // a year gains the days that leave the recent tier when its boundary moves, and nothing else changes
            const left = days.filter(
              (d) => d >= oldFrom && d < newFrom && `archive/${d.slice(0, 4)}` === tier
            )
            assert.deepStrictEqual(is.get(tier), [...(was.get(tier) ?? []), ...left].sort(), tier)
          }
          if (oldFrom === newFrom) assert.deepStrictEqual(is, was)
          assert.include(after[0]?.days ?? [], next)
        }
      )
    ))
})

const manifestsOf = (pages: ReadonlyMap<IsoDate, string>) =>
  splitTiers([...pages.keys()], 14).map(({ tier, days }) => ({
    tier,
    manifest: tierManifest(
      tier,
      days.map((d) => ({ path: `day/${d}.html`, sha256: pages.get(d)! }))
    )
  }))

/** What a publish of these bundles records (the manifest's hash, and one index file per bundle). */
const publishedOf = (bundles: ReturnType<typeof manifestsOf>) =>
  Object.fromEntries(
    bundles.flatMap(({ tier, manifest }) => [
      [`${tierFolder(tier)}/${TIER_MANIFEST}`, { sha256: sha(manifest) }],
      [
        `${tierFolder(tier)}/index/zh-cn_${sha(manifest).slice(0, 7)}.pf_index`,
        { sha256: sha(`i${manifest}`) }
      ]
    ])
  )

describe("tierManifest and planBundle", () => {
  const pages = [
    { path: "day/2025-08-01.html", sha256: sha("a") },
    { path: "day/2025-08-21.html", sha256: sha("b") }
  ]
  const tier: SearchTier = "archive/2025"
  const manifest = tierManifest(tier, pages)
  const published = {
    "pagefind/archive/2025/pages.json": { sha256: sha(manifest) },
    "pagefind/archive/2025/index/zh-cn_1.pf_index": { sha256: sha("i") },
    "pagefind/archive/2025/fragment/zh-cn_2.pf_fragment": { sha256: sha("f") },
    "pagefind/archive/2024/index/zh-cn_3.pf_index": { sha256: sha("j") },
    "pagefind/recent/pagefind.js": { sha256: sha("js") },
    "day/2025-08-01.html": { sha256: sha("a") }
  }

  it("writes the same text for the same pages in any order, naming Pagefind's version, the recipe and the tier", () => {
    assert.strictEqual(tierManifest(tier, [...pages].reverse()), manifest)
    assert.deepStrictEqual(JSON.parse(manifest), {
      pagefind: PAGEFIND_VERSION,
      recipe: 2,
      tier: "archive/2025",
      pages: { "day/2025-08-01.html": sha("a"), "day/2025-08-21.html": sha("b") }
    })
    assert.strictEqual(BUNDLE_RECIPE, 2)
    assert.notStrictEqual(tierManifest("recent", pages), manifest)
    assert.notStrictEqual(tierManifest("archive/2024", pages), manifest)
  })

  it("keeps the published bundle, its own files only (not another year's), when its manifest is tonight's", () => {
    assert.deepStrictEqual(planBundle(tier, manifest, published), {
      _tag: "Keep",
      files: [
        "pagefind/archive/2025/fragment/zh-cn_2.pf_fragment",
        "pagefind/archive/2025/index/zh-cn_1.pf_index",
        "pagefind/archive/2025/pages.json"
      ]
    })
  })

  it("builds when a page changed, came or went, or nothing was published (or trusted)", () => {
    const changed = tierManifest(tier, [pages[0]!, { path: "day/2025-08-21.html", sha256: sha("b2") }])
    const added = tierManifest(tier, [...pages, { path: "day/2025-08-22.html", sha256: sha("c") }])
    const removed = tierManifest(tier, [pages[0]!])
    for (const other of [changed, added, removed])
      assert.deepStrictEqual(planBundle(tier, other, published), { _tag: "Build" })
    assert.deepStrictEqual(planBundle(tier, manifest, {}), { _tag: "Build" })
    // another tier's manifest never stands for this one
    assert.deepStrictEqual(planBundle("archive/2024", manifest, published), { _tag: "Build" })
  })

  it("builds every bundle over a state published with the two-tier layout (recipe 1, one archive bundle)", () => {
    // what 628e983 published: pagefind/recent/ and pagefind/archive/, each manifest with recipe 1
    const recentPages = [{ path: "day/2026-08-21.html", sha256: sha("r") }]
    const oldManifest = (name: string, tierPages: typeof pages) =>
      tierManifest("recent", tierPages).replace('"recipe": 2', '"recipe": 1').replace('"recent"', `"${name}"`)
    const old = {
      "pagefind/recent/pages.json": { sha256: sha(oldManifest("recent", recentPages)) },
      "pagefind/archive/pages.json": { sha256: sha(oldManifest("archive", pages)) },
      "pagefind/archive/index/zh-cn_1.pf_index": { sha256: sha("i") }
    }
    assert.deepStrictEqual(planBundle("recent", tierManifest("recent", recentPages), old), { _tag: "Build" })
    assert.deepStrictEqual(planBundle(tier, manifest, old), { _tag: "Build" })
  })

  it("keeps exactly the bundles whose pages are unchanged after a night (a new day, a rewritten day)", () =>
    fc.assert(
      fc.property(
        fc.uniqueArray(isoDay, { minLength: 1, maxLength: 60 }),
        fc.nat({ max: 40 }),
        fc.nat(),
        fc.boolean(),
        (days, step, pick, rewrite) => {
          const pages = new Map(days.map((d) => [d, sha(d)]))
          const lastNight = manifestsOf(pages)
          const published = publishedOf(lastNight)
          const tonightPages = new Map(pages)
          if (rewrite) {
            const old = [...pages.keys()].sort()[pick % pages.size]!
            tonightPages.set(old, sha(`${old} rewritten`))
          } else tonightPages.set(addDays([...pages.keys()].sort().at(-1)!, step + 1), sha("new"))
          const tonight = manifestsOf(tonightPages)
          const daysOf = (pagesOf: ReadonlyMap<IsoDate, string>, tier: SearchTier) =>
            splitTiers([...pagesOf.keys()], 14)
              .find((t) => t.tier === tier)
              ?.days.map((d) => `${d}:${pagesOf.get(d)}`)
          for (const { tier, manifest } of tonight) {
            const plan = planBundle(tier, manifest, published)
            const unchanged =
              JSON.stringify(daysOf(tonightPages, tier)) === JSON.stringify(daysOf(pages, tier))
            assert.strictEqual(plan._tag, unchanged ? "Keep" : "Build", tier)
            if (plan._tag === "Keep")
              assert.isTrue(plan.files.every((path) => path.startsWith(`${tierFolder(tier)}/`)))
          }
          // the recent tier always holds the new day; a rewritten day rebuilds its own bundle only
          if (!rewrite)
            assert.strictEqual(planBundle("recent", tonight[0]!.manifest, published)._tag, "Build")
          else
            assert.isAtMost(
              tonight.filter(({ tier, manifest }) => planBundle(tier, manifest, published)._tag === "Build")
                .length,
              1
            )
        }
      )
    ))

  it("names the Pagefind the project installs", () => {
    const installed = JSON.parse(
      readFileSync(new URL("../../node_modules/pagefind/package.json", import.meta.url), "utf8")
    )
    assert.strictEqual(PAGEFIND_VERSION, installed.version)
  })
})
