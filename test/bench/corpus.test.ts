/**
 * The benchmark corpus: deterministic, unique fresh ids, real rows of every layout, readable by the parser; and
 * the mixed archive's bioRxiv/medRxiv digests and daily JSON, read by the rxiv reader and reconciled.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { benchArchive } from "../../bench/benchArchive.ts"
import { generateCorpus } from "../../bench/corpus.ts"
import { generateMixedCorpus, rowsPerServer } from "../../bench/mixedCorpus.ts"
import { ArxivId } from "../../src/domain/ArxivId.ts"
import { isDoi } from "../../src/domain/Doi.ts"
import { Problem } from "../../src/domain/Problem.ts"
import { parseDigest } from "../../src/parse/parseDigest.ts"
import { parseRxivDigest } from "../../src/parse/rxiv/parseRxivDigest.ts"
import { readJsonDay } from "../../src/parse/rxiv/readRxivDay.ts"
import { reconcileRxivDay } from "../../src/parse/rxiv/reconcileRxivJson.ts"
import { decodeUpstreamDaily } from "../../src/parse/upstreamJson.ts"

const isArxivId = Schema.is(ArxivId)

describe("generateCorpus", () => {
  const files = [...generateCorpus({ days: 530, rowsPerDay: 10, seed: 1 })]
  const papers = files.filter((f) => f.expectedIds.length > 0)

  it("makes N paper days of M rows, one failure day after every 20, on consecutive dates", () => {
    assert.strictEqual(papers.length, 530)
    assert.strictEqual(files.length - papers.length, 26)
    for (const file of papers) assert.strictEqual(file.expectedIds.length, 10)
    assert.strictEqual(files[0]!.path, "2024-09-04-arxiv.md")
    const dates = files.map((f) => f.date)
    assert.deepStrictEqual(dates, [...new Set(dates)].sort())
    for (const file of files) {
      assert.strictEqual(file.path, `${file.date}-arxiv.md`)
      assert.include(file.content.split("\n")[0]!, file.date)
    }
  })

  it("is deterministic for a seed and differs across seeds", () => {
    const again = [...generateCorpus({ days: 530, rowsPerDay: 10, seed: 1 })]
    assert.deepStrictEqual(
      again.map((f) => f.content),
      files.map((f) => f.content)
    )
    const other = [...generateCorpus({ days: 530, rowsPerDay: 10, seed: 2 })]
    assert.notDeepEqual(
      other.map((f) => f.content),
      files.map((f) => f.content)
    )
  })

  it("is prefix-stable: N+1 days begin with the N-day corpus, and every prefix has all layouts", () => {
    const shorter = [...generateCorpus({ days: 100, rowsPerDay: 10, seed: 1 })]
    assert.deepStrictEqual(
      files.slice(0, shorter.length).map((f) => f.content),
      shorter.map((f) => f.content)
    )
    const three = [...generateCorpus({ days: 3, rowsPerDay: 10, seed: 1 })]
    assert.deepStrictEqual([...new Set(three.map((f) => f.layout))].sort(), ["A", "B", "C"])
    const counts = ["A", "B", "C"].map((layout) => papers.filter((f) => f.layout === layout).length)
    assert.deepStrictEqual(counts, [166, 251, 113])
  })

  it("writes fresh, unique, valid ids into the PDF links, and nowhere else", () => {
    const ids = papers.flatMap((f) => f.expectedIds.filter((id): id is string => id !== null))
    assert.strictEqual(new Set(ids).size, ids.length)
    for (const id of ids) assert.isTrue(isArxivId(id), id)
    for (const file of papers) {
      const linked = [...file.content.matchAll(/\[PDF\]\(https?:\/\/arxiv\.org\/pdf\/(.+?)v\d+\)/g)].map(
        (m) => m[1]
      )
      assert.deepStrictEqual(
        linked,
        file.expectedIds.filter((id) => id !== null)
      )
    }
    assert.isAbove(ids.filter((id) => id.includes("/")).length, 0, "old-style ids")
  })

  it("keeps the real layouts, the hard rows and the failure days", () => {
    const layouts = new Set(papers.map((f) => f.layout))
    assert.deepStrictEqual([...layouts].sort(), ["A", "B", "C"])
    const all = files.map((f) => f.content).join("\n")
    assert.include(all, "AlgoRxplorers | 精准突变")
    assert.include(all, "\\\\|\\log(g_i^{-1} g_j)")
    assert.include(all, "### 核心概念")
    assert.include(all, "[翻译失败]")
    assert.include(all, "> 抓取失败：Page request resulted in HTTP")
    assert.isAbove(papers.flatMap((f) => f.expectedIds).filter((id) => id === null).length, 0, "PDF缺失 rows")
  })

  it("is read by the parser with every expected id, in order, and no unexpected problem", () => {
    for (const file of files) {
      const parsed = parseDigest({ path: file.path, date: file.date, kind: "arxiv", content: file.content })
      assert.strictEqual(parsed.layout, file.layout, file.path)
      assert.deepStrictEqual(
        parsed.rows.map((r) => r.arxivId),
        file.expectedIds
      )
      const odd = parsed.problems.filter(
        (p) =>
          !["translation-failed", "pdf-missing", "empty-table", "fetch-failed", "no-papers"].includes(p.code)
      )
      assert.deepStrictEqual(odd, [])
    }
  })
})

/** Problems the mixed archive has on purpose, because the real rows and days it copies have them. */
const EXPECTED_RXIV_PROBLEMS = ["doi-only", "translation-failed", "empty-table", "fetch-failed", "no-papers"]

