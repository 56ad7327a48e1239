/** decodeArxivFeed against every recorded arXiv API response, plus hostile and broken inputs. */
import { writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Either } from "effect"
import type { ArxivMetadata } from "../../src/domain/ArxivMetadata.ts"
import { type ArxivFeed, decodeArxivFeed } from "../../src/enrich/decodeArxivFeed.ts"
import { apiAtomFiles, readApiAtom } from "./arxivFixtures.ts"

interface Expected {
  readonly id: string
  readonly version: number
  readonly title: string
  readonly authors: number
  readonly first: readonly [string, ReadonlyArray<string>]
  readonly last: string
  readonly primary: string
  readonly categories: ReadonlyArray<string>
  readonly published: string
  readonly updated: string
  readonly doi: string | null
  readonly journalRef: string | null
  readonly comment: string | null
  /** Length, first 40 and last 30 characters of the folded abstract. */
  readonly abstract: readonly [number, string, string]
}

const e = (x: Expected) => x
const SE = "cs.SE"
const ICSTW =
  "IEEE International Conference on Software Testing, Verification and Validation Workshops (ICSTW)"

const EXPECTED: Record<
  string,
  { total: number | null; errors: Array<[string, string]>; entries: Array<Expected> }
> = {
  "arxiv2bib_2012_legacy_multi_id_1205.1001v1_1001.1001v1.xml": {
    total: 2,
    errors: [],
    entries: [
      e({
        id: "1205.1001",
        version: 1,
        title: "Membrane lateral structure: The influence of immobilized particles on domain size",
        authors: 3,
        first: ["Timo Fischer", []],
        last: "Richard L. C. Vink",
        primary: "cond-mat.soft",
        categories: ["cond-mat.soft", "physics.bio-ph"],
        published: "2012-05-04T16:23:05Z",
        updated: "2012-05-04T16:23:05Z",
        doi: null,
        journalRef: null,
        comment: "submitted to PCCP",
        abstract: [1028, "In experiments on model membranes, a for", "of the molecular interactions."]
      }),
      e({
        id: "1001.1001",
        version: 1,
        title: "The chromosphere: gateway to the corona, or the purgatory of solar physics?",
        authors: 1,
        first: ["Philip G. Judge", []],
        last: "Philip G. Judge",
        primary: "astro-ph.SR",
        categories: ["astro-ph.SR"],
        published: "2010-01-06T22:12:29Z",
        updated: "2010-01-06T22:12:29Z",
        doi: null,
        journalRef: null,
        comment:
          'To appear in the proceedings of the 25th NSO Workshop "Chromospheric Structure and Dynamics. From Old Wisdom to New Insights", Memorie della Societa\' Astronomica Italiana, Eds. Tritschler et al',
        abstract: [363, "I argue that one should attempt to under", "ng and deserving of attention."]
      })
    ]
  },
  "arxivpy_2016_legacy_versioned_1111.2011v2_doi_jref_comment.xml": {
    total: 1,
    errors: [],
    entries: [
      e({
        id: "1111.2011",
        version: 2,
        title: "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit",
        authors: 3,
        first: ["James M. Murray", []],
        last: "Zlatko Tesanovic",
        primary: "cond-mat.str-el",
        categories: ["cond-mat.str-el", "cond-mat.stat-mech"],
        published: "2011-11-08T18:48:36Z",
        updated: "2012-04-02T12:38:54Z",
        doi: "10.1103/PhysRevB.85.115117",
        journalRef: "Phys. Rev. B 85, 115117 (2012)",
        comment: "8 pages, 3 figures. Published version",
        abstract: [1411, "Theoretical description of anisotropic s", "eory describing a single node."]
      })
    ]
  },
  "arxivpy_2026_empty_id_0000.0000.xml": { total: 0, errors: [], entries: [] },
  "arxivpy_2026_error_400_id_abc.xml": {
    total: 1,
    errors: [["abc", "incorrect id format for abc"]],
    entries: []
  },
  "arxivpy_2026_multi_id_partial_0808.05394_1707.08567.xml": {
    total: 1,
    errors: [],
    entries: [
      e({
        id: "1707.08567",
        version: 1,
        title: "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications",
        authors: 34,
        first: ["Kees A. Schouhamer Immink", []],
        last: "Hirosuke Yamamoto",
        primary: "cs.IT",
        categories: ["cs.IT"],
        published: "2017-07-27T08:18:33Z",
        updated: "2017-07-27T08:18:33Z",
        doi: null,
        journalRef: null,
        comment: "44 pages, editors for the proceedings: Yanling Chen and A. J. Han Vinck",
        abstract: [521, 'The 10th Asia-Europe workshop in "Concep', "spected and special scientist."]
      })
    ]
  },
  "arxivpy_2026_oldstyle_astro-ph_0601001_affil_jref.xml": {
    total: 1,
    errors: [],
    entries: [
      e({
        id: "astro-ph/0601001",
        version: 1,
        title:
          "Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys Toward the Galactic Bulge and Carina",
        authors: 4,
        first: ["Andrew Gould", ["Ohio State"]],
        last: "Andrzej Udalski",
        primary: "astro-ph",
        categories: ["astro-ph"],
        published: "2006-01-02T14:57:58Z",
        updated: "2006-01-02T14:57:58Z",
        doi: null,
        journalRef: "ActaAstron.56:1-50,2006",
        comment:
          "62 pages including 16 figures and 9 tables. Submitted to Acta Astronomica. Full resolution version at http://www.astronomy.ohio-state.edu/~gould/ogle_hot_jupiters.ps.gz",
        abstract: [1501, "We derive the frequencies of hot Jupiter", "p this distribution in detail."]
      })
    ]
  },
  "arxivpy_2026_oldstyle_versioned_quant-ph_0201082v1.xml": {
    total: 1,
    errors: [],
    entries: [
      e({
        id: "quant-ph/0201082",
        version: 1,
        title:
          "Quantum Computers and Quantum Computer Languages: Quantum Assembly Language and Quantum C Language",
        authors: 1,
        first: ["Stephen Blaha", []],
        last: "Stephen Blaha",
        primary: "quant-ph",
        categories: ["quant-ph", "cs.PL"],
        published: "2002-01-18T15:08:05Z",
        updated: "2002-01-18T15:08:05Z",
        doi: null,
        journalRef: null,
        comment: "32 pages",
        abstract: [296, "We show a representation of Quantum Comp", "uantum C language as examples."]
      })
    ]
  },
  "arxivpy_2026_search_testing_10_entries_doi_jref.xml": {
    total: 214881,
    errors: [],
    entries: [
      e({
        id: "2202.12139",
        version: 1,
        title: "Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques",
        authors: 3,
        first: ["Mohit Kumar Ahuja", []],
        last: "Helge Spieker",
        primary: SE,
        categories: [SE, "cs.LG"],
        published: "2022-02-24T15:05:19Z",
        updated: "2022-02-24T15:05:19Z",
        doi: "10.1109/ICSTW55395.2022.00035",
        journalRef: `Artificial Intelligence in Software Testing @ 2022 ${ICSTW}`,
        comment: "Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022",
        abstract: [1116, "Deep Learning (DL) has revolutionized th", "n VBS and discuss its results."]
      }),
      e({
        id: "2405.13786",
        version: 1,
        title: "Towards Explainable Test Case Prioritisation with Learning-to-Rank Models",
        authors: 4,
        first: ["Aurora Ramírez", []],
        last: "Robert Feldt",
        primary: SE,
        categories: [SE, "cs.AI"],
        published: "2024-05-22T16:11:45Z",
        updated: "2024-05-22T16:11:45Z",
        doi: "10.1109/ICSTW58534.2023.00023",
        journalRef: `Proc. 2023 ${ICSTW}, pp. 66-69`,
        comment:
          "3rd International Workshop on Artificial Intelligence in Software Testing (AIST) - International Conference on Software Testing and Validation (ICST)",
        abstract: [812, "Test case prioritisation (TCP) is a crit", "ut also on the relative ranks."]
      }),
      e({
        id: "2005.14124",
        version: 2,
        title: "Active Fuzzing for Testing and Securing Cyber-Physical Systems",
        authors: 5,
        first: ["Yuqi Chen", []],
        last: "Fan Zhang",
        primary: SE,
        categories: [SE, "cs.CR", "cs.LG"],
        published: "2020-05-28T16:19:50Z",
        updated: "2020-07-16T08:15:48Z",
        doi: "10.1145/3395363.3397376",
        journalRef:
          "In Proc. ACM SIGSOFT International Symposium on Software Testing and Analysis (ISSTA 2020), pages 14-26. ACM, 2020",
        comment:
          "Accepted by the ACM SIGSOFT International Symposium on Software Testing and Analysis (ISSTA 2020)",
        abstract: [1647, "Cyber-physical systems (CPSs) in critica", "ors and early warning systems."]
      }),
      e({
        id: "2204.08348",
        version: 3,
        title: "Automated Test Generation for REST APIs: No Time to Rest Yet",
        authors: 4,
        first: ["Myeongsoo Kim", []],
        last: "Alessandro Orso",
        primary: SE,
        categories: [SE],
        published: "2022-04-18T14:46:24Z",
        updated: "2022-07-06T05:12:56Z",
        doi: "10.1145/3533767.3534401",
        journalRef:
          "InProceedings of the 31st ACM SIGSOFT International Symposium on Software Testing and Analysis 2022 Jul 18 (pp. 289-301)",
        comment:
          "13 pages, 6 figures, In Proceedings of the 31st ACM SIGSOFT International Symposium on Software Testing and Analysis (ISSTA) 2022",
        abstract: [1186, "Modern web services routinely provide RE", " future research in this area."]
      }),
      e({
        id: "2302.03287",
        version: 3,
        title: "ChatGPT and Software Testing Education: Promises & Perils",
        authors: 5,
        first: ["Sajed Jalil", []],
        last: "Wing Lam",
        primary: SE,
        categories: [SE, "cs.HC"],
        published: "2023-02-07T06:41:02Z",
        updated: "2023-03-11T21:03:09Z",
        doi: "10.1109/ICSTW58534.2023.00078",
        journalRef: `2023 ${ICSTW}`,
        comment: `2023 ${ICSTW}, 8 pages, 2 tables, 6 figures`,
        abstract: [1915, "Over the past decade, predictive languag", "T by students and instructors."]
      }),
      e({
        id: "1202.4527",
        version: 1,
        title: "Study Paper on Test Case generation for GUI Based Testing",
        authors: 2,
        first: ["A. Isabella", []],
        last: "Emi Retna",
        primary: SE,
        categories: [SE],
        published: "2012-02-21T05:12:13Z",
        updated: "2012-02-21T05:12:13Z",
        doi: null,
        journalRef:
          "International Journal of Software Engineering & Applications (IJSEA), Vol.3, No.1, January 2012",
        comment: "GUI Testing, Test case generation",
        abstract: [903, "With the advent of WWW and outburst in t", "I based software applications."]
      }),
      e({
        id: "2503.05378",
        version: 2,
        title: "A Survey on Web Testing: On the Rise of AI and Applications in Industry",
        authors: 4,
        first: ["Iva Kertusha", []],
        last: "Andrea Arcuri",
        primary: SE,
        categories: [SE],
        published: "2025-03-07T12:39:59Z",
        updated: "2025-08-12T14:08:11Z",
        doi: null,
        journalRef: null,
        comment: "Web Testing, GUI Testing, front-end, survey, SBST, AI, fuzzing",
        abstract: [1325, "Web application testing is an essential ", " lack open-source availability"]
      }),
      e({
        id: "1205.1866",
        version: 1,
        title: "Microcontroller Based Testing of Digital IP-Core",
        authors: 2,
        first: ["Amandeep Singh", []],
        last: "Balwinder Singh",
        primary: "cs.AR",
        categories: ["cs.AR"],
        published: "2012-05-09T04:15:39Z",
        updated: "2012-05-09T04:15:39Z",
        doi: "10.5121/vlsic.2012.3205",
        journalRef: null,
        comment: "Microcontroller, FPGA, Testing, TMR, SOC",
        abstract: [800, "Testing core based System on Chip is a c", " process is based on software."]
      }),
      e({
        id: "2502.07719",
        version: 2,
        title: "OpenCat: Improving Interoperability of ADS Testing",
        authors: 4,
        first: ["Qurban Ali", []],
        last: "Oliviero Riganelli",
        primary: SE,
        categories: [SE],
        published: "2025-02-11T17:23:52Z",
        updated: "2025-02-12T11:24:59Z",
        doi: null,
        journalRef: null,
        comment:
          "2025 IEEE/ACM International Workshop on Deep Learning for Testing and Testing for Deep Learning (DeepTest)",
        abstract: [1461, "Testing Advanced Driving Assistance Syst", "r more extensive applications."]
      }),
      e({
        id: "1812.11470",
        version: 1,
        title:
          "A Systematic Literature Review of Automated Techniques for Functional GUI Testing of Mobile Applications",
        authors: 2,
        first: ["Yauhen Leanidavich Arnatovich", []],
        last: "Lipo Wang",
        primary: SE,
        categories: [SE],
        published: "2018-12-30T04:50:20Z",
        updated: "2018-12-30T04:50:20Z",
        doi: null,
        journalRef: null,
        comment: "GUI testing, Functional testing, Model-based, Mobile, Systematic literature review",
        abstract: [1831, "Context. Multiple automated techniques h", "ques are not efficient enough."]
      })
    ]
  },
  "arxivpy_2026_versioned_2104.12255v1.xml": {
    total: 1,
    errors: [],
    entries: [
      e({
        id: "2104.12255",
        version: 1,
        title: "0",
        authors: 1,
        first: ["Quan Thoi Minh Nguyen", []],
        last: "Quan Thoi Minh Nguyen",
        primary: "cs.CR",
        categories: ["cs.CR"],
        published: "2021-04-20T16:07:14Z",
        updated: "2021-04-20T16:07:14Z",
        doi: null,
        journalRef: null,
        comment: null,
        abstract: [547, "What is the funniest number in cryptogra", "n total for the reported bugs."]
      })
    ]
  },
  "pubs_2019_legacy_1710.08557_doi_jref.xml": {
    total: 1,
    errors: [],
    entries: [
      e({
        id: "1710.08557",
        version: 1,
        title: "On Neuromechanical Approaches for the Study of Biological Grasp and Manipulation",
        authors: 2,
        first: ["Francisco J Valero-Cuevas", []],
        last: "Marco Santello",
        primary: "cs.RO",
        categories: ["cs.RO"],
        published: "2017-10-24T00:21:32Z",
        updated: "2017-10-24T00:21:32Z",
        doi: "10.1186/s12984-017-0305-3",
        journalRef: "Journal of NeuroEngineering and Rehabilitation, 2017",
        comment: null,
        abstract: [1916, "Biological and robotic grasp and manipul", "ress in these important areas."]
      })
    ]
  },
  "pubs_2019_legacy_error_400_INVALIDID.xml": {
    total: 1,
    errors: [["INVALIDID", "incorrect id format for INVALIDID"]],
    entries: []
  },
  "pubs_2019_legacy_oldstyle_astro-ph_9812133_32authors_affil_doi_jref_comment.xml": {
    total: 1,
    errors: [],
    entries: [
      e({
        id: "astro-ph/9812133",
        version: 1,
        title: "Measurements of Omega and Lambda from 42 High-Redshift Supernovae",
        authors: 32,
        first: ["S. Perlmutter", ["The Supernova Cosmology Project"]],
        last: "W. J. Couch",
        primary: "astro-ph",
        categories: ["astro-ph", "hep-ex", "hep-ph"],
        published: "1998-12-08T03:27:34Z",
        updated: "1998-12-08T03:27:34Z",
        doi: "10.1086/307221",
        journalRef: "Astrophys.J.517:565-586,1999",
        comment:
          "21 pages and 10 figures. Accepted for publication in the Astrophysical Journal. Individual color figures, supplementary tables, and preprint also available at http://www-supernova.lbl.gov/",
        abstract: [1776, "We report measurements of the mass densi", "ardize the SN peak magnitudes."]
      })
    ]
  },
  "pubs_2019_legacy_oldstyle_math_0211159.xml": {
    total: 1,
    errors: [],
    entries: [
      e({
        id: "math/0211159",
        version: 1,
        title: "The entropy formula for the Ricci flow and its geometric applications",
        authors: 1,
        first: ["Grisha Perelman", []],
        last: "Grisha Perelman",
        primary: "math.DG",
        categories: ["math.DG", "53C"],
        published: "2002-11-11T16:11:49Z",
        updated: "2002-11-11T16:11:49Z",
        doi: null,
        journalRef: null,
        comment: "39 pages",
        abstract: [928, "We present a monotonic expression for th", "h local lower curvature bound."]
      })
    ]
  },
  "pubs_2019_legacy_oldstyle_math_9501234_jref.xml": {
    total: 1,
    errors: [],
    entries: [
      e({
        id: "math/9501234",
        version: 1,
        title: "Aztec diamonds, checkerboard graphs, and spanning trees",
        authors: 1,
        first: ["Donald E. Knuth", []],
        last: "Donald E. Knuth",
        primary: "math.CO",
        categories: ["math.CO"],
        published: "1995-01-23T00:00:00Z",
        updated: "1995-01-23T00:00:00Z",
        doi: null,
        journalRef: "J. Algebraic Combin. 6 (1997), no. 3, 253--257",
        comment: null,
        abstract: [172, "This note derives the characteristic pol", "ning trees is also determined."]
      })
    ]
  }
}

