/** Every output of the sample read back by independent parsers: libxml2 + RELAX NG, fast-xml-parser, ajv, bibtex-parser. */
import { assert, describe, it } from "@effect/vitest"
import type { Artifact } from "../../src/emit/Artifact.ts"
import { renderArtifacts } from "../../src/emit/renderArtifacts.ts"
import { samplePapers, samplePipeline } from "./fixtures/samplePapers.ts"
import {
  parseXml,
  readBibtex,
  textOf,
  validateAtom,
  validateJsonFeed,
  wellFormedWithLibxml2
} from "./readers.ts"

// biome-ignore lint/suspicious/noExplicitAny: parsed XML and JSON trees are untyped; the assertions check them
type Node = Record<string, any>

const variants = [
  { name: "with arXiv metadata", papers: () => samplePapers({ metadata: true }) },
  { name: "digest-only", papers: () => samplePapers({ metadata: false }) }
]

const byPath = (artifacts: ReadonlyArray<Artifact>, suffix: string) =>
  artifacts.filter((a) => a.path === suffix || a.path.endsWith(`/${suffix}`))

describe.each(variants)("read back ($name)", ({ papers }) => {
  const artifacts = renderArtifacts({ pipeline: samplePipeline(), papers: papers(), bibKeys: {} })
  const all = papers()

  it("Atom feeds are valid against RFC 4287's RELAX NG grammar", async () => {
    const atoms = byPath(artifacts, "atom.xml")
    assert.isAbove(atoms.length, 2)
    const result = await validateAtom(atoms.map(textOf))
    assert.deepStrictEqual(result.errors, [])
    assert.isTrue(result.valid)
    for (const atom of atoms) {
      const feed = parseXml(textOf(atom))["feed"] as Node
      assert.strictEqual(feed["@xml:lang"], "zh-CN")
      assert.strictEqual(feed["id"], `https://example.github.io/digest-feeds/${atom.path}`)
      const entries = (feed["entry"] ?? []) as Array<Node>
      const newest = entries
        .map((e) => e["updated"] as string)
        .sort()
        .at(-1)
      if (newest !== undefined) assert.strictEqual(feed["updated"], newest)
      for (const entry of entries) {
        assert.match(entry["id"], /^https:\/\/arxiv\.org\/abs\/[^v]+$/)
        const links = entry["link"] as Array<Node>
        assert.isTrue(links.some((l) => l["@rel"] === "alternate" && l["@href"] === entry["id"]))
        assert.isTrue(links.some((l) => l["@rel"] === "enclosure" && l["@type"] === "application/pdf"))
        assert.isAbove((entry["author"] as Array<Node>).length, 0)
        assert.strictEqual(entry["content"]["@type"], "html")
      }
    }
  })

  it("RSS feeds are well-formed (libxml2) and carry dc:creator, guid, enclosure, self link", async () => {
    const rsses = byPath(artifacts, "rss.xml")
    const libxml = await wellFormedWithLibxml2(rsses.map(textOf))
    assert.deepStrictEqual(libxml.errors, [])
    for (const rss of rsses) {
      const root = parseXml(textOf(rss))["rss"] as Node
      assert.strictEqual(root["@version"], "2.0")
      assert.strictEqual(root["@xmlns:dc"], "http://purl.org/dc/elements/1.1/")
      assert.strictEqual(root["@xmlns:atom"], "http://www.w3.org/2005/Atom")
      const channel = root["channel"] as Node
      assert.strictEqual(channel["language"], "zh-CN")
      assert.strictEqual(channel["atom:link"]["@rel"], "self")
      assert.strictEqual(channel["atom:link"]["@href"], `https://example.github.io/digest-feeds/${rss.path}`)
      for (const item of (channel["item"] ?? []) as Array<Node>) {
        const guid = (item["guid"] as Array<Node>)[0] as Node
        assert.strictEqual(guid["@isPermaLink"], "true")
        assert.strictEqual(guid["#text"], item["link"])
        const enclosure = (item["enclosure"] as Array<Node>)[0] as Node
        assert.strictEqual(enclosure["@type"], "application/pdf")
        assert.strictEqual(enclosure["@length"], "0")
        assert.match(
          item["pubDate"],
          /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} 00:00:00 GMT$/
        )
        assert.isAbove((item["dc:creator"] as Array<string>).length, 0)
        assert.isUndefined(item["author"], "RSS <author> wants an e-mail address")
      }
    }
  })

  it("JSON feeds and papers.json are valid JSON Feed 1.1 with the _arxiv extension", () => {
    const jsons = [...byPath(artifacts, "feed.json"), ...byPath(artifacts, "papers.json")]
    for (const json of jsons) {
      const document = JSON.parse(textOf(json)) as Node
      assert.deepStrictEqual(validateJsonFeed(document), [], json.path)
      assert.strictEqual(document["version"], "https://jsonfeed.org/version/1.1")
      for (const item of document["items"] as Array<Node>) {
        assert.strictEqual(item["attachments"][0]["mime_type"], "application/pdf")
        assert.strictEqual(item["id"], `https://arxiv.org/abs/${item["_arxiv"]["id"]}`)
        assert.deepStrictEqual(item["tags"], item["_arxiv"]["categories"])
      }
    }
    const archive = JSON.parse(textOf(byPath(artifacts, "papers.json")[0]!)) as Node
    assert.strictEqual((archive["items"] as Array<Node>).length, all.length)
  })

  it("papers.bib reads back with no error: ids, DOI, URL, abstract and every author as a separate name", () => {
    const library = readBibtex(textOf(byPath(artifacts, "papers.bib")[0]!))
    assert.deepStrictEqual(library.errors, [])
    assert.strictEqual(library.entries.length, all.length)
    for (const paper of all) {
      const entry = library.entries.find((e) => e.fields["eprint"] === paper.paper.id)
      assert.isDefined(entry, paper.paper.id)
      assert.strictEqual(entry!.fields["eprinttype"], "arxiv")
      // biber's default data model has no archivePrefix (a warning per entry with --validate-datamodel)
      assert.isUndefined(entry!.fields["archiveprefix"])
      // the journal DOI once arXiv knows one, else arXiv's
      assert.strictEqual(entry!.fields["doi"], paper.metadata?.doi ?? `10.48550/arXiv.${paper.paper.id}`)
      assert.strictEqual(entry!.type, paper.metadata?.journalRef ? "article" : "misc")
      assert.strictEqual(entry!.fields["url"], `https://arxiv.org/abs/${paper.paper.id}`)
      const expected = paper.metadata?.authors.map((a) => a.name) ?? [paper.paper.author]
      assert.strictEqual(entry!.fields.author?.length, expected.length)
      // abstracts are TeX: the parser reads them as TeX, so the plain words come back
      if (paper.metadata !== null && paper.metadata.abstract !== "")
        assert.include(entry!.fields["abstract"], paper.metadata.abstract.split(/\s+/).slice(0, 5).join(" "))
    }
    const day = readBibtex(textOf(byPath(artifacts, "2025-10-06.bib")[0]!))
    assert.deepStrictEqual(day.errors, [])
    assert.strictEqual(day.entries.length, all.filter((p) => p.paper.firstSeen === "2025-10-06").length)
  })

  it("papers.csl.json holds Zotero Preprints, or Journal Articles once published, keyed like papers.bib", () => {
    const items = JSON.parse(textOf(byPath(artifacts, "papers.csl.json")[0]!)) as Array<Node>
    const bibKeys = readBibtex(textOf(byPath(artifacts, "papers.bib")[0]!)).entries.map((e) => e.key)
    assert.deepStrictEqual(items.map((i) => i["id"]).sort(), [...bibKeys].sort())
    for (const item of items) {
      const id = (item["URL"] as string).replace("https://arxiv.org/abs/", "")
      const paper = all.find((p) => p.paper.id === id)!
      if (paper.metadata?.journalRef) {
        assert.strictEqual(item["type"], "article-journal")
        assert.strictEqual(item["container-title"], paper.metadata.journalRef)
        assert.include(item["note"], `arXiv: ${id}`)
      } else {
        assert.strictEqual(item["type"], "article")
        assert.strictEqual(item["publisher"], "arXiv")
        assert.strictEqual(item["number"], `arXiv:${id}`)
      }
      assert.strictEqual(item["DOI"], paper.metadata?.doi ?? `10.48550/arXiv.${id}`)
      assert.match(item["URL"], /^https:\/\/arxiv\.org\/abs\//)
      const [parts] = item["issued"]["date-parts"] as Array<Array<number>>
      assert.strictEqual(parts?.length, 3)
      for (const author of item["author"] as Array<Node>)
        assert.isTrue(
          (typeof author["family"] === "string" && typeof author["given"] === "string") ||
            typeof author["literal"] === "string"
        )
    }
  })

  it("one OPML file per format lists every feed of that format once, each outline typed by it", async () => {
    const feedPaths = artifacts.map((a) => a.path)
    const files = [
      { path: "feeds.opml", file: "rss.xml", type: "rss", version: "RSS2" },
      { path: "feeds-atom.opml", file: "atom.xml", type: "atom", version: undefined },
      { path: "feeds-json.opml", file: "feed.json", type: "json", version: undefined }
    ]
    for (const { path, file, type, version } of files) {
      const opml = textOf(byPath(artifacts, path)[0]!)
      assert.deepStrictEqual((await wellFormedWithLibxml2([opml])).errors, [])
      const outlines = ((parseXml(opml)["opml"] as Node)["body"] as Node)["outline"] as Array<Node>
      const expected = feedPaths
        .filter((p) => p === file || p.endsWith(`/${file}`))
        .map((p) => `https://example.github.io/digest-feeds/${p}`)
      assert.deepStrictEqual(outlines.map((f) => f["@xmlUrl"]).sort(), expected.sort(), path)
      assert.strictEqual(new Set(outlines.map((f) => f["@xmlUrl"])).size, outlines.length, "each feed once")
      for (const outline of outlines) {
        assert.strictEqual(outline["@type"], type)
        assert.strictEqual(outline["@version"], version)
        assert.isUndefined(outline["outline"], "no folders: a flat list")
        assert.isString(outline["@text"])
      }
    }
  })
})

