/** Property tests: hostile Unicode in titles, abstracts and names gives well-formed XML and balanced BibTeX that read back. */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { XMLParser } from "fast-xml-parser"
import { toFeedItem } from "../../src/emit/FeedItem.ts"
import type { FeedMeta } from "../../src/emit/FeedMeta.ts"
import { parsePersonName } from "../../src/emit/PersonName.ts"
import { renderAtom } from "../../src/emit/renderAtom.ts"
import { renderBibtexEntry } from "../../src/emit/renderBibtex.ts"
import { renderJsonFeed } from "../../src/emit/renderJsonFeed.ts"
import { renderRss } from "../../src/emit/renderRss.ts"
import { expectedLine, expectedText, hostileText, paperWith } from "./arbitraries.ts"
import { onlyXmlChars, parseXml, readBibtex, validateAtom, wellFormedWithLibxml2 } from "./readers.ts"

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

/** Text content of an XHTML fragment, `<br/>` read as a line break (parsed by fast-xml-parser). */
const htmlText = (html: string): string => {
  const tree = new XMLParser({ preserveOrder: true, trimValues: false, parseTagValue: false }).parse(
    `<div>${html}</div>`
  ) as Array<Node>
  const walk = (nodes: Array<Node>): string =>
    nodes
      .map((node) => {
        if ("#text" in node) return String(node["#text"])
        if ("br" in node) return "\n"
        const name = Object.keys(node).find((k) => k !== ":@") ?? ""
        return walk(node[name] as Array<Node>)
      })
      .join("")
  return walk(tree)
}

/** A digest-only paper whose texts are all hostile. */
const hostilePaper = fc
  .record({ title: hostileText, abstract: hostileText, author: hostileText })
  .map((texts) => ({ texts, paper: paperWith(texts) }))

/** Classic BibTeX counts every brace, escaped or not: depth never negative, zero at the end. */
const balanced = (text: string): boolean => {
  let depth = 0
  for (const char of text) {
    if (char === "{") depth++
    if (char === "}") depth--
    if (depth < 0) return false
  }
  return depth === 0
}

describe("hostile text in feeds", () => {
  it("RSS, Atom and JSON Feed parse back to the input minus what XML cannot carry", () => {
    fc.assert(
      fc.property(hostilePaper, ({ texts, paper }) => {
        const item = toFeedItem(paper, site)
        const title = expectedLine(texts.title) || "arXiv:2510.03232"
        const author = expectedLine(texts.author)
        const abstract = expectedText(texts.abstract).trim()
        for (const xml of [renderRss(meta("rss.xml"), [item]), renderAtom(meta("atom.xml"), [item])])
          assert.isTrue(onlyXmlChars(xml), "only XML 1.0 characters")
        const rssItem = (parseXml(renderRss(meta("rss.xml"), [item]))["rss"] as Node)["channel"][
          "item"
        ][0] as Node
        assert.strictEqual(rssItem["title"], title)
        assert.deepStrictEqual(rssItem["dc:creator"] ?? [], author === "" ? [] : [author])
        assert.strictEqual(rssItem["description"], item.contentHtml)
        if (abstract !== "") assert.include(htmlText(rssItem["description"]), abstract)
        const entry = (parseXml(renderAtom(meta("atom.xml"), [item]))["feed"] as Node)["entry"][0] as Node
        assert.strictEqual(entry["title"]["#text"], title)
        assert.strictEqual(entry["content"]["#text"], item.contentHtml)
        const json = JSON.parse(renderJsonFeed(meta("feed.json"), [item])) as Node
        assert.strictEqual(json["items"][0]["title"], title)
        const arxiv = json["items"][0]["_arxiv"] as Node
        if (abstract !== "") assert.include([arxiv["abstract_zh"], item.abstractDigestEn], abstract)
      }),
      { numRuns: 300 }
    )
  })

  it("libxml2 finds the documents well-formed and the Atom valid against RFC 4287", async () => {
    const samples = fc
      .sample(hostilePaper, { numRuns: 60, seed: 4 })
      .map(({ paper }) => toFeedItem(paper, site))
    const atoms = samples.map((item) => renderAtom(meta("atom.xml"), [item]))
    const rsses = samples.map((item) => renderRss(meta("rss.xml"), [item]))
    assert.deepStrictEqual((await validateAtom(atoms)).errors, [])
    assert.deepStrictEqual((await wellFormedWithLibxml2(rsses)).errors, [])
  })
})