const decodeRight = (xml: string): ArxivFeed => {
  const result = decodeArxivFeed(xml)
  if (Either.isLeft(result))
    throw new Error(`expected a feed, got ${result.left.reason}: ${result.left.message}`)
  return result.right
}

const summarise = (entry: ArxivMetadata): Expected => ({
  id: entry.id,
  version: entry.version,
  title: entry.title,
  authors: entry.authors.length,
  first: [entry.authors[0]?.name ?? "", entry.authors[0]?.affiliations ?? []],
  last: entry.authors.at(-1)?.name ?? "",
  primary: entry.primaryCategory,
  categories: entry.categories,
  published: entry.published,
  updated: entry.updated,
  doi: entry.doi,
  journalRef: entry.journalRef,
  comment: entry.comment,
  abstract: [entry.abstract.length, entry.abstract.slice(0, 40), entry.abstract.slice(-30)]
})

describe("decodeArxivFeed on the recorded responses", () => {
  it("has an expectation for every fixture file", () => {
    assert.deepStrictEqual(apiAtomFiles(), Object.keys(EXPECTED).sort())
  })

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(file, () => {
      const feed = decodeRight(readApiAtom(file))
      assert.strictEqual(feed.totalResults, expected.total)
      assert.deepStrictEqual(
        feed.errors.map((error) => [error.id, error.message]),
        expected.errors
      )
      assert.deepStrictEqual(feed.entries.map(summarise), expected.entries)
      for (const entry of feed.entries) {
        for (const text of [entry.title, entry.abstract, entry.comment ?? "", entry.journalRef ?? ""]) {
          assert.notMatch(text, /\n|\s\s|^\s|\s$/, `white space folded in ${entry.id}`)
        }
      }
    })
  }

  it("keeps every field of a short entry exactly (title `0` stays a string)", () => {
    const [entry] = decodeRight(readApiAtom("pubs_2019_legacy_oldstyle_math_9501234_jref.xml")).entries
    assert.strictEqual(
      entry?.abstract,
      "This note derives the characteristic polynomial of a graph that represents nonjump moves in a generalized game of checkers. The number of spanning trees is also determined."
    )
    const [zero] = decodeRight(readApiAtom("arxivpy_2026_versioned_2104.12255v1.xml")).entries
    assert.strictEqual(typeof zero?.title, "string")
    assert.strictEqual(zero?.title, "0")
  })

  it("decodes the 32 affiliations of the legacy astro-ph entry", () => {
    const [entry] = decodeRight(
      readApiAtom("pubs_2019_legacy_oldstyle_astro-ph_9812133_32authors_affil_doi_jref_comment.xml")
    ).entries
    assert.strictEqual(entry?.authors.filter((author) => author.affiliations.length === 1).length, 32)
  })
})

