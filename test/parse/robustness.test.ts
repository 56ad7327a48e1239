/** What a parser must survive (DIGESTS.md), on small synthetic digests written for each case. */
import { assert, describe, it } from "@effect/vitest"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import { parseDigest } from "../../src/parse/parseDigest.ts"
import { fixture } from "./fixtures.ts"

const date = IsoDate.make("2025-10-06")
const HEAD_B = "# arxiv 2025-10-06\n\n| 标题 | 作者 | PDF链接 |  摘要 |\n|------|------|--------|------|\n"
const HEAD_C =
  "# arXiv 2025-10-06\n\n| 标题 | 作者 | 发布日期 | PDF链接 | 摘要 |\n|------|------|----------|--------|------|\n"
const HEAD_A =
  "# Arxiv 2025-10-06 Papers\n\n| 标题 | 作者 | PDF链接 | 代码仓库 | Title | \n|-------|----------|-----------|---------|--------------| \n"

const parse = (content: string) => parseDigest({ path: "t.md", date, kind: "arxiv", content })
const codes = (content: string) => parse(content).problems.map((p) => `${p.line} ${p.code}`)
const pdf = (n: number) => `[PDF](https://arxiv.org/pdf/2510.0${1000 + n}v1)`

describe("row splitting", () => {
  it("survives CRLF, a BOM and trailing spaces, with the line numbers an editor shows", () => {
    const lf = `${HEAD_B}| 标题一 | 甲 | ${pdf(1)} | 摘要一 |   \n| 标题二\n\n（注：说明） | 乙 | ${pdf(2)} | 摘要\n二 |\n`
    const crlf = `\uFEFF${lf.replace(/\n/g, "\r\n")}`
    for (const content of [lf, crlf]) {
      const parsed = parse(content)
      assert.deepStrictEqual(
        parsed.rows.map((r) => [r.line, r.title, r.titleNote, r.author, r.abstract]),
        [
          [5, "标题一", null, "甲", "摘要一"],
          [6, "标题二", "（注：说明）", "乙", "摘要\n二"]
        ]
      )
      assert.deepStrictEqual(parsed.problems, [])
    }
  })

  it("keeps raw pipes in layout A titles and escaped pipes in layout C cells", () => {
    const a = parse(`${HEAD_A}| X | 精准突变 | 甲 | ${pdf(1)} | N/A | X | Precision |\n`)
    assert.deepStrictEqual(
      a.rows.map((r) => [r.title, r.author, r.titleEn, r.codeCell]),
      [["X | 精准突变", "甲", "X | Precision", null]]
    )
    const code = parse(`${HEAD_A}| 标题 | 甲 | ${pdf(1)} | https://github.com/a/b | Title |\n`)
    assert.strictEqual(code.rows[0]!.codeCell, "https://github.com/a/b")
    const c = parse(
      `${HEAD_C}| A \\| B：标题 | 甲 | 2025-10-05 | ${pdf(1)} | 范数 $\\\\|x\\\\|$ 与 a \\| b |\n`
    )
    assert.deepStrictEqual(
      c.rows.map((r) => [r.title, r.author, r.published, r.abstract]),
      [["A | B：标题", "甲", "2025-10-05", "范数 $\\|x\\|$ 与 a | b"]]
    )
  })

  it("keeps nested tables and ### headings inside cells, in the title or the abstract", () => {
    const nested = "| 英文 | 中文 |\n|------|------|\n| Foo | 福 |"
    const content = [
      HEAD_B,
      `| 以下是翻译：\n\n**标题一**\n\n${nested}\n\n### 说明\n\n- 术语 | 甲 | ${pdf(1)} | 摘要一\n\n${nested}\n\n### 结论\n结束 |\n`,
      `| 标题二 | 乙 | ${pdf(2)} | 摘要二 |\n`
    ].join("")
    const parsed = parse(content)
    assert.deepStrictEqual(
      parsed.rows.map((r) => [r.line, r.title, r.author, r.arxivId]),
      [
        [5, "标题一", "甲", "2510.01001"],
        [23, "标题二", "乙", "2510.01002"]
      ]
    )
    assert.include(parsed.rows[0]!.titleNote!, `${nested}\n\n### 说明`)
    assert.strictEqual(parsed.rows[0]!.abstract, `摘要一\n\n${nested}\n\n### 结论\n结束`)
    assert.deepStrictEqual(parsed.problems, [])
  })

  it("does not take a data row starting `| 标题：` for a header", () => {
    const parsed = parse(
      `${HEAD_B}| 标题：百里香 | 甲 | ${pdf(1)} | 摘要 |\n| 标题：第二 | 乙 | ${pdf(2)} | 摘要 |\n`
    )
    assert.deepStrictEqual(
      parsed.rows.map((r) => r.title),
      ["百里香", "第二"]
    )
  })

  it("keeps PDF缺失 and [PDF](None) rows without an id, and reports links that are not arXiv", () => {
    const parsed = parse(
      `${HEAD_B}| 一 | 甲 | PDF缺失 | 摘要 |\n| 二 | 乙 | [PDF](None) | 摘要 |\n| 三 | 丙 | [PDF](https://doi.org/10.1101/x) | 摘要 |\n`
    )
    assert.deepStrictEqual(
      parsed.rows.map((r) => [r.author, r.arxivId, r.pdfUrl]),
      [
        ["甲", null, null],
        ["乙", null, null],
        ["丙", null, "https://doi.org/10.1101/x"]
      ]
    )
    assert.deepStrictEqual(
      parsed.problems.map((p) => `${p.line} ${p.code} ${p.severity}`),
      ["5 pdf-missing warning", "6 pdf-missing warning", "7 not-arxiv warning"]
    )
  })

  it("reads http and https links, versions and old-style ids", () => {
    const parsed = parse(
      `${HEAD_B}| 一 | 甲 | [PDF](http://arxiv.org/pdf/q-bio/0608003v1) | 摘要 |\n| 二 | 乙 | [PDF](https://arxiv.org/pdf/math.AG/0211159v12) | 摘要 |\n| 三 | 丙 | [PDF](https://arxiv.org/abs/2510.03232) | 摘要 |\n`
    )
    assert.deepStrictEqual(
      parsed.rows.map((r): ReadonlyArray<unknown> => [r.arxivId, r.version]),
      [
        ["q-bio/0608003", 1],
        ["math.AG/0211159", 12],
        ["2510.03232", null]
      ]
    )
  })
})

