/**
 * The search index's tiers (pure): where the recent tier starts, that every day lands in exactly one bundle (the
 * recent one or a run of the archive's whole months within the byte budget), that a month leaving the recent
 * tier changes the newest archive bundle at most, and that a bundle is kept exactly when its pages did not change.
 */
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { addDays, type IsoDate } from "../../src/domain/IsoDate.ts"
import {
  BUNDLE_RECIPE,
  type DayPageSize,
  PAGEFIND_VERSION,
  planBundle,
  recentFrom,
  type SearchTier,
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

/** Days with their pages' sizes in bytes. */
const sized = (entries: ReadonlyArray<readonly [string, number]>): ReadonlyArray<DayPageSize> =>
  entries.map(([d, bytes]) => ({ day: day(d), bytes }))

/** Distinct days, each with a page size of 1 to 100 bytes. */
const sizedDays = (maxLength: number) =>
  fc
    .uniqueArray(fc.tuple(isoDay, fc.integer({ min: 1, max: 100 })), {
      minLength: 1,
      maxLength,
      selector: ([d]) => d
    })
    .map(sized)

const monthOf = (d: string) => d.slice(0, 7)

/** The archive's bundles, oldest first, with their days. */
const archiveOf = (tiers: ReturnType<typeof splitTiers>) =>
  tiers
    .filter(({ tier }) => tier !== "recent")
    .reverse()
    .map(({ tier, days }) => ({ tier, days: days.map(String) }))

describe("splitTiers", () => {
  const plain = (tiers: ReturnType<typeof splitTiers>) =>
    tiers.map(({ tier, days }) => ({ tier, days: days.map(String) }))
  const days = sized([
    ["2026-08-21", 10],
    ["2024-09-04", 30],
    ["2026-08-01", 10],
    ["2026-07-31", 25],
    ["2025-12-31", 20],
    ["2025-12-01", 20],
    ["2025-01-01", 15]
  ])

  it("keeps the archive one bundle, named by its first month, while its pages fit the budget", () => {
    const expected = [
      { tier: "recent", days: ["2026-08-01", "2026-08-21"] },
      {
        tier: "archive/2024-09",
        days: ["2024-09-04", "2025-01-01", "2025-12-01", "2025-12-31", "2026-07-31"]
      }
    ]
    assert.deepStrictEqual(plain(splitTiers(days, 14, 110)), expected)
    assert.deepStrictEqual(plain(splitTiers(days, 14)), expected)
  })

  it("beyond the budget, groups whole months from the oldest; a month alone over it is its own bundle", () => {
    // 2026-07 (25 bytes) does not fit beside 2025-12 (40) in 45 bytes: it opens a bundle
    assert.deepStrictEqual(plain(splitTiers(days, 14, 45)), [
      { tier: "recent", days: ["2026-08-01", "2026-08-21"] },
      { tier: "archive/2026-07", days: ["2026-07-31"] },
      { tier: "archive/2025-12", days: ["2025-12-01", "2025-12-31"] },
      { tier: "archive/2024-09", days: ["2024-09-04", "2025-01-01"] }
    ])
    // 2025-12 (40 bytes) alone is over a budget of 30: a bundle of its own, never split
    assert.deepStrictEqual(
      plain(splitTiers(days, 14, 30)).map(({ tier }) => tier),
      ["recent", "archive/2026-07", "archive/2025-12", "archive/2025-01", "archive/2024-09"]
    )
    assert.deepStrictEqual(
      plain(
        splitTiers(
          sized([
            ["2026-08-21", 1],
            ["2026-08-02", 1]
          ]),
          14,
          1
        )
      ),
      [{ tier: "recent", days: ["2026-08-02", "2026-08-21"] }]
    )
    // a recent tier that reaches back into December: December stays with the recent days
    assert.deepStrictEqual(
      plain(
        splitTiers(
          sized([
            ["2026-01-05", 1],
            ["2025-12-01", 1],
            ["2025-11-30", 1]
          ]),
          14,
          1
        )
      ),
      [
        { tier: "recent", days: ["2025-12-01", "2026-01-05"] },
        { tier: "archive/2025-11", days: ["2025-11-30"] }
      ]
    )
    assert.deepStrictEqual(splitTiers([], 14), [])
  })

  it("puts every day in exactly one bundle; the archive's are runs of whole consecutive months within the budget", () =>
    fc.assert(
      fc.property(
        sizedDays(80),
        fc.nat({ max: 120 }),
        fc.integer({ min: 1, max: 400 }),
        (pages, refreshDays, budget) => {
          const tiers = splitTiers(pages, refreshDays, budget)
          const held = tiers.flatMap((tier) => tier.days)
          assert.deepStrictEqual([...held].sort(), pages.map(({ day }) => day).sort())
          assert.strictEqual(new Set(held).size, held.length)
          assert.strictEqual(new Set(tiers.map((tier) => tier.tier)).size, tiers.length)
          const from = recentFrom(
            pages
              .map(({ day }) => day)
              .sort()
              .at(-1)!,
            refreshDays
          )
          assert.strictEqual(tiers[0]?.tier, "recent")
          assert.isTrue(tiers[0]!.days.every((d) => d >= from))
          const bytesOf = new Map(pages.map(({ day, bytes }) => [String(day), bytes]))
          const archive = archiveOf(tiers)
          for (const { tier, days: groupDays } of archive) {
            assert.isNotEmpty(groupDays)
            assert.deepStrictEqual([...groupDays], [...groupDays].sort())
            assert.isTrue(groupDays.every((d) => d < from))
            // named by its first month
            assert.strictEqual(tier, `archive/${monthOf(groupDays[0]!)}`)
            const months = new Set(groupDays.map(monthOf))
            const bytes = groupDays.reduce((sum, d) => sum + bytesOf.get(d)!, 0)
            if (months.size > 1) assert.isAtMost(bytes, budget, tier)
          }
          // oldest first, each group after the last; no month in two groups (whole months)
          const flat = archive.flatMap(({ days: groupDays }) => groupDays)
          assert.deepStrictEqual(flat, [...flat].sort())
          const monthGroups = new Map<string, Set<string>>()
          for (const { tier, days: groupDays } of archive)
            for (const d of groupDays)
              monthGroups.set(monthOf(d), (monthGroups.get(monthOf(d)) ?? new Set()).add(tier))
          assert.isTrue([...monthGroups.values()].every((groups) => groups.size === 1))
          // greedy: a group could not have taken the next group's first month within the budget
          for (const [at, group] of archive.slice(0, -1).entries()) {
            const next = archive[at + 1]!
            const nextMonth = monthOf(next.days[0]!)
            const monthBytes = next.days
              .filter((d) => monthOf(d) === nextMonth)
              .reduce((sum, d) => sum + bytesOf.get(d)!, 0)
            const groupBytes = group.days.reduce((sum, d) => sum + bytesOf.get(d)!, 0)
            assert.isAbove(groupBytes + monthBytes, budget)
          }
        }
      )
    ))

  it("gives the same bundles for the same pages, in any order", () =>
    fc.assert(
      fc.property(
        sizedDays(60).chain((pages) =>
          fc.tuple(fc.constant(pages), fc.shuffledSubarray([...pages], { minLength: pages.length }))
        ),
        fc.integer({ min: 1, max: 400 }),
        ([pages, shuffled], budget) => {
          assert.deepStrictEqual(splitTiers(shuffled, 14, budget), splitTiers(pages, 14, budget))
        }
      )
    ))

  it("a new day leaves the archive alone until the month boundary moves; the months it passes change the newest bundle at most", () =>
    fc.assert(
      fc.property(
        sizedDays(60),
        fc.nat({ max: 120 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 400 }),
        (pages, step, bytes, budget) => {
          const before = splitTiers(pages, 14, budget)
          const newest = pages
            .map(({ day }) => day)
            .sort()
            .at(-1)!
          const next = addDays(newest, step + 1)
          const after = splitTiers([...pages, { day: next, bytes }], 14, budget)
          const [was, is] = [archiveOf(before), archiveOf(after)]
          if (recentFrom(newest, 14) === recentFrom(next, 14)) assert.deepStrictEqual(is, was)
          // every older bundle keeps its name and pages; the newest keeps its name and its pages come first
          assert.deepStrictEqual(is.slice(0, Math.max(was.length - 1, 0)), was.slice(0, -1))
          if (was.length > 0) {
            const [oldNewest, kept] = [was.at(-1)!, is[was.length - 1]!]
            assert.strictEqual(kept.tier, oldNewest.tier)
            assert.deepStrictEqual(kept.days.slice(0, oldNewest.days.length), oldNewest.days)
          }
          assert.include(after[0]?.days ?? [], next)
        }
      )
    ))
})

/** Every page 1 byte and a budget of 40: the archive in several bundles. */
const tiersOf = (pages: ReadonlyMap<IsoDate, string>) =>
  splitTiers(
    [...pages.keys()].map((d) => ({ day: d, bytes: 1 })),
    14,
    40
  )

const manifestsOf = (pages: ReadonlyMap<IsoDate, string>) =>
  tiersOf(pages).map(({ tier, days }) => ({
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
  const tier: SearchTier = "archive/2025-08"
  const manifest = tierManifest(tier, pages)
  const published = {
    "pagefind/archive/2025-08/pages.json": { sha256: sha(manifest) },
    "pagefind/archive/2025-08/index/zh-cn_1.pf_index": { sha256: sha("i") },
    "pagefind/archive/2025-08/fragment/zh-cn_2.pf_fragment": { sha256: sha("f") },
    "pagefind/archive/2024-01/index/zh-cn_3.pf_index": { sha256: sha("j") },
    "pagefind/recent/pagefind.js": { sha256: sha("js") },
    "day/2025-08-01.html": { sha256: sha("a") }
  }

  it("writes the same text for the same pages in any order, naming Pagefind's version, the recipe and the tier", () => {
    assert.strictEqual(tierManifest(tier, [...pages].reverse()), manifest)
    assert.deepStrictEqual(JSON.parse(manifest), {
      pagefind: PAGEFIND_VERSION,
      recipe: 3,
      tier: "archive/2025-08",
      pages: { "day/2025-08-01.html": sha("a"), "day/2025-08-21.html": sha("b") }
    })
    assert.strictEqual(BUNDLE_RECIPE, 3)
    assert.notStrictEqual(tierManifest("recent", pages), manifest)
    assert.notStrictEqual(tierManifest("archive/2024-01", pages), manifest)
  })

  it("keeps the published bundle, its own files only (not another bundle's), when its manifest is tonight's", () => {
    assert.deepStrictEqual(planBundle(tier, manifest, published), {
      _tag: "Keep",
      files: [
        "pagefind/archive/2025-08/fragment/zh-cn_2.pf_fragment",
        "pagefind/archive/2025-08/index/zh-cn_1.pf_index",
        "pagefind/archive/2025-08/pages.json"
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
    assert.deepStrictEqual(planBundle("archive/2024-01", manifest, published), { _tag: "Build" })
  })

  it("builds every bundle over a state published with the two-tier (recipe 1) or by-year (recipe 2) layout", () => {
    // what 628e983 published (pagefind/recent/, pagefind/archive/) and the archive by year (archive/2025/)
    const recentPages = [{ path: "day/2026-08-21.html", sha256: sha("r") }]
    for (const [recipe, archiveTier] of [
      [1, "archive"],
      [2, "archive/2025"]
    ] as const) {
      const oldManifest = (name: string, tierPages: typeof pages) =>
        tierManifest("recent", tierPages)
          .replace('"recipe": 3', `"recipe": ${recipe}`)
          .replace('"recent"', `"${name}"`)
      const old = {
        "pagefind/recent/pages.json": { sha256: sha(oldManifest("recent", recentPages)) },
        [`pagefind/${archiveTier}/pages.json`]: { sha256: sha(oldManifest(archiveTier, pages)) },
        [`pagefind/${archiveTier}/index/zh-cn_1.pf_index`]: { sha256: sha("i") }
      }
      assert.deepStrictEqual(planBundle("recent", tierManifest("recent", recentPages), old), {
        _tag: "Build"
      })
      assert.deepStrictEqual(planBundle(tier, manifest, old), { _tag: "Build" })
    }
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
            tiersOf(pagesOf)
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
