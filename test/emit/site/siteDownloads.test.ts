/**
 * The landing page of the real sample as the run renders it (renderSite): the archives are downloads with
 * their sizes, never feeds; each day links its BibTeX file; and no control character from a digest reaches it.
 */
import { assert, describe, it } from "@effect/vitest"
import type { EnrichedPaper } from "../../../src/domain/EnrichedPaper.ts"
import { Paper } from "../../../src/domain/Paper.ts"
import { artifactText, passTexts, siteArtifacts } from "../../../src/emit/Artifact.ts"
import { assignBibKeys } from "../../../src/emit/BibKeys.ts"
import { archiveCategories } from "../../../src/emit/FeedCatalog.ts"
import { feedWindow } from "../../../src/emit/feedWindow.ts"
import { daysOf } from "../../../src/emit/renderArtifacts.ts"
import { formatBytes } from "../../../src/emit/site/measuredArtifact.ts"
import { renderSite } from "../../../src/pipeline/renderSite.ts"
import { samplePapers, samplePipeline } from "../fixtures/samplePapers.ts"
import { attr, elements, parseHtml, textOf } from "./parseHtml.ts"

const siteOf = (papers: ReadonlyArray<EnrichedPaper>) => {
  const pipeline = samplePipeline()
  return renderSite({
    pipeline,
    days: daysOf(papers),
    windowed: feedWindow(papers, pipeline.feeds),
    categories: archiveCategories(papers),
    bibKeys: assignBibKeys({}, papers),
    paperCounts: new Map()
  })
}

/** Iterates the passes, then every artifact in order, as the publisher writes them; the texts by path. */
const publish = (papers: ReadonlyArray<EnrichedPaper>) => {
  const site = siteOf(papers)
  return new Map([
    ...(site.passes ?? []).flatMap((pass) => [...passTexts(pass)]),
    ...siteArtifacts(site).map((artifact) => [artifact.path, artifactText(artifact)] as const)
  ])
}

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

describe("landing page downloads (real sample)", () => {
  const files = publish(samplePapers())
  const html = files.get("index.html") ?? ""
  const { document } = parseHtml(html)
  const anchors = elements(document, "a")
  const linkTo = (href: string) => anchors.find((a) => attr(a, "href") === href)

  it("announces only feeds for discovery, never the archives", () => {
    const alternates = elements(document, "link").filter((l) => attr(l, "rel") === "alternate")
    assert.isAbove(alternates.length, 0)
    for (const link of alternates)
      assert.match(attr(link, "href") ?? "", /(^|\/)(rss\.xml|atom\.xml|feed\.json)$/)
  })

  it("offers papers.json, papers.bib and papers.csl.json as downloads with their exact sizes", () => {
    for (const [path, type] of [
      ["papers.json", "application/json"],
      ["papers.bib", "application/x-bibtex"],
      ["papers.csl.json", "application/vnd.citationstyles.csl+json"]
    ] as const) {
      const anchor = linkTo(path)
      assert.isDefined(anchor, path)
      assert.isDefined(attr(anchor!, "download"), `${path} is a download`)
      assert.strictEqual(attr(anchor!, "type"), type)
      const bytes = Buffer.byteLength(files.get(path) ?? "", "utf8")
      assert.isAbove(bytes, 1000)
      const size = elements(anchor!.parentNode as never, "data")[0]
      assert.strictEqual(attr(size!, "value"), String(bytes), path)
      assert.strictEqual(textOf(size!), formatBytes(bytes))
    }
    // the archive is described as one, not as something to subscribe to
    assert.include(textOf(linkTo("papers.json")!.parentNode as never), "不是订阅源")
  })

  it("the sizes do not depend on whether the files were written first", () => {
    const alone = siteArtifacts(siteOf(samplePapers())).find((a) => a.path === "index.html")!
    assert.strictEqual(artifactText(alone), html)
  })

  it("links the three OPML files and each day's bib/DAY.bib, every one a file of the run", () => {
    for (const path of ["feeds.opml", "feeds-atom.opml", "feeds-json.opml"])
      assert.isDefined(linkTo(path), path)
    const days = elements(document, "h3").map((h) => attr(h, "id")?.replace(/^day-/, "") ?? "")
    assert.isAbove(days.length, 1)
    for (const day of days) {
      const anchor = linkTo(`bib/${day}.bib`)
      assert.isDefined(anchor, day)
      assert.isDefined(attr(anchor!, "download"))
      assert.isTrue(files.has(`bib/${day}.bib`), `bib/${day}.bib is published`)
    }
  })

  it("control characters of a digest row never reach index.html", () => {
    const [real, ...rest] = samplePapers({ metadata: false })
    // a real row with the control characters seen in real digests: NUL, BS, ESC, DEL, and VT, FF, C1
    const dirty = {
      ...real!,
      paper: new Paper({
        ...real!.paper,
        title: `${real!.paper.title}\u0000\u0008`,
        abstract: `\u001B[0m${real!.paper.abstract}\u007F\u000B\u000C\u0085`,
        author: `Ci-Siang\u0000 Lin`
      })
    } as EnrichedPaper
    const page = publish([dirty, ...rest]).get("index.html") ?? ""
    assert.notMatch(page, CONTROL)
    assert.notInclude(page, "\u0085")
    assert.include(page, `${real!.paper.title}</h4>`)
    assert.include(page, "Ci-Siang Lin")
    assert.include(page, `[0m${real!.paper.abstract.slice(0, 20)}`)
  })
})
