/** The benchmark corpus: deterministic, unique fresh ids, real rows of every layout, readable by the parser. */
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { generateCorpus } from "../../bench/corpus.ts"
import { ArxivId } from "../../src/domain/ArxivId.ts"
import { parseDigest } from "../../src/parse/parseDigest.ts"

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