describe("one bad row never costs the rest of the file", () => {
  it("reports a PDF cell without an author cell, and keeps reading", () => {
    const parsed = parse(`${HEAD_B}| ${pdf(9)} | 孤立 |\n| 标题 | 甲 | ${pdf(1)} | 摘要 |\n`)
    assert.deepStrictEqual(
      parsed.rows.map((r): ReadonlyArray<unknown> => [r.line, r.arxivId]),
      [[6, "2510.01001"]]
    )
    assert.deepStrictEqual(
      parsed.problems.map((p) => `${p.line} ${p.code}`),
      ["5 bad-row", "5 stray-text"]
    )
  })

  it("keeps a row that is not closed (truncated file) and says so", () => {
    const parsed = parse(`${HEAD_B}| 标题 | 甲 | ${pdf(1)} | 摘要一 |\n| 标题二 | 乙 | ${pdf(2)} | 摘要被截`)
    assert.deepStrictEqual(
      parsed.rows.map((r) => [r.title, r.abstract]),
      [
        ["标题", "摘要一"],
        ["标题二", "摘要被截"]
      ]
    )
    assert.deepStrictEqual(
      codes(`${HEAD_B}| 标题 | 甲 | ${pdf(1)} | 摘要一 |\n| 标题二 | 乙 | ${pdf(2)} | 摘要被截`),
      ["6 bad-row"]
    )
  })

  it("recovers the next row when a row misses its closing pipe", () => {
    const parsed = parse(`${HEAD_B}| 一 | 甲 | ${pdf(1)} | 摘要一\n| 二 | 乙 | ${pdf(2)} | 摘要二 |\n`)
    assert.deepStrictEqual(
      parsed.rows.map((r) => [r.line, r.title, r.abstract]),
      [
        [5, "一", "摘要一"],
        [6, "二", "摘要二"]
      ]
    )
    assert.deepStrictEqual(
      parsed.problems.map((p) => `${p.line} ${p.code}`),
      ["5 bad-row", "6 bad-row"]
    )
  })

  it("reports stray text after the table and an empty title or author", () => {
    assert.deepStrictEqual(codes(`${HEAD_B}| 标题 | 甲 | ${pdf(1)} | 摘要 |\n\n页脚文字\n`), ["7 stray-text"])
    assert.deepStrictEqual(codes(`${HEAD_B}|  |  | ${pdf(1)} | 摘要 |\n`), [
      "5 empty-author",
      "5 empty-title"
    ])
  })

  it("reports a bad published date in layout C and keeps the row", () => {
    const parsed = parse(`${HEAD_C}| 标题 | 甲 | 2026-02-30 | ${pdf(1)} | 摘要 |\n`)
    assert.deepStrictEqual(
      parsed.rows.map((r): ReadonlyArray<unknown> => [r.arxivId, r.published]),
      [["2510.01001", null]]
    )
    assert.deepStrictEqual(codes(`${HEAD_C}| 标题 | 甲 | 2026-02-30 | ${pdf(1)} | 摘要 |\n`), ["5 bad-date"])
  })

  it("reports a layout A row without its English title cell", () => {
    assert.deepStrictEqual(codes(`${HEAD_A}| 标题 | 甲 | ${pdf(1)} | N/A |\n`), ["5 bad-row"])
  })

  it("reports the same id twice in one file", () => {
    assert.deepStrictEqual(
      codes(`${HEAD_B}| 一 | 甲 | ${pdf(1)} | 摘要 |\n| 一 | 甲 | ${pdf(1)} | 摘要 |\n`),
      ["6 duplicate-id"]
    )
  })
})

