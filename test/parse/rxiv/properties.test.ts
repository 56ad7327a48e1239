/**
 * Properties of the bioRxiv/medRxiv reader: it never throws and always returns valid rows and problems, on
 * random and mutated input; and on generated tables (labelled synthetic) it reads one row per `[PDF](` link,
 * with that link's DOI, whatever the cells hold (chatter, notes, escaped pipes, tabs, HTML, empty cells).
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { IsoDate } from "../../../src/domain/IsoDate.ts"
import { Problem } from "../../../src/domain/Problem.ts"
import { RxivRow } from "../../../src/domain/RxivRow.ts"
import { inlineHtmlToText } from "../../../src/parse/rxiv/inlineHtml.ts"
import { parseRxivDigest } from "../../../src/parse/rxiv/parseRxivDigest.ts"
import { fieldProblem } from "../../support/validFields.ts"
import { rxivFixtures } from "./rxivFixtures.ts"

const date = IsoDate.make("2026-05-05")
// Field by field: `Schema.is` and `Schema.validateSync` on a class only check `instanceof`.
const problemError = fieldProblem(Problem)
const rowError = fieldProblem(RxivRow)

const checkParse = (content: string) => {
  const parsed = parseRxivDigest({ path: "x-biorxiv.md", date, server: "biorxiv", content })
  const lineCount = content.split(/\r\n|\r|\n/).length
  for (const problem of parsed.problems) {
    expect(problemError(problem)).toBeUndefined()
    expect(problem.code, problem.message).not.toBe("parser-defect")
    expect(problem.line).toBeGreaterThanOrEqual(1)
    expect(problem.line).toBeLessThanOrEqual(lineCount)
  }
  for (const row of parsed.rows) {
    expect(rowError(row)).toBeUndefined()
    expect(row.title).not.toContain("\n")
  }
  return parsed
}

const token = fc.oneof(
  fc.constantFrom(
    "| ",
    " | ",
    "|",
    "\n",
    "\r\n",
    "\n\n",
    "\\|",
    "\t",
    "| 标题 | 作者 | PDF链接 |  摘要 |\n|------|------|--------|------|\n",
    "| 标题 | 作者 | PDF链接 | 摘要 |\n|------|------|--------|------|\n",
    "| 标题 | 作者 | 发布日期 | PDF链接 | 摘要 |\n|---|---|---|---|---|\n",
    "| 标题 | 作者 | PDF链接 | 代码仓库 | Title | \n|---|---|---|---|---|\n",
    "[PDF](https://doi.org/10.1101/2025.02.10.637397)",
    "[PDF](https://www.medrxiv.org/content/10.64898/2026.04.28.26351994v1.full.pdf)",
    "[PDF](https://doi.org/10.1101/029900)",
    "[PDF](https://example.org/x)",
    "[PDF](",
    "N/A",
    "Tozzi, A.",
    "以下是这段英文的中文翻译：",
    "**标题**",
    "（翻译说明：",
    "希望这个翻译对你有帮助！",
    "CO<inf>2</inf> &ge; 1",
    "> 抓取失败：Expecting value: line 1 column 1 (char 0)",
    "> 当天没有抓取到有效论文。",
    "# bioRxiv 2026-05-05"
  ),
  fc.string({ maxLength: 8 })
)

describe("parseRxivDigest properties", () => {
  it("never throws, on random pieces of digests", () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        checkParse(tokens.join(""))
      }),
      { numRuns: 400 }
    )
  })

  it("never throws on real fixtures with a slice cut out or a line duplicated", () => {
    const real = rxivFixtures.filter((f) => f.content.length < 40_000)
    fc.assert(
      fc.property(fc.constantFrom(...real), fc.nat(), fc.nat(), fc.boolean(), (fixture, a, b, cut) => {
        const text = fixture.content
        const [from, to] = [a % text.length, b % text.length].sort((x, y) => x - y) as [number, number]
        checkParse(cut ? text.slice(0, from) + text.slice(to) : text.slice(0, to) + text.slice(from))
      }),
      { numRuns: 150 }
    )
  })

  // Cell text as the upstream writes it: no raw pipe (RXIV.md), no `[PDF](`, no newline outside the title.
  const cellText = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          "中文",
          "English",
          "\\|",
          "\t",
          "<em>x</em>",
          "&gt;",
          "（注：…）",
          "**",
          "《",
          "：",
          " ",
          ""
        ),
        fc.string({ maxLength: 6 }).map((s) => s.replace(/[|\n\r[\]()]/g, ""))
      ),
      { maxLength: 8 }
    )
    .map((parts) => parts.join(""))
  const titleCell = fc
    .array(cellText, { minLength: 1, maxLength: 4 })
    .map((paragraphs) => paragraphs.join("\n\n").replace(/^\s*\|/, ""))
  const doiSuffix = fc.stringMatching(/^20\d\d\.\d\d\.\d\d\.\d{6}$/)
  const generatedRow = fc.record({ title: titleCell, author: cellText, tail: cellText, suffix: doiSuffix })

  const HEADERS = {
    A: "| 标题 | 作者 | PDF链接 | 代码仓库 | Title | \n|-------|----------|-----------|---------|--------------|",
    B: "| 标题 | 作者 | PDF链接 |  摘要 |\n|------|------|--------|------|",
    C4: "| 标题 | 作者 | PDF链接 | 摘要 |\n|------|------|--------|------|",
    C: "| 标题 | 作者 | 发布日期 | PDF链接 | 摘要 |\n|------|------|----------|--------|------|"
  } as const

  it("reads one row per [PDF]( link in generated tables of every layout, with the link's DOI", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("A", "B", "C4", "C" as const),
        fc.array(generatedRow, { maxLength: 12 }),
        (layout, rows) => {
          const lines = rows.map(({ title, author, tail, suffix }) => {
            const doi = `10.1101/${suffix}`
            const link =
              layout === "C" || layout === "C4"
                ? `[PDF](https://www.biorxiv.org/content/${doi}v1.full.pdf)`
                : `[PDF](https://doi.org/${doi})`
            const rest = layout === "A" ? `N/A | ${tail}` : tail
            const dateCell = layout === "C" ? ` ${date} |` : ""
            return `| ${title} | ${author} |${dateCell} ${link} | ${rest} |`
          })
          const content = `# bioRxiv ${date}\n\n${HEADERS[layout]}\n${lines.join("\n")}\n`
          const parsed = checkParse(content)
          expect(parsed.rows).toHaveLength(content.split("[PDF](").length - 1)
          expect(parsed.rows.map((r) => r.doi)).toEqual(rows.map((r) => `10.1101/${r.suffix}`))
          expect(parsed.rows.every((r) => r.layout === layout)).toBe(true)
          if (rows.length > 0) expect(parsed.layout).toBe(layout)
        }
      ),
      { numRuns: 200 }
    )
  })
})

describe("bioRxiv/medRxiv cells (synthetic rows, labelled)", () => {
  const parseOne = (header: string, row: string, server: "biorxiv" | "medrxiv" = "biorxiv") =>
    parseRxivDigest({ path: "t.md", date, server, content: `# bioRxiv ${date}\n\n${header}\n${row}\n` })
  const C = "| 标题 | 作者 | 发布日期 | PDF链接 | 摘要 |\n|---|---|---|---|---|"

  it("decodes inline HTML and entities into text, and leaves other angle brackets alone", () => {
    expect(inlineHtmlToText("CO<inf>2</inf> in <em>E. coli</em>, p &lt; 0.05, &ge;3 &amp; &#946;")).toBe(
      "CO2 in E. coli, p < 0.05, ≥3 & β"
    )
    expect(inlineHtmlToText("ΔF<DF>=10 and a<b")).toBe("ΔF<DF>=10 and a<b")
    expect(inlineHtmlToText("&amp;lt; &bogus; &#0;")).toBe("&lt; &bogus; &#0;")
    const parsed = parseOne(
      C,
      `| H<sub>2</sub>O&gt;冰 | Wu, Y. | ${date} | [PDF](https://doi.org/10.1101/2026.01.01.000001) | CO<inf>2</inf>排放&le;5。 |`
    )
    expect(parsed.rows[0]!.title).toBe("H2O>冰")
    expect(parsed.rows[0]!.abstract).toBe("CO2排放≤5。")
  })

  it("reports an unknown header, a link without DOI, a link to the other server and a bad posting date", () => {
    expect(parseOne("| a | b |\n|---|---|", "| x | y |").problems.map((p) => p.code)).toContain(
      "unknown-layout"
    )
    const codes = (row: string) => parseOne(C, row, "medrxiv").problems.map((p) => p.code)
    expect(codes(`| 标题 | Wu, Y. | ${date} | [PDF](https://example.org/x) | 摘要 |`)).toEqual(["not-doi"])
    expect(
      codes(
        `| 标题 | Wu, Y. | ${date} | [PDF](https://www.biorxiv.org/content/10.1101/029900v1.full.pdf) | 摘要 |`
      )
    ).toEqual(["server-mismatch"])
    expect(codes("| 标题 | Wu, Y. | 2026-02-30 | [PDF](https://doi.org/10.1101/029900) | 摘要 |")).toEqual([
      "bad-date"
    ])
  })
})
