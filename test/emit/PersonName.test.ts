/** Author names as arXiv writes them, split for BibTeX and CSL. */
import { assert, describe, it } from "@effect/vitest"
import { keyFamilyName, parsePersonName } from "../../src/emit/PersonName.ts"

const person = (family: string, given: string, suffix = "") => ({
  kind: "person" as const,
  family,
  given,
  suffix
})

describe("parsePersonName", () => {
  it("splits First Middle Last, keeping particles with the family name", () => {
    assert.deepStrictEqual(parsePersonName("Yu-Chiang Frank Wang"), person("Wang", "Yu-Chiang Frank"))
    assert.deepStrictEqual(parsePersonName("Joost van der Putten"), person("van der Putten", "Joost"))
    assert.deepStrictEqual(parsePersonName("Peter H. N. de With"), person("de With", "Peter H. N."))
    assert.deepStrictEqual(parsePersonName("Adrian Del Maestro"), person("Del Maestro", "Adrian"))
    assert.deepStrictEqual(parsePersonName("Thanh Van Nguyen"), person("Nguyen", "Thanh Van"))
    assert.deepStrictEqual(parsePersonName("  Dirk   Wübben "), person("Wübben", "Dirk"))
  })

  it("suffixes, names already inverted, single and CJK names, collaborations", () => {
    assert.deepStrictEqual(parsePersonName("John Doe Jr."), person("Doe", "John", "Jr."))
    assert.deepStrictEqual(parsePersonName("John Doe, III"), person("Doe", "John", "III"))
    assert.deepStrictEqual(parsePersonName("Doe, Jr., John"), person("Doe", "John", "Jr."))
    assert.deepStrictEqual(parsePersonName("Lin, Ci-Siang"), person("Lin", "Ci-Siang"))
    assert.deepStrictEqual(parsePersonName("Plato"), { kind: "literal", literal: "Plato" })
    assert.deepStrictEqual(parsePersonName("王小明"), person("王", "小明"))
    assert.deepStrictEqual(parsePersonName("王 小明"), person("王", "小明"))
    assert.deepStrictEqual(parsePersonName("The ATLAS Collaboration"), {
      kind: "literal",
      literal: "The ATLAS Collaboration"
    })
  })

  it("the key family name drops lowercase particles only", () => {
    assert.strictEqual(keyFamilyName(parsePersonName("Joost van der Putten")), "Putten")
    assert.strictEqual(keyFamilyName(parsePersonName("Adrian Del Maestro")), "Del Maestro")
  })
})