describe("layouts and days without papers", () => {
  it("reports an unknown header and guesses nothing", () => {
    const parsed = parse(`# arxiv\n\n| 标题 | 作者 | 链接 |\n|---|---|---|\n| 一 | 甲 | ${pdf(1)} |\n`)
    assert.strictEqual(parsed.layout, null)
    assert.deepStrictEqual(parsed.rows, [])
    assert.deepStrictEqual(
      parsed.problems.map((p) => `${p.line} ${p.code} ${p.severity}`),
      ["3 unknown-layout error"]
    )
    assert.include(parsed.problems[0]!.message, "| 标题 | 作者 | 链接 |")
  })

  it("dispatches on the header, not on the heading or the date", () => {
    const b = fixture("2025-10-06-arxiv.md").content.replace(
      "# arxiv 2025-10-06",
      "# Arxiv 2025-10-06 Papers"
    )
    assert.strictEqual(parse(b).layout, "B")
    assert.deepStrictEqual(codes(b), [])
  })

  it("reads a second table of a known layout on its own and says so", () => {
    const content = `${HEAD_B}| 一 | 甲 | ${pdf(1)} | 摘要 |\n\n${HEAD_C.split("\n").slice(2).join("\n")}| 二 | 乙 | 2025-10-05 | ${pdf(2)} | 摘要 |\n`
    const parsed = parse(content)
    assert.deepStrictEqual(
      parsed.rows.map((r) => [r.layout, r.author, r.published]),
      [
        ["B", "甲", null],
        ["C", "乙", "2025-10-05"]
      ]
    )
    assert.strictEqual(parsed.layout, "B")
    assert.deepStrictEqual(codes(content), ["7 multiple-tables"])
  })

  it("tells failure days, empty days, empty files and unknown notices apart", () => {
    assert.deepStrictEqual(
      codes("# arXiv 2025-10-06\n\n> 抓取失败：Page request resulted in HTTP 429 (x)\n"),
      ["3 fetch-failed"]
    )
    assert.deepStrictEqual(codes("# arXiv 2025-10-06\n\n> 当天没有抓取到有效论文。\n"), ["3 no-papers"])
    assert.deepStrictEqual(codes(HEAD_B), ["3 empty-table"])
    assert.deepStrictEqual(codes(""), ["1 no-table"])
    assert.deepStrictEqual(codes("# arXiv 2025-10-06\n"), ["1 no-table"])
    assert.deepStrictEqual(codes("# arXiv 2025-10-06\n\n今天休息。\n"), ["3 no-table"])
    const failed = parse("> 抓取失败：timeout\n").problems[0]!
    assert.strictEqual(failed.message, "upstream fetch failed (抓取失败：timeout)")
  })

  it("warns when the heading names another date than the file", () => {
    assert.deepStrictEqual(codes(HEAD_B.replace("2025-10-06", "2025-10-05")), [
      "1 date-mismatch",
      "3 empty-table"
    ])
  })

  it("skips bioRxiv, medRxiv and summary files with an info problem", () => {
    for (const kind of ["biorxiv", "medrxiv", "summary"] as const) {
      const parsed = parseDigest({ path: "x.md", date, kind, content: HEAD_B })
      assert.deepStrictEqual(
        [parsed.layout, parsed.rows.length, parsed.problems.map((p) => `${p.line} ${p.code} ${p.severity}`)],
        [null, 0, ["1 skipped-kind info"]]
      )
    }
  })
})
