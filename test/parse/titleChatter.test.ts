/**
 * Title cleaning on every real row of LLM chatter in the archive at 15dc19b1 (test/fixtures/titles, provenance in
 * test/fixtures/README.md; bench/titleChatter.ts finds and counts them), and real titles that look like chatter.
 */
import { assert, describe, it } from "@effect/vitest"
import { cleanTitle } from "../../src/parse/cleanTitle.ts"
import { parseDigest } from "../../src/parse/parseDigest.ts"
import { realDigests } from "./realFixtures.ts"

const parsed = realDigests("titles").map(parseDigest)
const rows = parsed.flatMap((digest) => digest.rows)
const row = (file: string, line: number) => {
  const found = rows.find((r) => r.file === file && r.line === line)
  if (found === undefined) throw new Error(`no row ${file}:${line}`)
  return found
}
const problemsOf = (file: string) => parsed.find((digest) => digest.file === file)!.problems

describe("titles out of LLM chatter, on the real rows", () => {
  it("drops an echoed prompt before the title, into the note", () => {
    const cases = [
      ["2024-09-05-arxiv.md", 5, "风格增强的生动人像对话头扩散模型", "请帮我将以下内容翻译成中文："],
      ["2024-11-11-arxiv.md", 5, "Token2Wave", "将这段翻译成中文，"],
      ["2024-12-17-arxiv.md", 5, "推进语义对齐促进多模态操作检测与定位", "尽快帮我将这段翻译成中文："],
      ["2025-01-14-arxiv.md", 5, "为法语数据采样形式化词汇和句法多样性", "将以下内容翻译成中文："]
    ] as const
    for (const [file, line, title, note] of cases)
      assert.deepStrictEqual([row(file, line).title, row(file, line).titleNote], [title, note])
  })

  it("takes the translation out of an explanation, and keeps the whole answer in the note", () => {
    const cases = [
      ["2025-01-09-arxiv.md", "平面国视野"],
      ["2025-02-10-arxiv.md", "套娃量化"],
      ["2025-02-11-arxiv.md", "均匀内核探测器"],
      ["2025-02-13-arxiv.md", "用于交通场景模拟的滚动前进扩散方法"],
      ["2025-02-18-arxiv.md", "嫉妒性探索与利用"]
    ] as const
    for (const [file, title] of cases) {
      const found = row(file, 5)
      assert.strictEqual(found.title, title, file)
      assert.include(found.titleNote ?? "", "翻译", file)
    }
    assert.include(row("2025-02-10-arxiv.md", 5).titleNote ?? "", "这个术语通常用于描述")
  })

  it("finds a title announced in the preamble when what follows is an essay", () => {
    const found = row("2025-01-08-arxiv.md", 5)
    assert.strictEqual(found.title, "联邦微调大型语言模型（LLMs）：框架比较与研究方向")
    assert.include(found.titleNote ?? "", "联邦微调（Federated Fine-Tuning）是一种")
  })

  it("gives no Chinese title for an answer without one, says so on the row, and keeps the English title", () => {
    const cases = [
      ["2024-10-02-arxiv.md", 5, "essay"],
      ["2025-01-29-arxiv.md", 5, "essay"],
      ["2025-02-12-arxiv.md", 5, "essay"],
      ["2025-02-20-arxiv.md", 5, "no-title"],
      ["2025-02-20-arxiv.md", 7, "no-title"]
    ] as const
    for (const [file, line, kind] of cases) {
      const found = row(file, line)
      assert.strictEqual(found.title, "", `${file}:${line}`)
      assert.isNotNull(found.titleEn)
      assert.isNotEmpty(found.titleNote)
      const problem = problemsOf(file).find((p) => p.line === line)!
      assert.deepStrictEqual([problem.code, problem.severity], ["empty-title", "warning"])
      assert.include(problem.message, `the title cell is the translator's answer, not a title (${kind})`)
    }
    assert.strictEqual(row("2025-02-20-arxiv.md", 5).titleEn, "Prompt-to-Leaderboard")
  })

  it("drops markdown emphasis inside a title", () => {
    assert.strictEqual(row("2025-02-20-arxiv.md", 6).title, "奖励模型识别的是一致性，而非因果关系。")
  })

  it("keeps real titles that look like chatter", () => {
    const cases = [
      ["2024-10-03-arxiv.md", "《风骚律师》：通过生成正则化实现流畅且一致的语言模型编辑"],
      ["2024-10-15-arxiv.md", "合成对话者。利用生成式人工智能延长民族志访谈的实验"],
      ["2024-12-10-arxiv.md", "StyleMaster：通过艺术生成与翻译为您的视频增添风格"],
      ["2025-02-19-arxiv.md", "D.Va：在使用之前，请先验证你的演示。"],
      [
        "2025-11-07-arxiv.md",
        "暗能量巡天第三年观测结果：基于模拟的$w$CDM模型——通过弱引力透镜与星系成图进行深度学习推断。第一部分：分析设计"
      ]
    ] as const
    for (const [file, title] of cases) {
      assert.strictEqual(row(file, 5).title, title, file)
      assert.isNull(cleanTitle(title).chatter, file)
    }
  })

  it("reads the shapes the issue names, beyond the real rows", () => {
    assert.strictEqual(cleanTitle("X 的中文翻译是“某某方法”。这个术语通常指…").title, "某某方法")
    assert.strictEqual(cleanTitle("《English Title》可以翻译为《中文标题》。").title, "中文标题")
    assert.strictEqual(cleanTitle("**一致性**与**因果**").title, "一致性与因果")
  })
})