/** Characters TeX gives a meaning to in text that BibTeX passes through (math, commands, groups, ligatures). */
const TEX_ACTIVE = /[\\${}~`'-]/g

/** Every `%`, `&` and `#` of a rendered field escaped: bare, they break LaTeX (a comment, an alignment tab). */
const texSafe = (field: string): boolean => !/(^|[^\\])(\\\\)*[%&#]/.test(field)

describe("hostile text in BibTeX", () => {
  it("entries are brace-balanced, read back without error, TeX-safe, and plain text comes back exactly", () => {
    fc.assert(
      fc.property(
        fc.record({
          title: hostileText,
          abstract: hostileText,
          authors: fc.array(hostileText, { maxLength: 4 })
        }),
        (raw) => {
          // titles and abstracts are TeX: only text without TeX-active characters has one exact reading
          const plain = (text: string) => text.replace(TEX_ACTIVE, "")
          const texts = { ...raw, title: plain(raw.title), abstract: plain(raw.abstract) }
          for (const hostile of [raw, texts]) {
            const paper = paperWith({
              title: "中文标题",
              abstract: "",
              author: "Ci-Siang Lin",
              metadata: hostile
            })
            const entry = renderBibtexEntry(toFeedItem(paper, site), "key2025test")
            assert.isTrue(balanced(entry), entry)
            // random TeX has commands no reader knows (`\\qz`): the parser says so; anything else is a defect
            const read = readBibtex(entry)
            assert.deepStrictEqual(
              read.errors.filter((e) => !/^unhandled macro/.test(e.error)),
              [],
              entry
            )
            assert.strictEqual(read.entries.length, 1)
            for (const line of entry.split("\n").filter((l) => /^ {2}(title|abstract) /.test(l)))
              assert.isTrue(texSafe(line), line)
          }
          const paper = paperWith({
            title: "中文标题",
            abstract: "",
            author: "Ci-Siang Lin",
            metadata: texts
          })
          const item = toFeedItem(paper, site)
          const entry = renderBibtexEntry(item, "key2025test")
          const library = readBibtex(entry)
          const fields = library.entries[0]?.fields ?? {}
          assert.strictEqual(fields["title"], expectedLine(texts.title) || "中文标题")
          const abstract = expectedLine(texts.abstract)
          assert.strictEqual(fields["abstract"], abstract === "" ? undefined : abstract)
          // no author at all in the metadata: the digest's first author stands in
          const expectedNames =
            texts.authors.length === 0
              ? ["Ci-Siang Lin"]
              : texts.authors.map(expectedLine).filter((n) => n !== "")
          const creators = fields.author ?? []
          assert.strictEqual(creators.length, expectedNames.length, entry)
          creators.forEach((creator, index) => {
            const expected = parsePersonName(expectedNames[index] ?? "")
            if (expected.kind === "literal") {
              assert.strictEqual(creator.name ?? creator.lastName, expected.literal, entry)
              return
            }
            // BibTeX's von part is part of the family name; everything after the last comma is the given name
            const family = [creator.prefix, creator.lastName]
              .filter((p) => p !== undefined && p !== "")
              .join(" ")
            assert.strictEqual(family, expected.family, entry)
            assert.strictEqual(creator.firstName ?? "", expected.given, entry)
            assert.strictEqual(creator.suffix ?? "", expected.suffix, entry)
            // and no character of the name is lost or added on the way (an oracle independent of the split)
            const chars = (text: string) => [...text.replace(/[\s,]/g, "")].sort().join("")
            assert.strictEqual(
              chars([creator.name, family, creator.firstName, creator.suffix].filter(Boolean).join("")),
              chars(expectedNames[index] ?? ""),
              entry
            )
          })
        }
      ),
      { numRuns: 300 }
    )
  })
})
