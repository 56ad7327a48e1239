/**
 * Runs that build on the last one: after new, rewritten and deleted digests, a run parses, enriches and
 * renders only the days that can have changed, copies the others from the published files, and publishes
 * exactly the bytes a run from nothing publishes; on a night with one new day the search index builds its
 * recent bundle only. The harness is deltaHarness.ts; what makes a run render everything again is in
 * deltaRunRenderAll.test.ts, random sequences of upstream changes in deltaRunSequences.test.ts.
 */
import { createHash } from "node:crypto"
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { fixtureDigest } from "../fakes/FakeGitHub.ts"
import { hashTree, tempDir } from "../support/cli.ts"
import { comparable, DELTA_TOPICS, FOLDER, fullRunBeside, LATER, run, useDelta } from "./deltaHarness.ts"

const delta = useDelta()

const relinkFirstPaper = (digest: Buffer): string =>
  digest.toString("utf8").replace(/arxiv\.org\/pdf\/\d{4}\.\d{4,5}/, "arxiv.org/pdf/2508.99999")

describe("a run after the digests changed", () => {
  it("renders only the changed days and publishes the bytes of a run from nothing", async () => {
    const out = tempDir("delta-out")
    const state = tempDir("delta-state")
    const first = await run(delta, out, state)
    expect(first.exitCode, first.error).toBe(0)
    expect(first.report?.counts.daysRendered).toBe(first.report?.counts.days)

    delta.github.repo.commit({
      put: [
        { path: `${FOLDER}/${LATER[0]}`, content: fixtureDigest(LATER[0] ?? "") },
        // an old day rewritten: one paper's link now points to another paper
        {
          path: `${FOLDER}/2025-08-18-arxiv.md`,
          content: relinkFirstPaper(fixtureDigest("2025-08-18-arxiv.md"))
        }
      ],
      remove: [`${FOLDER}/2025-07-04-arxiv.md`]
    })
    const asked = delta.arxiv.log.length
    const second = await run(delta, out, state)
    expect(second.exitCode, second.error).toBe(0)
    const counts = second.report?.counts
    expect(counts?.daysRendered).toBeGreaterThan(0)
    // the changed days, the days of the changed digests' other papers, the days beside the one that came and
    // the one that went (their day pages link them), and each server's feed window (bioRxiv's and medRxiv's
    // end on 2025-05-20 here): 11 of the 15, not all of them
    expect(counts?.daysRendered).toBeLessThan(counts?.days ?? 0)
    expect(delta.arxiv.log.length - asked).toBe(second.report?.requests.arxiv)

    const full = await fullRunBeside(delta, state)
    expect(full.report?.counts.daysRendered).toBe(full.report?.counts.days)
    expect(hashTree(out, ["report.json"])).toEqual(hashTree(full.out, ["report.json"]))
    expect(comparable(second.report)).toEqual(comparable(full.report))
    // the topics' files are there and hold papers, so the comparison covered them
    for (const topic of DELTA_TOPICS) {
      const bib = readFileSync(join(out, "topic", topic.name, "papers.bib"), "utf8")
      expect(bib.match(/^@misc\{/gm)?.length ?? 0, topic.name).toBeGreaterThan(0)
      expect(existsSync(join(out, "topic", topic.name, "feed.json"))).toBe(true)
    }
    const archive = JSON.parse(readFileSync(join(state, "archive.json"), "utf8"))
    const copiedTopicDays = archive.days.filter(
      (day: { topicBibs: Record<string, unknown> }) => Object.keys(day.topicBibs).length > 0
    ).length
    expect(copiedTopicDays).toBeGreaterThan(counts?.daysRendered ?? 0)
  })
})

/**
 * The day pages of a published folder by month, the archive's bundles at a 1-byte budget (the recent tier's
 * left out), newest first.
 */
const dayPagesByMonth = (out: string, recentFrom: string) => {
  const months = new Map<string, number>()
  for (const name of readdirSync(join(out, "day")).filter((name) => name.slice(0, 10) < recentFrom))
    months.set(name.slice(0, 7), (months.get(name.slice(0, 7)) ?? 0) + 1)
  return [...months].sort(([a], [b]) => (a < b ? 1 : -1))
}

const searchLines = (logs: ReadonlyArray<string>) =>
  logs
    .filter((line) => line.startsWith("search index"))
    .map((line) => line.replace(/ (bytes|files|ms)=\d+/g, ""))

describe("the search index on a night with one new day", () => {
  it("builds the recent bundle only, keeps the archive's, and publishes the bytes of a run from nothing", async () => {
    delta.searchIndexer = "process"
    const out = tempDir("delta-search-out")
    const state = tempDir("delta-search-state")
    delta.github.repo.put(`${FOLDER}/${LATER[0]}`, fixtureDigest(LATER[0] ?? ""))
    expect((await run(delta, out, state)).exitCode).toBe(0)
    // a day later in the same month (the refresh window, 2 days, starts in June either way): new papers
    const later = fixtureDigest(LATER[0] ?? "")
      .toString("utf8")
      .replace("# arXiv 2026-06-19", "# arXiv 2026-06-22")
      .replaceAll("arxiv.org/pdf/2606.2", "arxiv.org/pdf/2606.3")
    delta.github.repo.put(`${FOLDER}/2026-06-22-arxiv.md`, later)
    const logs: Array<string> = []
    const night = await run(delta, out, state, true, logs)
    expect(night.exitCode, night.error).toBe(0)
    // the recent tier starts on 2026-06-01; the fixtures' older days fall in months of 2026, 2025 and 2024
    const months = dayPagesByMonth(out, "2026-06-01")
    expect(new Set(months.map(([month]) => month.slice(0, 4)))).toEqual(new Set(["2026", "2025", "2024"]))
    expect(searchLines(logs)).toEqual([
      "search index built pages=2 stage=emit tier=recent",
      ...months.map(([month, pages]) => `search index kept pages=${pages} stage=emit tier=archive/${month}`)
    ])
    for (const [month] of months)
      expect(existsSync(join(out, "pagefind", "archive", month, "pages.json"))).toBe(true)

    const full = await fullRunBeside(delta, state)
    expect(hashTree(out, ["report.json"])).toEqual(hashTree(full.out, ["report.json"]))
    expect(comparable(night.report)).toEqual(comparable(full.report))
  }, 120_000)

  it.each([
    ["two-tier", 1, "archive"],
    ["by-year", 2, "archive/2025"]
  ] as const)(
    "rebuilds a folder published with the %s layout (recipe %i) and removes its files",
    async (layout, recipe, tier) => {
      const out = tempDir(`delta-${layout}-out`)
      const state = tempDir(`delta-${layout}-state`)
      expect((await run(delta, out, state)).exitCode).toBe(0)
      // what 628e983 published (pagefind/recent/ and one pagefind/archive/ bundle, manifests of recipe 1) or the
      // archive by year (pagefind/archive/2025/, recipe 2)
      const manifestText = readFileSync(join(state, "outputs-manifest.json"), "utf8")
      expect(readFileSync(join(out, ".manifest.json"), "utf8")).toBe(manifestText)
      const files: Record<string, { sha256: string; bytes: number }> = JSON.parse(manifestText).files
      const put = (path: string, text: string) => {
        mkdirSync(join(out, path, ".."), { recursive: true })
        writeFileSync(join(out, path), text)
        files[path] = {
          sha256: createHash("sha256").update(text).digest("hex"),
          bytes: Buffer.byteLength(text)
        }
      }
      rmSync(join(out, "pagefind", "archive"), { recursive: true })
      for (const path of Object.keys(files)) if (path.startsWith("pagefind/archive/")) delete files[path]
      const recent = readFileSync(join(out, "pagefind", "recent", "pages.json"), "utf8")
      put("pagefind/recent/pages.json", recent.replace('"recipe": 3', `"recipe": ${recipe}`))
      put(
        `pagefind/${tier}/pages.json`,
        `{\n "pagefind": "1.6.0",\n "recipe": ${recipe},\n "tier": ${JSON.stringify(tier)}\n}\n`
      )
      put(`pagefind/${tier}/pagefind-entry.json`, "{}")
      put(`pagefind/${tier}/zh-cn_0a1b2c3.pf_meta`, "meta")
      put(`pagefind/${tier}/index/zh-cn_0a1b2c3.pf_index`, "index")
      put(`pagefind/${tier}/fragment/zh-cn_0a1b2c3.pf_fragment`, "fragment")
      const sorted = Object.fromEntries(
        Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      )
      const older = `${JSON.stringify({ files: sorted }, null, 1)}\n`
      writeFileSync(join(state, "outputs-manifest.json"), older)
      writeFileSync(join(out, ".manifest.json"), older)

      // the first night of the new code (another bundle, so no quiet night), with nothing new upstream
      const logs: Array<string> = []
      const upgraded = await run(delta, out, state, true, logs, "test-build-upgraded")
      expect(upgraded.exitCode, upgraded.error).toBe(0)
      // every bundle built (none kept: the recent one's manifest names the old recipe), the old files gone
      const lines = searchLines(logs)
      expect(lines.length).toBeGreaterThan(2)
      expect(lines.every((line) => line.startsWith("search index built"))).toBe(true)
      const left = readdirSync(join(out, "pagefind", "archive"))
      expect(left.length).toBeGreaterThan(0)
      expect(
        left.every((name) => /^\d{4}-\d{2}$/.test(name)),
        left.join(" ")
      ).toBe(true)
      const full = await fullRunBeside(delta, state)
      expect(hashTree(out, ["report.json"])).toEqual(hashTree(full.out, ["report.json"]))
    },
    120_000
  )
})

describe("a night that asks arXiv again about its newest papers", () => {
  it("copies the days whose papers came back the same, renders the day of a new version, and publishes the bytes of a run from nothing", async () => {
    const out = tempDir("delta-refresh-out")
    const state = tempDir("delta-refresh-state")
    expect((await run(delta, out, state)).exitCode).toBe(0)
    // a paper of the newest day that arXiv's fake makes up (not a recording): it can announce a new version
    const items: ReadonlyArray<{ id: string; _arxiv: { id: string; version: number } }> = JSON.parse(
      readFileSync(join(out, "papers.json"), "utf8")
    ).items
    const newest = items.find((item) => !delta.arxiv.recordedIds.includes(item._arxiv.id))
    expect(newest).toBeDefined()
    const { id, version } = newest!._arxiv
    delta.arxiv.setVersion(id, version + 1)
    // the next run date: the refresh window is asked again (no id is asked twice on one run date)
    delta.now = "2026-12-01T00:20:00Z"
    const logs: Array<string> = []
    const night = await run(delta, out, state, true, logs)
    expect(night.exitCode, night.error).toBe(0)
    const parsed = logs.find((line) => line.startsWith("parsed"))?.match(/ days=(\d+)\//)?.[1]
    // every day of the feed and refresh windows parsed and enriched again, only the changed paper's rendered
    expect(Number(parsed)).toBeGreaterThan(1)
    expect(night.report?.counts.daysRendered).toBe(1)
    const again = JSON.parse(readFileSync(join(out, "papers.json"), "utf8")).items
    expect(again.find((item: (typeof items)[number]) => item._arxiv.id === id)?._arxiv.version).toBe(
      version + 1
    )

    const full = await fullRunBeside(delta, state)
    expect(hashTree(out, ["report.json"])).toEqual(hashTree(full.out, ["report.json"]))
    expect(comparable(night.report)).toEqual(comparable(full.report))
  }, 120_000)
})
