import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Doi, doiUrl, parseDoi, parseRxivUrl, rxivPageUrl } from "../../../src/domain/Doi.ts"

describe("Doi", () => {
  it("reads doi.org links of every real shape, prefix included", () => {
    expect(parseRxivUrl("https://doi.org/10.1101/2025.02.10.637397")).toEqual({
      doi: "10.1101/2025.02.10.637397",
      server: null
    })
    expect(parseRxivUrl("https://doi.org/10.1101/2023.10.25.23297496")?.doi).toBe(
      "10.1101/2023.10.25.23297496"
    )
    expect(parseRxivUrl("https://doi.org/10.64898/2025.12.22.25342861")?.doi).toBe(
      "10.64898/2025.12.22.25342861"
    )
  })

  it("keeps the leading zeros of old numeric bioRxiv DOIs", () => {
    expect(parseRxivUrl("https://doi.org/10.1101/029900")?.doi).toBe("10.1101/029900")
    expect(parseRxivUrl("https://www.biorxiv.org/content/10.1101/029900v1.full.pdf")?.doi).toBe(
      "10.1101/029900"
    )
  })

  it("reads server PDF links: the appended v1 is not part of the DOI, and the host names the server", () => {
    expect(parseRxivUrl("https://www.biorxiv.org/content/10.64898/2026.04.29.721673v1.full.pdf")).toEqual({
      doi: "10.64898/2026.04.29.721673",
      server: "biorxiv"
    })
    expect(parseRxivUrl("https://www.medrxiv.org/content/10.1101/2026.04.28.26351994v3.full.pdf")).toEqual({
      doi: "10.1101/2026.04.28.26351994",
      server: "medrxiv"
    })
  })

  it("lower-cases (DOIs are case-insensitive) and refuses what is no DOI", () => {
    expect(parseDoi("DOI:10.1101/ABC.1")).toBe("10.1101/abc.1")
    expect(parseRxivUrl("https://arxiv.org/pdf/2510.03232v1")).toBeUndefined()
    expect(parseRxivUrl("https://doi.org/not-a-doi")).toBeUndefined()
    expect(parseRxivUrl("None")).toBeUndefined()
    expect(parseDoi("10.1101/%E0%A4%A")).toBeUndefined()
  })

  it("gives the same DOI for a paper's doi.org link and its server PDF link, whatever the version", () => {
    const dated = fc
      .tuple(
        fc.integer({ min: 2013, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.stringMatching(/^\d{6}(\d{2})?$/)
      )
      .map(([y, m, d, n]) => `${y}.${String(m).padStart(2, "0")}.${String(d).padStart(2, "0")}.${n}`)
    const suffix = fc.oneof(dated, fc.stringMatching(/^\d{6}$/))
    fc.assert(
      fc.property(
        fc.constantFrom("10.1101", "10.64898"),
        suffix,
        fc.integer({ min: 1, max: 9 }),
        (prefix, s, v) => {
          const doi = `${prefix}/${s}`
          const viaDoi = parseRxivUrl(`https://doi.org/${doi}`)
          const viaPdf = parseRxivUrl(`https://www.biorxiv.org/content/${doi}v${v}.full.pdf`)
          expect(viaDoi?.doi).toBe(doi)
          expect(viaPdf?.doi).toBe(doi)
          expect(Schema.is(Doi)(viaPdf?.doi)).toBe(true)
        }
      )
    )
  })

  it("builds the item id and the version-less page", () => {
    const doi = Doi.make("10.1101/029900")
    expect(doiUrl(doi)).toBe("https://doi.org/10.1101/029900")
    expect(rxivPageUrl("medrxiv", doi)).toBe("https://www.medrxiv.org/content/10.1101/029900")
  })
})
