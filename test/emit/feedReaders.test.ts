/**
 * What feed readers take from the feeds, on the real sample: Zotero's DOI from RSS dc:identifier, NetNewsWire's
 * JSON Feed `author`, and Atom `<updated>` times that are distinct, stable across reruns and new papers, and
 * move only when a new version arrives.
 */
import { assert, describe, it } from "@effect/vitest"
import { ArxivId } from "../../src/domain/ArxivId.ts"
import type { EnrichedPaper } from "../../src/domain/EnrichedPaper.ts"
import { distinctUpdated, idOffsetMs } from "../../src/emit/atomUpdated.ts"
import { type FeedItem, toFeedItem } from "../../src/emit/FeedItem.ts"
import type { FeedMeta } from "../../src/emit/FeedMeta.ts"
import { newestFirst } from "../../src/emit/feedWindow.ts"
import { renderAtom } from "../../src/emit/renderAtom.ts"
import { renderJsonFeed } from "../../src/emit/renderJsonFeed.ts"
import { renderRss } from "../../src/emit/renderRss.ts"
import { samplePapers } from "./fixtures/samplePapers.ts"
import { parseXml, validateAtom, validateJsonFeed } from "./readers.ts"

// biome-ignore lint/suspicious/noExplicitAny: parsed XML and JSON trees are untyped; the assertions check them
type Node = Record<string, any>
const site = { siteUrl: "https://example.org/", language: "zh-CN" }
const meta = (file: string): FeedMeta => ({
  title: "T",
  description: "D",
  homeUrl: "https://example.org/",
  selfUrl: `https://example.org/${file}`,
  language: "zh-CN",
  asOf: null
})
const itemsOf = (papers: ReadonlyArray<EnrichedPaper>): Array<FeedItem> =>
  [...papers].sort(newestFirst).map((paper) => toFeedItem(paper, site))

/** Zotero.Utilities.cleanDOI's pattern: the first `10.…/…` in the text. */
const zoteroDoi = (text: string): string | undefined => /10(?:\.[0-9]{4,})?\/[^\s]*[^\s.,]/.exec(text)?.[0]

const atomEntries = (xml: string): Array<Node> =>
  ((parseXml(xml)["feed"] as Node)["entry"] ?? []) as Array<Node>

describe("feed readers on the real sample", () => {
  const papers = samplePapers()
  const items = itemsOf(papers)

  it("RSS items carry the DOI in dc:identifier: the journal DOI once published, else arXiv's", () => {
    const channel = (parseXml(renderRss(meta("rss.xml"), items))["rss"] as Node)["channel"] as Node
    const byLink = new Map((channel["item"] as Array<Node>).map((item) => [item["link"], item]))
    for (const paper of papers) {
      const item = byLink.get(`https://arxiv.org/abs/${paper.paper.id}`)!
      const expected = paper.metadata?.doi ?? `10.48550/arXiv.${paper.paper.id}`
      assert.strictEqual(item["dc:identifier"], `doi:${expected}`)
      assert.strictEqual(zoteroDoi(item["dc:identifier"]), expected)
    }
    assert.strictEqual(
      byLink.get("https://arxiv.org/abs/astro-ph/9812133")?.["dc:identifier"],
      "doi:10.1086/307221"
    )
  })

  it("JSON Feed items write the legacy author (the first author) beside authors, valid JSON Feed 1.1", () => {
    const document = JSON.parse(renderJsonFeed(meta("feed.json"), items)) as Node
    assert.deepStrictEqual(validateJsonFeed(document), [])
    for (const item of document["items"] as Array<Node>) {
      assert.isAbove(item["authors"].length, 0)
      assert.deepStrictEqual(item["author"], item["authors"][0])
    }
    const perlmutter = (document["items"] as Array<Node>).find(
      (i) => i["_arxiv"]["id"] === "astro-ph/9812133"
    )!
    assert.deepStrictEqual(perlmutter["author"], { name: "S. Perlmutter" })
  })

  it("Atom entries of a day have distinct updated times, the feed's is the newest, all valid RFC 4287", async () => {
    const xml = renderAtom(meta("atom.xml"), items)
    assert.deepStrictEqual((await validateAtom([xml])).errors, [])
    const entries = atomEntries(xml)
    const updated = entries.map((entry) => entry["updated"] as string)
    assert.strictEqual(new Set(updated).size, updated.length, "no two entries share updated")
    assert.isAbove(entries.filter((e) => e["published"] === "2025-10-06T00:00:00Z").length, 5)
    for (const entry of entries) assert.isTrue(Date.parse(entry["updated"]) >= Date.parse(entry["published"]))
    assert.strictEqual((parseXml(xml)["feed"] as Node)["updated"], [...updated].sort().at(-1))
  })

  it("a version announced after the paper first appeared moves its updated time to arXiv's", () => {
    const revised = papers.filter(
      (p) => p.metadata !== null && p.metadata.updated.slice(0, 10) > p.paper.firstSeen
    )
    assert.isAbove(revised.length, 0, "the sample has papers revised after their announcement")
    const entries = atomEntries(renderAtom(meta("atom.xml"), items))
    for (const paper of revised) {
      const entry = entries.find((e) => e["id"] === `https://arxiv.org/abs/${paper.paper.id}`)!
      assert.strictEqual(Date.parse(entry["updated"]), Date.parse(paper.metadata?.updated ?? ""))
    }
  })

  it("updated times stay the same when other papers join the day or the feed, and when enrichment arrives", () => {
    const updatedOf = (xml: string) => new Map(atomEntries(xml).map((e) => [e["id"], e["updated"]]))
    const full = updatedOf(renderAtom(meta("atom.xml"), items))
    // a feed of every other paper (another category, a smaller window)
    const some = updatedOf(
      renderAtom(
        meta("atom.xml"),
        items.filter((_, index) => index % 2 === 0)
      )
    )
    for (const [id, updated] of some) assert.strictEqual(updated, full.get(id), id)
    // a paper announced that day without metadata yet, and later with it (same version): same time
    const digestOnly = updatedOf(renderAtom(meta("atom.xml"), itemsOf(samplePapers({ metadata: false }))))
    for (const paper of papers.filter((p) => p.metadata !== null && p.metadata.version === 1))
      assert.strictEqual(
        digestOnly.get(`https://arxiv.org/abs/${paper.paper.id}`),
        full.get(`https://arxiv.org/abs/${paper.paper.id}`)
      )
  })

  it("ids of one announcement day never share an offset; old-style twins are told apart by the feed", () => {
    const ids = [
      "2510.03232",
      "2510.03231",
      "2509.03232",
      "2410.03232",
      "0704.0001",
      "1111.2011",
      "astro-ph/9812133"
    ]
    assert.strictEqual(new Set(ids.map(idOffsetMs)).size, ids.length)
    const twins = ["astro-ph/9812133", "hep-th/9812133"].map((id) => ({
      id: ArxivId.make(id),
      date: "2025-10-06T00:00:00Z",
      updated: null
    }))
    const [a, b] = distinctUpdated(twins)
    assert.notStrictEqual(a, b)
  })
})
