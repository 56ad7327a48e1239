/** bioRxiv/medRxiv papers on the site, read back with parse5: a landing section per server, days grouped by server. */
import { assert, describe, it } from "@effect/vitest"
import { artifactText, siteArtifacts } from "../../../src/emit/Artifact.ts"
import { assignBibKeys } from "../../../src/emit/BibKeys.ts"
import { archiveCategories } from "../../../src/emit/FeedCatalog.ts"
import { feedWindow } from "../../../src/emit/feedWindow.ts"
import { daysOf } from "../../../src/emit/renderArtifacts.ts"
import { renderSite } from "../../../src/pipeline/renderSite.ts"
import { buildEnrichedPaper, buildPaper } from "../../support/paperFixtures.ts"
import { BIORXIV_DOI, MEDRXIV_DOI, rxivArchive } from "../fixtures/rxivPapers.ts"
import { samplePapers, samplePipeline } from "../fixtures/samplePapers.ts"
import { attr, byId, elements, parseHtml, textOf } from "./parseHtml.ts"

// A SYNTHETIC arXiv paper on the bioRxiv digest's day, so that day has two servers.
const sameDay = buildEnrichedPaper(buildPaper("2605.00001", { firstSeen: "2026-05-01" }))
const papers = [...samplePapers(), sameDay, ...rxivArchive()]
const pipeline = samplePipeline()
const site = renderSite({
  pipeline,
  days: daysOf(papers),
  windowed: feedWindow(papers, pipeline.feeds),
  categories: archiveCategories(papers),
  bibKeys: assignBibKeys({}, papers),
  // Every day is rendered here: the archive counts come from its own papers.
  paperCounts: new Map()
})
const page = (path: string) => {
  const artifact = siteArtifacts(site).find((a) => a.path === path)
  assert.isDefined(artifact, path)
  const parsed = parseHtml(artifactText(artifact!))
  assert.deepStrictEqual(parsed.errors, [], path)
  return parsed.document
}
const anchors = (root: Parameters<typeof elements>[0]) =>
  elements(root, "li")
    .map((li) => attr(li, "id"))
    .filter((id) => id !== undefined)

describe("the site with bioRxiv and medRxiv papers", () => {
  it("the landing page has a section per server with its feeds and latest papers; ids stay unique", () => {
    const document = page("index.html")
    const ids = elements(document)
      .map((e) => attr(e, "id"))
      .filter((id) => id !== undefined)
    assert.strictEqual(new Set(ids).size, ids.length, "every id once")
    const arxiv = byId(document, "papers")!.parentNode as Parameters<typeof elements>[0]
    assert.isFalse(
      anchors(arxiv).some((id) => id?.startsWith("doi-")),
      "the arXiv section holds arXiv papers"
    )
    for (const [server, doi] of [
      ["biorxiv", BIORXIV_DOI],
      ["medrxiv", MEDRXIV_DOI]
    ] as const) {
      const heading = byId(document, `server-${server}`)!
      const section = heading.parentNode as Parameters<typeof elements>[0]
      assert.strictEqual(attr(section as never, "aria-labelledby"), `server-${server}`)
      assert.deepStrictEqual(
        elements(section, "a")
          .map((a) => attr(a, "href"))
          .filter((href) => href?.startsWith(`${server}/`)),
        [`${server}/rss.xml`, `${server}/atom.xml`, `${server}/feed.json`]
      )
      const listed = anchors(section)
      assert.include(listed, `doi-${doi.replace(/[^A-Za-z0-9.-]/g, "-")}`)
      assert.isTrue(listed.every((id) => id?.startsWith("doi-")))
      assert.strictEqual(listed.length, rxivArchive().filter((p) => p.paper.server === server).length)
    }
    // the subscribe table lists the server and category feeds by their names
    const rows = elements(elements(document, "table")[0]!, "th").map(textOf)
    for (const label of ["arXiv", "bioRxiv", "medRxiv", "bioRxiv · neuroscience"]) assert.include(rows, label)
  })

  it("a day page groups the day's papers by server, arXiv first", () => {
    const document = page("day/2026-05-01.html")
    const headings = elements(document, "h3").map(textOf)
    const count = rxivArchive().filter((p) => p.paper.firstSeen === "2026-05-01").length
    assert.deepStrictEqual(headings, ["arXiv · 1 篇", `bioRxiv · ${count} 篇`])
    const lists = elements(document, "ol")
    assert.strictEqual(lists.length, 2)
    assert.deepStrictEqual(anchors(lists[0]!), ["arxiv-2605.00001"])
    assert.isTrue(anchors(lists[1]!).every((id) => id?.startsWith("doi-")))
    // a day of arXiv papers only keeps its one list, with no server heading (its papers' titles are the h3s)
    const arxivOnly = page("day/2025-10-06.html")
    assert.strictEqual(elements(arxivOnly, "ol").length, 1)
    assert.isFalse(
      elements(arxivOnly, "h3")
        .map(textOf)
        .some((text) => /^(?:arXiv|bioRxiv|medRxiv) · /.test(text))
    )
  })

  it("server and category pages sit beside their feeds, named by server", () => {
    assert.include(textOf(elements(page("biorxiv/index.html"), "h1")[0]!), "bioRxiv")
    const category = page("medrxiv/category/genetic-and-genomic-medicine/index.html")
    assert.include(textOf(elements(category, "h1")[0]!), "medRxiv · genetic and genomic medicine")
    assert.include(anchors(category), `doi-${MEDRXIV_DOI.replace(/[^A-Za-z0-9.-]/g, "-")}`)
  })

  it("the footer credits the bioRxiv/medRxiv API on every page when the pipeline reads those servers", () => {
    const footer = (rendered: ReturnType<typeof renderSite>, path: string) => {
      const artifact = siteArtifacts(rendered).find((a) => a.path === path)
      assert.isDefined(artifact, path)
      return textOf(elements(parseHtml(artifactText(artifact!)).document, "footer")[0]!)
    }
    const render = (servers: ReadonlyArray<string>) =>
      renderSite({
        pipeline: samplePipeline({ servers }),
        days: daysOf(papers),
        windowed: feedWindow(papers, pipeline.feeds),
        categories: archiveCategories(papers),
        bibKeys: assignBibKeys({}, papers),
        paperCounts: new Map()
      })
    const all = render(["arxiv", "biorxiv", "medrxiv"])
    for (const path of ["index.html", "day/2026-05-01.html", "archive.html"]) {
      assert.include(footer(all, path), "bioRxiv/medRxiv API", path)
      assert.include(footer(all, path), "Thank you to arXiv", path)
    }
    const arxivOnly = render(["arxiv"])
    for (const path of ["index.html", "archive.html"]) {
      assert.notInclude(footer(arxivOnly, path), "bioRxiv", path)
      assert.include(footer(arxivOnly, path), "Thank you to arXiv", path)
    }
    const medrxivOnly = render(["medrxiv"])
    assert.include(footer(medrxivOnly, "index.html"), "bioRxiv/medRxiv API")
    assert.notInclude(footer(medrxivOnly, "index.html"), "arXiv API")
  })
})
