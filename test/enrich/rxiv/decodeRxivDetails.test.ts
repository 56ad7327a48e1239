/** Decoding details answers: the documented shapes (SYNTHETIC fixtures), the outage bodies, newest versions. */
import { assert, describe, it } from "@effect/vitest"
import { Either } from "effect"
import fc from "fast-check"
import { decodeRxivDetails, newestVersions } from "../../../src/enrich/rxiv/decodeRxivDetails.ts"
import { readRxivFixture } from "../../fakes/RxivFakeApi.ts"

const page = (body: string, server: "biorxiv" | "medrxiv" = "biorxiv") => {
  const decoded = decodeRxivDetails(body, server)
  if (Either.isLeft(decoded))
    throw new Error(`expected a page, got ${decoded.left.reason}: ${decoded.left.message}`)
  return decoded.right
}
const reasonOf = (body: string) => {
  const decoded = decodeRxivDetails(body, "biorxiv")
  return Either.isLeft(decoded) ? decoded.left.reason : "page"
}

describe("decodeRxivDetails", () => {
  it("decodes every version of a per-DOI answer, in the order listed", () => {
    const { status, records, rejected, total } = page(
      readRxivFixture("details-doi-biorxiv-two-versions.json")
    )
    assert.strictEqual(status, "ok")
    assert.strictEqual(total, null)
    assert.deepStrictEqual(rejected, [])
    assert.deepStrictEqual(
      records.map((r) => [r.doi, r.server, r.version, r.date, r.authors.length]),
      [
        ["10.64898/2026.04.29.721673", "biorxiv", 1, "2026-05-01", 4],
        ["10.64898/2026.04.29.721673", "biorxiv", 2, "2026-06-10", 5]
      ]
    )
    const v2 = records[1]
    assert.strictEqual(v2?.category, "neuroscience")
    assert.strictEqual(v2?.license, "cc_by_nc_nd")
    assert.strictEqual(v2?.publishedDoi, null)
    assert.strictEqual(v2?.withdrawn, false)
    assert.match(v2?.jatsxml ?? "", /^https:\/\/www\.biorxiv\.org\/content\/early\/2026\/06\/10\//)
    assert.deepStrictEqual({ ...v2?.authors[4] }, { family: "Myers", given: "B." })
  })

  it("reads the journal DOI (lower-cased), ignores funder and unknown fields, keeps the type as sent", () => {
    const [record] = page(readRxivFixture("details-doi-medrxiv-published.json"), "medrxiv").records
    assert.strictEqual(record?.server, "medrxiv")
    assert.strictEqual(record?.publishedDoi, "10.1000/synthetic.2026.0001")
    assert.strictEqual(record?.type, "PUBLISHAHEADOFPRINT")
    assert.strictEqual(record?.category, "genetic and genomic medicine")
  })

  it("flags a withdrawn version, lower-cases the category, and reads an empty jatsxml as null", () => {
    const withdrawn = page(readRxivFixture("details-doi-withdrawn.json")).records
    assert.deepStrictEqual(
      withdrawn.map((r) => r.withdrawn),
      [false, true]
    )
    const [group] = page(readRxivFixture("details-doi-group-authors.json"), "medrxiv").records
    assert.strictEqual(group?.category, "infectious diseases")
    assert.strictEqual(group?.jatsxml, null)
    assert.strictEqual(group?.version, 3)
    assert.deepStrictEqual(
      group?.authors.map((a) => [a.family, a.given]),
      [
        ["Pooja", null],
        ["OLVG hospital", null],
        ["Taguchi", "Y.-h."],
        ["van der Berg", "J. A."],
        ["de la Cruz", "M."],
        ["smith", "j."]
      ]
    )
  })

  it("reads paging figures sent as strings, fills a missing server from the request, rejects a broken record alone", () => {
    const { cursor, count, total, records, rejected } = page(readRxivFixture("details-interval-page.json"))
    assert.deepStrictEqual([cursor, count, total], [0, 3, 3])
    assert.deepStrictEqual(
      records.map((r) => [r.doi, r.server, r.version, r.jatsxml]),
      [
        [
          "10.64898/2026.04.29.721673",
          "biorxiv",
          1,
          "https://www.biorxiv.org/content/early/2026/05/01/2026.04.29.721673.source.xml"
        ],
        ["10.1101/2024.02.20.581259", "biorxiv", 2, null]
      ]
    )
    assert.strictEqual(rejected.length, 1)
    assert.strictEqual(rejected[0]?.doi, "not a doi")
    assert.match(rejected[0]?.message ?? "", /does not decode/)
  })

  it("reads `no posts found` as an empty page, not an error", () => {
    const empty = page(readRxivFixture("details-no-posts-found.json"))
    assert.strictEqual(empty.status, "no posts found")
    assert.deepStrictEqual([empty.records, empty.rejected], [[], []])
  })

  it("names each outage shape", () => {
    assert.strictEqual(reasonOf(""), "empty")
    assert.strictEqual(reasonOf(" \n"), "empty")
    assert.strictEqual(reasonOf(readRxivFixture("outage-2002.txt")), "outage")
    const whole = readRxivFixture("details-doi-biorxiv-two-versions.json")
    assert.strictEqual(reasonOf(whole.slice(0, whole.length / 2)), "malformed")
    assert.strictEqual(reasonOf("<html><body>502 Bad Gateway</body></html>"), "malformed")
    assert.strictEqual(reasonOf('{"collection":[]}'), "not-details")
    assert.strictEqual(reasonOf("[]"), "not-details")
  })

  it("rejects records missing the doi, date or version, and keeps those missing only optional text", () => {
    const body = JSON.stringify({
      messages: [{ status: "ok" }],
      collection: [
        { doi: "10.1101/2025.01.01.000001", version: "1" },
        { doi: "10.1101/2025.01.01.000002", date: "2025-01-02" },
        { doi: "10.1101/2025.01.01.000003", date: "2025-01-32", version: "1" },
        { doi: "10.1101/2025.01.01.000004", date: "2025-01-02", version: 0 },
        { doi: "10.1101/2025.01.01.000005", date: "2025-01-02", version: "1", server: "arxiv" },
        { doi: "10.1101/2025.01.01.000006", date: "2025-01-02", version: "1" }
      ]
    })
    const decoded = page(body)
    assert.deepStrictEqual(
      decoded.rejected.map((r) => r.doi.slice(-1)),
      ["1", "2", "3", "4", "5"]
    )
    const [minimal] = decoded.records
    assert.deepStrictEqual(
      [minimal?.title, minimal?.authors, minimal?.publishedDoi, minimal?.category],
      ["", [], null, ""]
    )
  })

  it("never throws, whatever the body", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (body) => {
        const decoded = decodeRxivDetails(body, "medrxiv")
        assert.isTrue(Either.isLeft(decoded) || Either.isRight(decoded))
      })
    )
  })
})

describe("newestVersions", () => {
  it("keeps the highest version of each DOI whatever the order listed", () => {
    const records = page(readRxivFixture("details-doi-biorxiv-two-versions.json")).records
    const newest = newestVersions([...records].reverse())
    assert.strictEqual(newest.size, 1)
    assert.strictEqual(newest.get("10.64898/2026.04.29.721673")?.version, 2)
  })
})