/** Every DOI of the real files the generator copies from, and of the fake API's recorded answers. */
const realDois = (): Set<string> => {
  const folders = [
    "../shared/fixtures/rxiv",
    "../shared/fixtures/digests",
    "../shared/fixtures/api/daily",
    "../shared/fixtures/api/raw",
    "pipelines/sample/digests",
    "pipelines/sample/digests/api/daily",
    "test/fixtures/rxiv-api"
  ]
  const dois = new Set<string>()
  for (const folder of folders)
    for (const name of readdirSync(folder).filter((n) => /\.(md|json)$/.test(n)))
      for (const [doi] of readFileSync(join(folder, name), "utf8").matchAll(/10\.\d{4,9}\/[\d.]*\d/g))
        dois.add(doi.toLowerCase())
  return dois
}

describe("generateMixedCorpus", () => {
  const days = [...generateMixedCorpus({ days: 530, rowsPerDay: 40, seed: 1 })]
  const rxivFiles = days.flatMap((day) => day.rxiv)

  it("splits the rows a day in the real archive's proportions: 200 make 64 arXiv, 101 bioRxiv, 35 medRxiv", () => {
    assert.deepStrictEqual(rowsPerServer(200), { arxiv: 64, biorxiv: 101, medrxiv: 35 })
    const rows = { biorxiv: 0, medrxiv: 0 }
    for (const file of rxivFiles) rows[file.server] += file.expectedDois.length
    const arxiv = days.reduce((sum, day) => sum + day.arxiv.expectedIds.length, 0)
    const total = arxiv + rows.biorxiv + rows.medrxiv
    assert.closeTo(arxiv / total, 17_603 / 54_760, 0.02)
    assert.closeTo(rows.biorxiv / total, 27_715 / 54_760, 0.02)
    assert.closeTo(rows.medrxiv / total, 9_442 / 54_760, 0.02)
  })

  it("holds the arXiv corpus unchanged, and per date a bioRxiv and a medRxiv digest and the daily JSON", () => {
    const arxiv = [...generateCorpus({ days: 530, rowsPerDay: rowsPerServer(40).arxiv, seed: 1 })]
    assert.deepStrictEqual(
      days.map((day) => day.arxiv.content),
      arxiv.map((file) => file.content)
    )
    for (const day of days) {
      assert.deepStrictEqual(
        day.rxiv.map((file) => file.path),
        [`${day.date}-biorxiv.md`, `${day.date}-medrxiv.md`]
      )
      assert.strictEqual(day.json.path, `api/daily/${day.date}.json`)
      for (const file of day.rxiv) assert.include(file.content.split("\n")[0]!, day.date)
    }
    const layouts = new Set(rxivFiles.map((file) => file.layout))
    assert.deepStrictEqual([...layouts].sort(), ["A", "B", "C", "C4", null])
  })

  it("is deterministic for a seed, differs across seeds, and is prefix-stable", () => {
    const bytes = (list: ReadonlyArray<(typeof days)[number]>) =>
      list.map((day) =>
        [day.arxiv.content, ...day.rxiv.map((f) => f.content), day.json.content].join("\u0000")
      )
    const again = [...generateMixedCorpus({ days: 530, rowsPerDay: 40, seed: 1 })]
    assert.deepStrictEqual(bytes(again), bytes(days))
    const other = [...generateMixedCorpus({ days: 530, rowsPerDay: 40, seed: 2 })]
    assert.notDeepEqual(bytes(other), bytes(days))
    const shorter = [...generateMixedCorpus({ days: 100, rowsPerDay: 40, seed: 1 })]
    assert.deepStrictEqual(bytes(days.slice(0, shorter.length)), bytes(shorter))
  })

  it("writes unique, valid, fresh DOIs: none is a real one the fixtures or the fake API hold", () => {
    const dois = rxivFiles.flatMap((file) => file.expectedDois)
    assert.isAbove(dois.length, 10_000)
    assert.strictEqual(new Set(dois).size, dois.length)
    for (const doi of dois) assert.isTrue(isDoi(doi), doi)
    const real = realDois()
    assert.isAbove(real.size, 500)
    assert.deepStrictEqual(
      dois.filter((doi) => real.has(doi)),
      []
    )
    assert.isAbove(dois.filter((doi) => doi.startsWith("10.64898/")).length, 0, "the new prefix")
  })

  it("is read by the rxiv reader with every DOI, in order, and no problem but the real rows' own", () => {
    const seen = new Set<string>()
    for (const file of rxivFiles) {
      const parsed = parseRxivDigest(file)
      assert.strictEqual(parsed.layout, file.layout, file.path)
      assert.deepStrictEqual(
        parsed.rows.map((row): string | null => row.doi),
        [...file.expectedDois],
        file.path
      )
      const odd = parsed.problems.filter((p) => !EXPECTED_RXIV_PROBLEMS.includes(p.code))
      assert.deepStrictEqual(odd, [], file.path)
      for (const p of parsed.problems) seen.add(p.code)
    }
    // The real rows' own problems are there, each on purpose: medRxiv B rows, untranslated days, no-table days.
    assert.deepStrictEqual([...seen].sort(), [...EXPECTED_RXIV_PROBLEMS].sort())
  })

  it("writes daily JSON that decodes and reconciles: every JSON paper matches its row, C rows get English", () => {
    let attached = 0
    for (const day of days) {
      const json = readJsonDay(`docs/${day.json.path}`, day.json.content)
      if (json instanceof Problem) assert.fail(json.message)
      const daily = decodeUpstreamDaily(day.json.path, day.json.content)
      if (daily instanceof Problem) assert.fail(daily.message)
      assert.strictEqual(daily.count, daily.papers.length)
      assert.strictEqual(
        daily.papers.filter((p) => p.source === "arxiv").length,
        day.arxiv.expectedIds.filter((id) => id !== null && day.rxiv[0]!.layout !== null).length
      )
      for (const file of day.rxiv) {
        const parsed = parseRxivDigest(file)
        const reconciled = reconcileRxivDay(parsed.rows, json, file.server)
        assert.deepStrictEqual(reconciled.problems, [], file.path)
        assert.strictEqual(reconciled.counts.json, file.jsonDois.length, file.path)
        assert.strictEqual(reconciled.counts.matched, file.jsonDois.length, file.path)
        assert.strictEqual(daily.sources[file.server]?.count, file.jsonDois.length)
        if (file.layout === "C" || file.layout === "C4")
          assert.strictEqual(reconciled.counts.titlesAttached, file.jsonDois.length, file.path)
        attached += reconciled.counts.titlesAttached
      }
    }
    assert.isAbove(attached, 1000, "English titles from the JSON")
  })
})

