/**
 * The search index's tiers (pure): where the archive tier ends, that every day lands in exactly one tier, that
 * a night with one new day leaves the archive tier's pages alone, and when a bundle is kept.
 */
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { addDays, type IsoDate } from "../../src/domain/IsoDate.ts"
import {
  PAGEFIND_VERSION,
  planBundle,
  recentFrom,
  searchBundleFolders,
  splitTiers,
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
  it("puts each day in one tier, the recent (primary) first, and leaves out an empty tier", () => {
    const days = ["2026-08-21", "2024-09-04", "2026-08-01", "2026-07-31"].map(day)
    assert.deepStrictEqual(plain(splitTiers(days, 14)), [
      { tier: "recent", days: ["2026-08-01", "2026-08-21"] },
      { tier: "archive", days: ["2024-09-04", "2026-07-31"] }
    ])
    assert.deepStrictEqual(plain(splitTiers([day("2026-08-21"), day("2026-08-02")], 14)), [
      { tier: "recent", days: ["2026-08-02", "2026-08-21"] }
    ])
    assert.deepStrictEqual(splitTiers([], 14), [])
    assert.deepStrictEqual(searchBundleFolders(days, 14), ["pagefind/recent", "pagefind/archive"])
    assert.deepStrictEqual(searchBundleFolders([], 14), [])
  })

  it("keeps every day once, and a new day changes the archive tier only when the month boundary moves", () =>
    fc.assert(
      fc.property(
        fc.uniqueArray(isoDay, { minLength: 1, maxLength: 60 }),
        fc.nat({ max: 40 }),
        (days, step) => {
          const before = splitTiers(days, 14)
          assert.deepStrictEqual(before.flatMap((tier) => tier.days).sort(), [...days].sort())
          const newest = [...days].sort().at(-1)!
          const next = addDays(newest, step + 1)
          const after = splitTiers([...days, next], 14)
          const archive = (tiers: typeof before) => tiers.find((tier) => tier.tier === "archive")?.days ?? []
          if (recentFrom(next, 14) === recentFrom(newest, 14))
            assert.deepStrictEqual(archive(after), archive(before))
          else assert.isAbove(archive(after).length + 1, archive(before).length)
          assert.include(after[0]?.days ?? [], next)
        }
      )
    ))
})

describe("tierManifest and planBundle", () => {
  const pages = [
    { path: "day/2026-08-01.html", sha256: sha("a") },
    { path: "day/2026-08-21.html", sha256: sha("b") }
  ]
  const manifest = tierManifest("archive", pages)
  const published = {
    "pagefind/archive/pages.json": { sha256: sha(manifest) },
    "pagefind/archive/index/zh-cn_1.pf_index": { sha256: sha("i") },
    "pagefind/archive/fragment/zh-cn_2.pf_fragment": { sha256: sha("f") },
    "pagefind/recent/pagefind.js": { sha256: sha("js") },
    "day/2026-08-01.html": { sha256: sha("a") }
  }

  it("writes the same text for the same pages in any order, naming Pagefind's version and the tier", () => {
    assert.strictEqual(tierManifest("archive", [...pages].reverse()), manifest)
    assert.deepStrictEqual(JSON.parse(manifest), {
      pagefind: PAGEFIND_VERSION,
      recipe: 1,
      tier: "archive",
      pages: { "day/2026-08-01.html": sha("a"), "day/2026-08-21.html": sha("b") }
    })
    assert.notStrictEqual(tierManifest("recent", pages), manifest)
  })

  it("keeps the published bundle, its files only, when its manifest is tonight's", () => {
    assert.deepStrictEqual(planBundle("archive", manifest, published), {
      _tag: "Keep",
      files: [
        "pagefind/archive/fragment/zh-cn_2.pf_fragment",
        "pagefind/archive/index/zh-cn_1.pf_index",
        "pagefind/archive/pages.json"
      ]
    })
  })

  it("builds when a page changed, came or went, or nothing was published (or trusted)", () => {
    const changed = tierManifest("archive", [pages[0]!, { path: "day/2026-08-21.html", sha256: sha("b2") }])
    const added = tierManifest("archive", [...pages, { path: "day/2026-08-22.html", sha256: sha("c") }])
    const removed = tierManifest("archive", [pages[0]!])
    for (const other of [changed, added, removed])
      assert.deepStrictEqual(planBundle("archive", other, published), { _tag: "Build" })
    assert.deepStrictEqual(planBundle("archive", manifest, {}), { _tag: "Build" })
    // another tier's manifest never stands for this one
    assert.deepStrictEqual(planBundle("recent", manifest, published), { _tag: "Build" })
  })

  it("names the Pagefind the project installs", () => {
    const installed = JSON.parse(
      readFileSync(new URL("../../node_modules/pagefind/package.json", import.meta.url), "utf8")
    )
    assert.strictEqual(PAGEFIND_VERSION, installed.version)
  })
})