const feedOf = (entries: string) =>
  `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <opensearch:totalResults>1</opensearch:totalResults>${entries}</feed>`

const entryOf = (fields: string) => `<entry>
    <id>http://arxiv.org/abs/2510.03232v2</id><title>T</title><summary>S</summary>
    <published>2025-10-03T17:59:58Z</published><updated>2025-10-04T00:00:00Z</updated>${fields}</entry>`

describe("decodeArxivFeed on inputs arXiv should not send", () => {
  it("never expands a SYSTEM entity (XXE) and refuses the DTD", () => {
    const secret = join(tmpdir(), `xxe-secret-${process.pid}.txt`)
    writeFileSync(secret, "TOP-SECRET-CONTENT")
    const xxe = `<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file://${secret}"><!ENTITY inner "INNER">]>
${feedOf(entryOf(`<category term="cs.CV"/><arxiv:comment>&xxe; &inner;</arxiv:comment>`)).replace(/^<\?xml[^>]*>\n/, "")}`
    const result = decodeArxivFeed(xxe)
    assert.isTrue(Either.isLeft(result))
    if (Either.isLeft(result)) assert.strictEqual(result.left.reason, "doctype")
    assert.notInclude(JSON.stringify(result), "TOP-SECRET-CONTENT")
    assert.notInclude(JSON.stringify(result), "INNER")
  })

  it("refuses a billion-laughs DTD", () => {
    const laughs = `<!DOCTYPE feed [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><feed><title>&b;</title></feed>`
    const result = decodeArxivFeed(laughs)
    assert.isTrue(Either.isLeft(result) && result.left.reason === "doctype")
  })

  it("reports truncated XML, an empty body, a plain-text body and a foreign root as failures", () => {
    const full = readApiAtom("arxivpy_2026_versioned_2104.12255v1.xml")
    const cases: Array<[string, string]> = [
      [full.slice(0, Math.floor(full.length / 2)), "malformed"],
      [full.slice(0, full.length - 10), "malformed"],
      ["", "malformed"],
      ["Rate exceeded.", "malformed"],
      ["<html><body>503</body></html>", "not-atom"]
    ]
    for (const [text, reason] of cases) {
      const result = decodeArxivFeed(text)
      assert.isTrue(Either.isLeft(result), `should fail: ${text.slice(0, 30)}`)
      if (Either.isLeft(result)) assert.strictEqual(result.left.reason, reason)
    }
  })

  it("decodes character references once, keeps primary first without duplicates, falls back to the first category", () => {
    const feed = decodeRight(
      feedOf(
        entryOf(`<category term="cs.LG"/><category term="cs.CV"/><category term="cs.LG"/>
    <arxiv:primary_category term="cs.CV"/><arxiv:comment>a &amp;#233; &#233; &#x4e2d;</arxiv:comment>
    <arxiv:doi>  10.1/x  </arxiv:doi><arxiv:journal_ref></arxiv:journal_ref>`) +
          entryOf(`<category term="math.AG"/><category term="math.NT"/>`).replace(
            "2510.03232v2",
            "2510.00001v1"
          )
      )
    )
    assert.deepStrictEqual(feed.entries[0]?.categories, ["cs.CV", "cs.LG"])
    assert.strictEqual(feed.entries[0]?.comment, "a &#233; é 中")
    assert.strictEqual(feed.entries[0]?.doi, "10.1/x")
    assert.strictEqual(feed.entries[0]?.journalRef, null)
    assert.strictEqual(feed.entries[0]?.version, 2)
    assert.strictEqual(feed.entries[1]?.primaryCategory, "math.AG")
    assert.deepStrictEqual(feed.entries[1]?.categories, ["math.AG", "math.NT"])
  })

  it("turns an undecodable entry into an error and keeps the others", () => {
    const feed = decodeRight(
      feedOf(
        entryOf(`<category term="cs.CV"/>`) +
          entryOf("").replace("2510.03232v2", "2510.00002v1") +
          entryOf(`<category term="cs.CV"/>`).replace("http://arxiv.org/abs/2510.03232v2", "urn:nothing")
      )
    )
    assert.deepStrictEqual(
      feed.entries.map((entry) => entry.id),
      ["2510.03232"]
    )
    assert.deepStrictEqual(
      feed.errors.map((error) => error.id),
      ["2510.00002", "urn:nothing"]
    )
    assert.match(feed.errors[0]?.message ?? "", /^entry does not decode: .*no category/s)
  })
})

