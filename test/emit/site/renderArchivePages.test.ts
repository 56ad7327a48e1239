/** Day pages and the month index read back with parse5: every paper, its BibTeX, the days around it. */

import { assert, describe, it } from "@effect/vitest"
import { parse as parseBibtex } from "@retorquere/bibtex-parser"
import { IsoDate } from "../../../src/domain/IsoDate.ts"
import { artifactText } from "../../../src/emit/Artifact.ts"
import { daysOf } from "../../../src/emit/renderArtifacts.ts"
import { renderArchivePages } from "../../../src/emit/site/renderArchivePages.ts"
import { attr, elements, parseHtml, textOf } from "./parseHtml.ts"
import { makePaper, pipeline, realPapers } from "./siteFixtures.ts"

const manyAuthors = makePaper({
  id: "2510.09999",
  date: "2025-10-07",
  author: "Author 1",
  title: "十二位作者的论文",
  abstract: "十二位作者的摘要。",
  metadata: {
    title: "A paper by twelve",
    abstract: "The abstract of twelve authors.",
    authors: Array.from({ length: 12 }, (_, i) => `Author ${i + 1}`),
    category: "cs.LG"
  }
})
const papers = [...realPapers, manyAuthors]
const render = (copied: ReadonlyArray<string> = []) =>
  renderArchivePages({
    pipeline,
    days: daysOf(papers).map((day) =>
      copied.includes(day.day)
        ? {
            day: day.day,
            previous: {
              "papers.json": { offset: 0, length: 0 },
              "papers.bib": { offset: 0, length: 0 },
              "papers.csl.json": { offset: 0, length: 0 }
            },
            topicBibs: {}
          }
        : day
    ),
    bibKeys: {},
    paperCounts: new Map(
      daysOf(papers).map((day) => [day.day, "papers" in day ? day.papers().length : 0] as const)
    )
  })
const page = (path: string, copied: ReadonlyArray<string> = []) => {
  const artifact = render(copied).artifacts.find((a) => a.path === path)
  assert.isDefined(artifact, path)
  return artifactText(artifact!)
}

describe("renderArchivePages", () => {
  it("renders a page per day with papers, and keeps the pages of copied days as published", () => {
    const site = render(["2024-09-04"])
    assert.deepStrictEqual(site.artifacts.map((a) => a.path).sort(), [
      "archive.html",
      "day/2025-10-06.html",
      "day/2025-10-07.html"
    ])
    assert.deepStrictEqual(site.kept, ["day/2024-09-04.html"])
  })

  it("shows every paper of the day, every author, and each paper's BibTeX entry", () => {
    const { document, errors } = parseHtml(page("day/2025-10-06.html"))
    assert.deepStrictEqual(errors, [])
    const items = elements(document, "li").filter((li) => attr(li, "class") === "paper")
    const expected = realPapers.filter((p) => p.paper.firstSeen === IsoDate.make("2025-10-06"))
    assert.strictEqual(items.length, expected.length)
    for (const item of items) {
      const pre = elements(item, "pre")
      assert.strictEqual(pre.length, 1)
      const bib = parseBibtex(textOf(pre[0]!))
      assert.strictEqual(bib.entries.length, 1)
    }
    const twelve = parseHtml(page("day/2025-10-07.html")).document
    assert.include(textOf(twelve), "Author 12")
  })

  it("links the days before and after, relatively, and the month in the archive", () => {
    const { document } = parseHtml(page("day/2025-10-06.html"))
    const hrefs = elements(document, "a").map((a) => attr(a, "href") ?? "")
    assert.include(hrefs, "2024-09-04.html")
    assert.include(hrefs, "2025-10-07.html")
    assert.include(hrefs, "../archive.html#month-2025-10")
    assert.include(hrefs, "../index.html")
    assert.include(hrefs, "../bib/2025-10-06.bib")
    for (const href of hrefs) if (!/^https:\/\//.test(href)) assert.notMatch(href, /^\/|^[a-z]+:/, href)
    const last = parseHtml(page("day/2025-10-07.html")).document
    assert.notInclude(
      elements(last, "a").map((a) => attr(a, "rel")),
      "next"
    )
  })

  it("lists every day in the archive by month, newest first", () => {
    const { document } = parseHtml(page("archive.html"))
    const days = elements(document, "a")
      .map((a) => attr(a, "href") ?? "")
      .filter((href) => href.startsWith("day/"))
    assert.deepStrictEqual(days, ["day/2025-10-07.html", "day/2025-10-06.html", "day/2024-09-04.html"])
    assert.deepStrictEqual(
      elements(document, "h2").map((h) => attr(h, "id")),
      ["month-2025-10", "month-2024-09"]
    )
  })

  it("counts each day's papers in the archive, a copied day's from the run's counts, and each month's", () => {
    const { document } = parseHtml(page("archive.html", ["2024-09-04"]))
    const count = (day: string) => papers.filter((p) => p.paper.firstSeen === IsoDate.make(day)).length
    const shown = elements(document, "a")
      .filter((a) => (attr(a, "href") ?? "").startsWith("day/"))
      .map((a) => textOf(a))
    assert.deepStrictEqual(shown, [
      `2025-10-07 ${count("2025-10-07")} 篇`,
      `2025-10-06 ${count("2025-10-06")} 篇`,
      `2024-09-04 ${count("2024-09-04")} 篇`
    ])
    assert.isAbove(count("2024-09-04"), 0)
    assert.include(
      textOf(elements(document, "h2")[0]!),
      `（2 天，${count("2025-10-06") + count("2025-10-07")} 篇）`
    )
  })

  it("day pages go h1, h2, h3 without skipping a level; each paper is an h3 with the DOI and both abstracts", () => {
    const { document } = parseHtml(page("day/2025-10-07.html"))
    const levels = elements(document)
      .filter((e) => /^h[1-6]$/.test(e.tagName))
      .map((e) => Number(e.tagName.slice(1)))
    assert.deepStrictEqual(levels.slice(0, 2), [1, 2])
    levels.forEach((level, at) => {
      if (at > 0) assert.isAtMost(level, levels[at - 1]! + 1, `h${levels[at - 1]} -> h${level}`)
    })
    const items = elements(document, "li").filter((li) => attr(li, "class") === "paper")
    for (const item of items) {
      const id = attr(item, "id")!
      assert.strictEqual(attr(elements(item, "h3")[0]!, "id"), `${id}-title`)
      assert.include(textOf(item), "doi:10.")
    }
    // arXiv's English abstract beside the digest's Chinese one, in the same <details>
    const withEnglish = items.filter((item) =>
      elements(item, "details").some((details) => {
        const langs = elements(details, "p").map((p) => attr(p, "lang"))
        return langs.includes("zh-CN") && langs.includes("en")
      })
    )
    assert.isNotEmpty(withEnglish)
    assert.strictEqual(
      attr(elements(document, "ol").find((ol) => attr(ol, "class") === "papers")!, "data-pagefind-body"),
      ""
    )
  })
})
