/** The pages beside the category and code feeds: the feed's papers, its feed links, relative links only. */
import { assert, describe, it } from "@effect/vitest"
import { artifactText } from "../../../src/emit/Artifact.ts"
import { archiveCategories, feedGroups, hasCode } from "../../../src/emit/FeedCatalog.ts"
import { renderFeedPages } from "../../../src/emit/site/renderFeedPages.ts"
import { renderIndexHtml } from "../../../src/emit/site/renderIndexHtml.ts"
import { attr, elements, parseHtml } from "./parseHtml.ts"
import { pipeline, realPapers, siteInput } from "./siteFixtures.ts"

const groups = feedGroups(pipeline.title, realPapers, [...archiveCategories(realPapers), "math.AG"])
const pages = new Map(renderFeedPages(pipeline, groups).map((a) => [a.path, artifactText(a)]))
const paperIds = (html: string) =>
  elements(parseHtml(html).document, "li")
    .filter((li) => attr(li, "class") === "paper")
    .map((li) => attr(li, "id"))

describe("renderFeedPages", () => {
  it("renders a page beside every feed folder: the code feed and each category, even an empty one", () => {
    const categories = archiveCategories(realPapers)
    assert.isAtLeast(categories.length, 1)
    assert.deepStrictEqual(
      [...pages.keys()].sort(),
      ["code/index.html", ...[...categories, "math.AG"].map((c) => `category/${c}/index.html`)].sort()
    )
    assert.include(pages.get("category/math.AG/index.html"), `class="empty"`)
  })

  it("shows exactly the group's papers, and links its feeds and the site relatively", () => {
    for (const group of groups.filter((g) => g.folder !== "")) {
      const html = pages.get(`${group.folder}/index.html`)!
      const { document, errors } = parseHtml(html)
      assert.deepStrictEqual(errors, [])
      assert.deepStrictEqual(
        paperIds(html),
        group.papers.map((p) => `arxiv-${p.paper.id.replace(/\//g, "-")}`)
      )
      const hrefs = elements(document, "a").map((a) => attr(a, "href") ?? "")
      for (const feed of ["rss.xml", "atom.xml", "feed.json"]) assert.include(hrefs, feed)
      const root = "../".repeat(group.folder.split("/").length)
      assert.include(hrefs, `${root}index.html`)
      for (const day of new Set(group.papers.map((p) => p.paper.firstSeen)))
        assert.include(hrefs, `${root}day/${day}.html`)
      const alternates = elements(document, "link").filter((l) => attr(l, "rel") === "alternate")
      assert.deepStrictEqual(
        alternates.map((l) => attr(l, "href")),
        ["rss.xml", "atom.xml", "feed.json"]
      )
    }
    assert.deepStrictEqual(paperIds(pages.get("code/index.html")!).length, realPapers.filter(hasCode).length)
  })

  it("is linked from the landing page's feed table", () => {
    const { document } = parseHtml(renderIndexHtml(siteInput(realPapers)))
    const hrefs = elements(document, "a").map((a) => attr(a, "href"))
    assert.include(hrefs, "code/index.html")
    for (const category of archiveCategories(realPapers))
      assert.include(hrefs, `category/${category}/index.html`)
  })
})