describe("decodeArxivFeed where the single-pass scanner is stricter or plainer than fast-xml-parser was", () => {
  it("decodes only XML's own entities: HTML names and references to non-characters stay as written", () => {
    const feed = decodeRight(
      feedOf(
        entryOf(
          `<category term="cs.CV"/><arxiv:comment>&nbsp;&copy; &eacute; &#0; &lt;b&gt; &#x1F600;</arxiv:comment>`
        )
      )
    )
    assert.strictEqual(feed.entries[0]?.comment, "&nbsp;&copy; &eacute; &#0; <b> 😀")
  })

  it("turns a repeated single-valued element into an entry error naming it", () => {
    const feed = decodeRight(feedOf(entryOf(`<category term="cs.CV"/><title>again</title>`)))
    assert.deepStrictEqual(feed.entries, [])
    assert.deepStrictEqual(feed.errors, [
      { id: "2510.03232", message: "entry does not decode: <title> appears 2 times" }
    ])
  })

  it("reads CDATA verbatim, markup-like text included, and folds its white space like any text", () => {
    const feed = decodeRight(
      feedOf(entryOf(`<category term="cs.CV"/><arxiv:comment>a <![CDATA[ <b>&amp;\n ]]>c</arxiv:comment>`))
    )
    assert.strictEqual(feed.entries[0]?.comment, "a <b>&amp; c")
  })

  it("refuses mismatched tags, a stray `&`, a `<` in an attribute, text after the root and a second root", () => {
    for (const xml of [
      feedOf(entryOf(`<category term="cs.CV"/>`)).replace("</title>", "</titel>"),
      feedOf(entryOf(`<category term="cs<CV"/>`)),
      feedOf(entryOf(`<category term="cs.CV"/><arxiv:comment>a & b</arxiv:comment>`)),
      `${feedOf("")}Rate exceeded.`,
      `${feedOf("")}<feed></feed>`
    ]) {
      const result = decodeArxivFeed(xml)
      assert.isTrue(Either.isLeft(result) && result.left.reason === "malformed", xml.slice(-40))
    }
  })
})