describe("real cases", () => {
  const artifacts = renderArtifacts({ pipeline: samplePipeline(), papers: samplePapers(), bibKeys: {} })
  const bib = readBibtex(textOf(byPath(artifacts, "papers.bib")[0]!))

  it("the 32-author astro-ph/9812133 keeps all authors, split Last, First, cited as the published article", () => {
    const entry = bib.entries.find((e) => e.fields["eprint"] === "astro-ph/9812133")!
    assert.strictEqual(entry.key, "perlmutter1998measurements")
    const authors = entry.fields.author!
    assert.strictEqual(authors.length, 32)
    assert.deepStrictEqual(authors[0], { lastName: "Perlmutter", firstName: "S." })
    assert.deepStrictEqual(authors[31], { lastName: "Couch", firstName: "W. J." })
    assert.strictEqual(entry.type, "article")
    assert.strictEqual(entry.fields["doi"], "10.1086/307221")
    assert.strictEqual(entry.fields["journal"], "Astrophys.J.517:565-586,1999")
    assert.isUndefined(entry.fields["note"])
    // the abstract is TeX: its `{+0.09,-0.08}` is a group, and `_` outside math is escaped as text
    assert.include(entry.fields["abstract"], "Omega_M = 0.28+0.09,-0.08")
  })

  it("particles and non-ASCII names (1707.08567, 1111.2011)", () => {
    const aew = bib.entries.find((e) => e.fields["eprint"] === "1707.08567")!.fields.author!
    assert.deepStrictEqual(
      aew.find((a) => a.lastName === "Putten"),
      {
        lastName: "Putten",
        firstName: "Joost",
        prefix: "van der"
      }
    )
    assert.deepStrictEqual(
      aew.find((a) => a.lastName === "With"),
      {
        lastName: "With",
        firstName: "Peter H. N.",
        prefix: "de"
      }
    )
    assert.isDefined(aew.find((a) => a.lastName === "Wübben" && a.firstName === "Dirk"))
    const murray = bib.entries.find((e) => e.fields["eprint"] === "1111.2011")!.fields.author!
    assert.deepStrictEqual(murray[1], { lastName: "Del Maestro", firstName: "Adrian" })
  })

  it("keys follow family name, v1 year and first significant English title word", () => {
    const keys = Object.fromEntries(bib.entries.map((e) => [e.fields["eprint"], e.key]))
    assert.strictEqual(keys["2510.03232"], "lin2025leaml")
    assert.strictEqual(keys["2510.03231"], "gehrmann2025reward")
    assert.strictEqual(keys["1707.08567"], "immink2017proceedings")
    assert.strictEqual(keys["2104.12255"], "nguyen2021arxiv210412255") // the title is "0"
    assert.strictEqual(keys["2510.03230"], "wang2025arxiv251003230") // digest-only, Chinese title
  })

  it("the RSS item of a 32-author paper has 32 dc:creator and categories primary first", () => {
    const rss = parseXml(textOf(byPath(artifacts, "rss.xml")[0]!))["rss"] as Node
    const item = (rss["channel"]["item"] as Array<Node>).find((i) => i["link"].endsWith("astro-ph/9812133"))!
    assert.strictEqual(item["dc:creator"].length, 32)
    assert.deepStrictEqual(item["category"], ["astro-ph", "hep-ex", "hep-ph"])
  })
})
