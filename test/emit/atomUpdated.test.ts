import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { entryUpdatedMs, idOffsetMs } from "../../src/emit/atomUpdated.ts"

const RXIV_FIXTURES = "../shared/fixtures/rxiv"
const DAY_MS = 86_400_000

/** Every DOI the real bioRxiv/medRxiv fixture digests link. */
const fixtureDois = (): ReadonlyArray<string> => {
  const dois = new Set<string>()
  for (const name of readdirSync(RXIV_FIXTURES).filter((file) => file.endsWith("rxiv.md")))
    for (const match of readFileSync(join(RXIV_FIXTURES, name), "utf8").matchAll(/10\.\d{4,9}\/[0-9.]+\d/g))
      dois.add(match[0].toLowerCase())
  return [...dois]
}

describe("Atom updated offsets for DOIs", () => {
  it("gives the real DOIs distinct offsets inside the day, the same on every call", () => {
    const dois = fixtureDois()
    expect(dois.length).toBeGreaterThan(100)
    const offsets = dois.map(idOffsetMs)
    expect(new Set(offsets).size).toBe(dois.length)
    for (const offset of offsets) expect(offset >= 0 && offset < DAY_MS).toBe(true)
    expect(dois.map(idOffsetMs)).toEqual(offsets)
  })

  it("keeps a DOI's entry at its announcement day unless a later version was posted", () => {
    const doi = "10.1101/2025.05.16.654321"
    const announced = entryUpdatedMs({ id: doi, date: "2025-05-20T00:00:00Z", updated: "2025-05-16" })
    expect(announced).toBe(Date.parse("2025-05-20T00:00:00Z") + idOffsetMs(doi))
    const revised = entryUpdatedMs({ id: doi, date: "2025-05-20T00:00:00Z", updated: "2025-06-02" })
    expect(revised).toBe(Date.parse("2025-06-02"))
  })
})
