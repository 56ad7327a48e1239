/**
 * bioRxiv/medRxiv papers in every output, read back by the same independent parsers as arXiv's (libxml2 +
 * RELAX NG, fast-xml-parser, ajv, bibtex-parser), beside the arXiv sample whose feeds must not change.
 */
import { assert, describe, it } from "@effect/vitest"
import type { Artifact } from "../../src/emit/Artifact.ts"
import { renderArtifacts } from "../../src/emit/renderArtifacts.ts"
import { buildAnyEnrichedPaper, buildRxivPaper, codeLink } from "../support/paperFixtures.ts"
import {
  BIORXIV_DOI,
  biorxivPaper,
  groupAuthorsMetadata,
  MEDRXIV_DOI,
  medrxivPaper,
  rxivArchive
} from "./fixtures/rxivPapers.ts"
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

const render = (papers: Parameters<typeof renderArtifacts>[0]["papers"]) =>
  renderArtifacts({ pipeline: samplePipeline(), papers, bibKeys: {} })
const textAt = (artifacts: ReadonlyArray<Artifact>, path: string): string => {
  const artifact = artifacts.find((a) => a.path === path)
  assert.isDefined(artifact, `no artifact ${path}`)
  return textOf(artifact!)
}
const isFeed = (path: string) => /(^|\/)(rss\.xml|atom\.xml|feed\.json)$/.test(path)

const arxivOnly = render(samplePapers())
const rxiv = rxivArchive()
const mixed = render([...samplePapers(), ...rxiv])
const paths = mixed.map((a) => a.path)

