/** Splitting the API's `Surname, I.; Surname, I. I.` author lists into persons. */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { splitRxivAuthors } from "../../src/domain/RxivMetadata.ts"

const plain = (authors: string) => splitRxivAuthors(authors).map(({ family, given }) => [family, given])

describe("splitRxivAuthors", () => {
  it("splits at semicolons, then each name at its first comma", () => {
    assert.deepStrictEqual(plain("Bouchet, C. A.; Ledesma, K. M.; Myers, B."), [
      ["Bouchet", "C. A."],
      ["Ledesma", "K. M."],
      ["Myers", "B."]
    ])
  })

  it("keeps hyphenated initials, particles and lower case as written", () => {
    assert.deepStrictEqual(plain("Taguchi, Y.-h.; van der Berg, J. A.; smith, j."), [
      ["Taguchi", "Y.-h."],
      ["van der Berg", "J. A."],
      ["smith", "j."]
    ])
  })

  it("keeps group authors and mononyms whole, with no given name", () => {
    assert.deepStrictEqual(plain("Pooja, ; OLVG hospital, ; The COVID-19 Genomics Consortium"), [
      ["Pooja", null],
      ["OLVG hospital", null],
      ["The COVID-19 Genomics Consortium", null]
    ])
  })

  it("folds white space and drops empty names and a trailing separator", () => {
    assert.deepStrictEqual(plain("  de  la Cruz,\t M.;; ;Doe, J.;"), [
      ["de la Cruz", "M."],
      ["Doe", "J."]
    ])
    assert.deepStrictEqual(plain(""), [])
  })

  it("never loses a name: as many persons as non-empty names, none with empty fields", () => {
    const name = fc.stringMatching(/^[A-Za-z .,'-]{0,12}$/)
    fc.assert(
      fc.property(fc.array(name, { maxLength: 8 }), (names) => {
        const persons = splitRxivAuthors(names.join("; "))
        const expected = names.filter((n) => n.replace(/\s+/g, " ").trim().replace(/^,$/, "") !== "").length
        assert.strictEqual(persons.length, expected)
        for (const person of persons) {
          assert.notStrictEqual(person.family, "")
          assert.notStrictEqual(person.given, "")
        }
      })
    )
  })
})
