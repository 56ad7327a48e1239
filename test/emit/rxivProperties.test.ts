/**
 * Property tests for bioRxiv/medRxiv items: hostile text in the API's title, abstract and author parts gives
 * valid feeds and BibTeX that reads back exactly (their texts are plain text, not TeX: nothing may change).
 */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { EnrichedPaper } from "../../src/domain/EnrichedPaper.ts"
import { RxivMetadata, RxivPerson } from "../../src/domain/RxivMetadata.ts"
import { toFeedItem } from "../../src/emit/FeedItem.ts"
import type { FeedMeta } from "../../src/emit/FeedMeta.ts"
import { renderAtom } from "../../src/emit/renderAtom.ts"
import { renderBibtexEntry } from "../../src/emit/renderBibtex.ts"
import { cslItem } from "../../src/emit/renderCslJson.ts"
import { renderJsonFeed } from "../../src/emit/renderJsonFeed.ts"
import { renderRss } from "../../src/emit/renderRss.ts"
import { buildRxivMetadata, buildRxivPaper } from "../support/paperFixtures.ts"
import { expectedLine, hostileText } from "./arbitraries.ts"
import { onlyXmlChars, parseXml, readBibtex, validateAtom, validateJsonFeed } from "./readers.ts"

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
const DOI = "10.1101/2026.04.29.000001"

/** A person as the API splitter makes them: a non-empty family, a given part or none. */
const person = fc
  .record({ family: hostileText, given: fc.option(hostileText, { nil: null }) })
  .filter(({ family }) => expectedLine(family) !== "")

const hostileRxiv = fc
  .record({
    title: hostileText,
    abstract: hostileText,
    authors: fc.array(person, { minLength: 1, maxLength: 4 }),
    server: fc.constantFrom("biorxiv" as const, "medrxiv" as const)
  })
  .map((texts) => ({
    texts,
    paper: EnrichedPaper.make({
      paper: buildRxivPaper(DOI, { server: texts.server, title: "中文标题", abstract: "" }),
      metadata: RxivMetadata.make({
        ...buildRxivMetadata(DOI, { server: texts.server, title: texts.title, abstract: texts.abstract }),
        authors: texts.authors.map((a) => RxivPerson.make(a))
      }),
      codeLinks: []
    })
  }))

/** What a reader must get back for one person: both parts, or the whole name when there is one part. */
const expectedPerson = ({ family, given }: { family: string; given: string | null }) => {
  const last = expectedLine(family)
  const first = given === null ? "" : expectedLine(given)
  return first === "" ? { literal: last } : { family: last, given: first }
}

describe("hostile bioRxiv/medRxiv metadata", () => {
  it("BibTeX reads back with the title, abstract and every author part exactly; CSL keeps the parts", () => {
    fc.assert(
      fc.property(hostileRxiv, ({ texts, paper }) => {
        const item = toFeedItem(paper, site, { html: false })
        const entry = renderBibtexEntry(item, "key2026test")
        const read = readBibtex(entry)
        assert.deepStrictEqual(read.errors, [], entry)
        const fields = read.entries[0]?.fields ?? {}
        assert.strictEqual(fields["title"], expectedLine(texts.title) || "中文标题", entry)
        const abstract = expectedLine(texts.abstract)
        assert.strictEqual(fields["abstract"], abstract === "" ? undefined : abstract, entry)
        assert.strictEqual(fields["doi"], DOI)
        const expected = texts.authors.map(expectedPerson)
        const creators = fields.author ?? []
        assert.strictEqual(creators.length, expected.length, entry)
        creators.forEach((creator, index) => {
          const want = expected[index]!
          if ("literal" in want) {
            assert.strictEqual(creator.name ?? creator.lastName, want.literal, entry)
            return
          }
          // BibTeX's von part belongs to the family name
          const family = [creator.prefix, creator.lastName]
            .filter((p) => p !== undefined && p !== "")
            .join(" ")
          assert.strictEqual(family, want.family, entry)
          assert.strictEqual(creator.firstName ?? "", want.given, entry)
        })
        assert.deepStrictEqual(cslItem(item, "key2026test").author, expected)
      }),
      { numRuns: 300 }
    )
  })

  it("RSS, Atom and JSON Feed carry only XML characters, parse back, and validate", async () => {
    const samples = fc.sample(hostileRxiv, { numRuns: 60, seed: 14 })
    const items = samples.map(({ paper }) => toFeedItem(paper, site))
    const atoms = items.map((item) => renderAtom(meta("atom.xml"), [item]))
    assert.deepStrictEqual((await validateAtom(atoms)).errors, [])
    samples.forEach(({ texts }, index) => {
      const item = items[index]!
      const rss = renderRss(meta("rss.xml"), [item])
      assert.isTrue(onlyXmlChars(rss) && onlyXmlChars(atoms[index]!))
      const rssItem = (parseXml(rss)["rss"] as Node)["channel"]["item"][0] as Node
      assert.strictEqual(rssItem["guid"][0]["#text"], `https://doi.org/${DOI}`)
      const names = texts.authors
        .map(({ family, given }) => [given === null ? "" : expectedLine(given), expectedLine(family)])
        .map((parts) => parts.filter((p) => p !== "").join(" "))
      assert.deepStrictEqual(rssItem["dc:creator"], names)
      const json = JSON.parse(renderJsonFeed(meta("feed.json"), [item])) as Node
      assert.deepStrictEqual(validateJsonFeed(json), [])
      assert.strictEqual(json["items"][0]["_preprint"]["title_en"], expectedLine(texts.title) || null)
    })
  })
})