describe("benchArchive", () => {
  it("serves the archive as repository files, one day more, and every DOI posted on its digest's date", () => {
    const archive = benchArchive("mixed", { days: 40, rowsPerDay: 20 })
    assert.strictEqual(archive.archiveDates, 41)
    // 41 paper days; the 41st comes after a failure day the archive never serves (corpus.ts's every-20th rule).
    assert.strictEqual(archive.days.length, 43)
    const day = archive.days[archive.days.length - 1]!
    assert.deepStrictEqual(
      day.files.map((file) => file.path),
      [
        `docs/daily-papers/${day.date}-arxiv.md`,
        `docs/daily-papers/${day.date}-biorxiv.md`,
        `docs/daily-papers/${day.date}-medrxiv.md`,
        `docs/api/daily/${day.date}.json`
      ]
    )
    const posted = archive.posted[`biorxiv ${day.date}`] ?? []
    assert.strictEqual(posted.length, rowsPerServer(20).biorxiv)
    for (const doi of posted) assert.include(day.files[1]!.content, doi)
    const arxivOnly = benchArchive("arxiv", { days: 40, rowsPerDay: 20 })
    assert.deepStrictEqual(
      arxivOnly.days.map((d) => d.files.map((f) => f.path)),
      archive.days.map((d) => [d.files[0]!.path])
    )
    assert.deepStrictEqual(arxivOnly.posted, {})
  })
})