describe("bioRxiv/medRxiv beside arXiv", () => {
  // (the code feed is every server's: it stays the same here because no bioRxiv/medRxiv paper has code)
  it("the root and category/ feeds stay arXiv's, byte for byte", () => {
    const arxivFeeds = arxivOnly.filter((a) => isFeed(a.path))
    assert.isAbove(arxivFeeds.length, 6)
    for (const feed of arxivFeeds) assert.strictEqual(textAt(mixed, feed.path), textOf(feed), feed.path)
    const mixedArxivFeeds = paths.filter(
      (p) => isFeed(p) && !p.startsWith("biorxiv/") && !p.startsWith("medrxiv/")
    )
    assert.deepStrictEqual(mixedArxivFeeds.sort(), arxivFeeds.map((a) => a.path).sort())
  })

  it("each server gets its feeds and its categories' feeds under its folder", () => {
    for (const folder of [
      "biorxiv",
      "medrxiv",
      "biorxiv/category/neuroscience",
      "medrxiv/category/genetic-and-genomic-medicine"
    ])
      for (const file of ["rss.xml", "atom.xml", "feed.json"]) assert.include(paths, `${folder}/${file}`)
    const server = (path: string) =>
      (JSON.parse(textAt(mixed, path))["items"] as Array<Node>).map((item) => item["_preprint"]?.["server"])
    const biorxiv = server("biorxiv/feed.json")
    assert.strictEqual(biorxiv.length, rxiv.filter((p) => p.paper.server === "biorxiv").length)
    assert.isTrue(biorxiv.every((s) => s === "biorxiv"))
    assert.isTrue(server("medrxiv/feed.json").every((s) => s === "medrxiv"))
    assert.deepStrictEqual(
      (JSON.parse(textAt(mixed, "biorxiv/category/neuroscience/feed.json"))["items"] as Array<Node>).map(
        (item) => item["_preprint"]["doi"]
      ),
      [BIORXIV_DOI]
    )
  })

  it("an archive without bioRxiv/medRxiv papers has no server folder", () => {
    assert.isFalse(arxivOnly.some((a) => a.path.startsWith("biorxiv/") || a.path.startsWith("medrxiv/")))
    const onlyBio = render([...samplePapers(), biorxivPaper()]).map((a) => a.path)
    assert.include(onlyBio, "biorxiv/rss.xml")
    assert.isFalse(onlyBio.some((p) => p.startsWith("medrxiv/")))
  })

  it("the code feed holds every server's papers with code", () => {
    // a SYNTHETIC link (no fixture abstract has one)
    const withCode = buildAnyEnrichedPaper(biorxivPaper().paper, biorxivPaper().metadata, [
      codeLink("https://github.com/example/circuit-maps", "github", ["abstract_en"])
    ])
    const artifacts = render([...samplePapers(), withCode, medrxivPaper()])
    const ids = (JSON.parse(textAt(artifacts, "code/feed.json"))["items"] as Array<Node>).map((i) => i["id"])
    assert.include(ids, `https://doi.org/${BIORXIV_DOI}`)
    assert.include(ids, "https://arxiv.org/abs/2510.03222")
    assert.notInclude(ids, `https://doi.org/${MEDRXIV_DOI}`)
  })

  it("feeds.opml lists every RSS feed once, the servers' and their categories' included", () => {
    const outlines = ((parseXml(textAt(mixed, "feeds.opml"))["opml"] as Node)["body"] as Node)[
      "outline"
    ] as Array<Node>
    const expected = paths
      .filter((p) => p === "rss.xml" || p.endsWith("/rss.xml"))
      .map((p) => `https://example.github.io/digest-feeds/${p}`)
    assert.deepStrictEqual(outlines.map((o) => o["@xmlUrl"]).sort(), expected.sort())
    assert.include(
      expected,
      "https://example.github.io/digest-feeds/medrxiv/category/genetic-and-genomic-medicine/rss.xml"
    )
  })

  it("every Atom feed is valid against RFC 4287's RELAX NG grammar; rxiv entries are DOI-identified", async () => {
    const atoms = mixed.filter((a) => a.path.endsWith("atom.xml"))
    const result = await validateAtom(atoms.map(textOf))
    assert.deepStrictEqual(result.errors, [])
    assert.isTrue(result.valid)
    const entries = (parseXml(textAt(mixed, "medrxiv/atom.xml"))["feed"] as Node)["entry"] as Array<Node>
    const entry = entries.find((e) => e["id"] === `https://doi.org/${MEDRXIV_DOI}`)!
    const links = entry["link"] as Array<Node>
    const href = (rel: string) => links.filter((l) => l["@rel"] === rel).map((l) => l["@href"])
    assert.deepStrictEqual(href("alternate"), [`https://www.medrxiv.org/content/${MEDRXIV_DOI}`])
    assert.deepStrictEqual(href("enclosure"), [`https://www.medrxiv.org/content/${MEDRXIV_DOI}v1.full.pdf`])
    assert.include(href("related"), "https://doi.org/10.1000/synthetic.2026.0001")
    assert.strictEqual(entry["category"][0]["@term"], "genetic and genomic medicine")
    assert.strictEqual(entry["category"][0]["@scheme"], "https://www.medrxiv.org/collection")
    assert.strictEqual((entry["author"] as Array<Node>).length, 4)
  })

  it("every RSS feed is well-formed; rxiv items: DOI guid, server link, PDF enclosure, preprint DOI", async () => {
    const rsses = mixed.filter((a) => a.path.endsWith("rss.xml"))
    assert.deepStrictEqual((await wellFormedWithLibxml2(rsses.map(textOf))).errors, [])
    const channel = (parseXml(textAt(mixed, "biorxiv/rss.xml"))["rss"] as Node)["channel"] as Node
    const items = channel["item"] as Array<Node>
    assert.strictEqual(items.length, rxiv.filter((p) => p.paper.server === "biorxiv").length)
    for (const item of items) {
      const guid = (item["guid"] as Array<Node>)[0] as Node
      assert.strictEqual(guid["@isPermaLink"], "true")
      const doi = (guid["#text"] as string).replace("https://doi.org/", "")
      assert.match(doi, /^10\.\d{4,9}\//)
      assert.strictEqual(item["link"], `https://www.biorxiv.org/content/${doi}`)
      assert.strictEqual(item["dc:identifier"], `doi:${doi}`)
      const enclosure = (item["enclosure"] as Array<Node>)[0] as Node
      assert.strictEqual(enclosure["@type"], "application/pdf")
      assert.match(enclosure["@url"], /^https:\/\/www\.biorxiv\.org\/content\/10\..+\.full\.pdf$/)
      assert.isAbove((item["dc:creator"] as Array<string>).length, 0)
    }
    const published = (
      ((parseXml(textAt(mixed, "medrxiv/rss.xml"))["rss"] as Node)["channel"] as Node)["item"] as Array<Node>
    ).find((item) => item["link"].endsWith(MEDRXIV_DOI))!
    // the preprint's DOI, as the citation files write it, not the journal's
    assert.strictEqual(published["dc:identifier"], `doi:${MEDRXIV_DOI}`)
  })

  it("JSON feeds and papers.json are valid JSON Feed 1.1; rxiv items carry _preprint, arXiv ones _arxiv", () => {
    for (const json of mixed.filter((a) => a.path.endsWith(".json") && !a.path.endsWith("csl.json"))) {
      const document = JSON.parse(textOf(json)) as Node
      assert.deepStrictEqual(validateJsonFeed(document), [], json.path)
    }
    const archive = JSON.parse(textAt(mixed, "papers.json"))["items"] as Array<Node>
    assert.strictEqual(archive.length, samplePapers().length + rxiv.length)
    const preprints = archive.filter((item) => item["_preprint"] !== undefined)
    assert.strictEqual(preprints.length, rxiv.length)
    assert.isTrue(preprints.every((item) => item["_arxiv"] === undefined))
    const medrxiv = preprints.find((item) => item["_preprint"]["doi"] === MEDRXIV_DOI)!["_preprint"]
    assert.deepStrictEqual(
      Object.keys(medrxiv).sort(),
      [
        "abstract_en",
        "abstract_zh",
        "authors",
        "authors_complete",
        "category",
        "code_links",
        "digest_dates",
        "doi",
        "first_seen",
        "license",
        "posted",
        "published_doi",
        "server",
        "title_en",
        "title_zh",
        "version",
        "withdrawn"
      ].sort()
    )
    assert.strictEqual(medrxiv["server"], "medrxiv")
    assert.strictEqual(medrxiv["version"], 1)
    assert.strictEqual(medrxiv["category"], "genetic and genomic medicine")
    assert.strictEqual(medrxiv["license"], "cc_by")
    assert.strictEqual(medrxiv["published_doi"], "10.1000/synthetic.2026.0001")
    assert.strictEqual(medrxiv["posted"], "2026-06-16")
    assert.deepStrictEqual(medrxiv["digest_dates"], ["2026-06-16"])
    assert.match(medrxiv["title_en"], /^Unraveling the Genetic Overlap/)
    assert.match(medrxiv["title_zh"], /^通过全基因组关联分析/)
    assert.deepStrictEqual(medrxiv["authors"][0], { name: "W. Sun", family: "Sun", given: "W." })
  })

  it("papers.bib reads back: every rxiv paper an @misc with its DOI, URL, server, posting date, every author", () => {
    const library = readBibtex(textAt(mixed, "papers.bib"))
    assert.deepStrictEqual(library.errors, [])
    assert.strictEqual(library.entries.length, samplePapers().length + rxiv.length)
    for (const paper of rxiv) {
      const entry = library.entries.find((e) => e.fields["doi"] === paper.paper.id)
      assert.isDefined(entry, paper.paper.id)
      assert.strictEqual(entry!.type, "misc")
      const server = paper.paper.server === "biorxiv" ? "bioRxiv" : "medRxiv"
      assert.strictEqual(entry!.fields["howpublished"], server)
      assert.deepStrictEqual(entry!.fields["publisher"], [server])
      assert.strictEqual(
        entry!.fields["url"],
        `https://www.${paper.paper.server}.org/content/${paper.paper.id}`
      )
      assert.isUndefined(entry!.fields["eprinttype"])
      const metadata = paper.metadata
      if (metadata !== null && "category" in metadata) {
        assert.strictEqual(entry!.fields["date"], metadata.date)
        assert.deepStrictEqual(
          entry!.fields.author,
          metadata.authors.map((person) =>
            person.given === null
              ? { name: person.family }
              : { lastName: person.family, firstName: person.given }
          )
        )
      } else {
        // the digest's first author, `Surname, I.` as the digest writes it
        const [family = "", given = ""] = paper.paper.author.split(",").map((part) => part.trim())
        assert.deepStrictEqual(entry!.fields.author, [{ lastName: family, firstName: given }])
      }
    }
    const medrxiv = library.entries.find((e) => e.fields["doi"] === MEDRXIV_DOI)!
    assert.strictEqual(medrxiv.fields["note"], "Published: https://doi.org/10.1000/synthetic.2026.0001")
    assert.strictEqual(medrxiv.fields["year"], "2026")
  })

  it("papers.csl.json: Zotero Preprints with the server as publisher, posting date, DOI and authors", () => {
    const items = JSON.parse(textAt(mixed, "papers.csl.json")) as Array<Node>
    for (const paper of rxiv) {
      const item = items.find((i) => i["DOI"] === paper.paper.id)!
      assert.isDefined(item, paper.paper.id)
      assert.strictEqual(item["type"], "article")
      assert.strictEqual(item["publisher"], paper.paper.server === "biorxiv" ? "bioRxiv" : "medRxiv")
      assert.strictEqual(item["URL"], `https://www.${paper.paper.server}.org/content/${paper.paper.id}`)
      assert.isUndefined(item["number"])
      const metadata = paper.metadata
      const posted = metadata !== null && "category" in metadata ? metadata.date : paper.paper.published
      const expected = (posted ?? paper.paper.firstSeen).split("-").map(Number)
      assert.deepStrictEqual(item["issued"]["date-parts"], [expected])
      if (metadata !== null && "category" in metadata)
        assert.deepStrictEqual(
          item["author"],
          metadata.authors.map((person) => ({ family: person.family, given: person.given }))
        )
    }
    const medrxiv = items.find((i) => i["DOI"] === MEDRXIV_DOI)!
    assert.include(medrxiv["note"], "Published: https://doi.org/10.1000/synthetic.2026.0001")
    assert.strictEqual(medrxiv["version"], "1")
  })

  it("group authors and mononyms stay literal; particles and initials are never split again", () => {
    const metadata = groupAuthorsMetadata()
    const paper = buildAnyEnrichedPaper(
      buildRxivPaper(metadata.doi, { server: "medrxiv", firstSeen: "2025-06-18" }),
      metadata
    )
    const artifacts = render([paper])
    const entry = readBibtex(textAt(artifacts, "papers.bib")).entries[0]!
    // literal names come back whole; the reader takes `van der` as BibTeX's von part, as biber does
    assert.deepStrictEqual(entry.fields.author, [
      { name: "Pooja" },
      { name: "OLVG hospital" },
      { lastName: "Taguchi", firstName: "Y.-h." },
      { lastName: "Berg", firstName: "J. A.", prefix: "van der" },
      { lastName: "Cruz", firstName: "M.", prefix: "de la" },
      { lastName: "smith", firstName: "j." }
    ])
    const csl = (JSON.parse(textAt(artifacts, "papers.csl.json")) as Array<Node>)[0]!
    assert.deepStrictEqual(csl["author"], [
      { literal: "Pooja" },
      { literal: "OLVG hospital" },
      { family: "Taguchi", given: "Y.-h." },
      { family: "van der Berg", given: "J. A." },
      { family: "de la Cruz", given: "M." },
      { family: "smith", given: "j." }
    ])
    // `Infectious Diseases` as the API sent it: the folder is its slug
    assert.include(
      artifacts.map((a) => a.path),
      "medrxiv/category/infectious-diseases/rss.xml"
    )
  })
})
