/** The registry's table: every line checked, keys looked up in the text, new lines spliced in at their places. */
import { assert, describe, it } from "@effect/vitest"
import { Either, Option } from "effect"
import fc from "fast-check"
import type { EnrichedPaper } from "../../src/domain/EnrichedPaper.ts"
import type { PaperKey } from "../../src/domain/PaperKey.ts"
import { assignBibKeys, newBibKeys } from "../../src/emit/BibKeys.ts"
import { BIB_KEY_TABLE_HEADER, BibKeyTable } from "../../src/emit/BibKeyTable.ts"
import { collidingArxivPapers } from "./arbitraries.ts"

const tableOf = (text: string): BibKeyTable => Either.getOrThrow(BibKeyTable.parse(text))
const errorOf = (text: string) => Option.getOrUndefined(Either.getLeft(BibKeyTable.parse(text)))

/** What a run does with the table (bibKeyRegistry.ts), without the state folder: the keys and the new text. */
const assignWithTable = (table: BibKeyTable, papers: ReadonlyArray<EnrichedPaper>) => {
  const fresh = papers.filter((paper) => table.keyOf(paper.paper.id) === undefined)
  const added = newBibKeys(fresh, (bases) => table.taken(bases))
  return { added, text: table.withAdded(added).join("") }
}

const LINES = `${BIB_KEY_TABLE_HEADER}10.1101/2024.09.04.000001\tsmith2024cells\n2510.03231\tLin2025Leaml\nhep-th/9901001\told1999key\n`

describe("BibKeyTable.parse", () => {
  it("reads the ids and keys of every line under the comment", () => {
    const table = tableOf(LINES)
    assert.strictEqual(table.size, 3)
    assert.strictEqual(table.keyOf("2510.03231"), "Lin2025Leaml")
    assert.strictEqual(table.keyOf("hep-th/9901001"), "old1999key")
    assert.strictEqual(table.keyOf("10.1101/2024.09.04.000001"), "smith2024cells")
    assert.isUndefined(table.keyOf("2510.03232"))
    assert.isUndefined(table.keyOf("0"))
    assert.isUndefined(table.keyOf("zzz"))
    assert.strictEqual(tableOf("").size, 0)
  })

  it("names the first bad line: no tab, a bad id or key, ids out of order or twice, a cut-short last line", () => {
    const body = (lines: string) => `${BIB_KEY_TABLE_HEADER}2510.03231\ta2025x\n${lines}`
    const thirdLine: ReadonlyArray<readonly [string, string]> = [
      ["2510.03232 b2025x\n", "expected an arXiv id or a DOI, a tab and a BibTeX key"],
      ["2510.3\tb2025x\n", '"2510.3" is not an arXiv id or a DOI'],
      ["2510.03232\tb 2025\n", '"b 2025" is not a BibTeX key (letters, digits, _:.-)'],
      ["2510.03232\tb2025x\r\n", '"b2025x\\r" is not a BibTeX key (letters, digits, _:.-)'],
      ["2510.03230\tb2025x\n", "2510.03230 comes after 2510.03231: ids are sorted"],
      ["2510.03231\tb2025x\n", "2510.03231 is listed twice"],
      ["2510.03232\tb2025x", "the last line has no line break (a write cut short?)"]
    ]
    for (const [lines, message] of thirdLine)
      assert.deepStrictEqual(errorOf(body(lines)), { line: 3, message })
    assert.deepStrictEqual(errorOf("\n"), {
      line: 1,
      message: "expected an arXiv id or a DOI, a tab and a BibTeX key"
    })
  })
})

describe("BibKeyTable.taken", () => {
  it("the keys beginning with a prefix in any case, lower-cased; shorter keys and other prefixes left out", () => {
    const table = tableOf(LINES)
    assert.deepStrictEqual([...table.taken(["lin2025leaml"])], ["lin2025leaml"])
    assert.deepStrictEqual([...table.taken(["lin2025"])], ["lin2025leaml"])
    assert.deepStrictEqual([...table.taken(["lin2025leamlz"])], [])
    assert.deepStrictEqual([...table.taken(["smith2024cells", "old1"])].sort(), [
      "old1999key",
      "smith2024cells"
    ])
    assert.deepStrictEqual([...table.taken([])], [])
    assert.strictEqual(table.taken([""]).size, 3, "an empty prefix begins every key")
  })

  it("prefixes in upper case, and as many as a slice of a cold run has new papers", () => {
    const table = tableOf(LINES)
    assert.deepStrictEqual([...table.taken(["LIN2025"])], ["lin2025leaml"])
    const many = Array.from({ length: 200_000 }, (_, i) => `zz${i}`)
    assert.deepStrictEqual([...table.taken([...many, "old1999"])], ["old1999key"])
  })

  it("property: the same set as filtering every key", () => {
    const keyArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_:.-]{0,9}$/)
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 10000, max: 99999 }), { maxLength: 40 }),
        fc.array(keyArb, { maxLength: 40 }),
        fc.array(fc.stringMatching(/^[a-z0-9_:.-]{0,7}$/), { maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 10 })), { maxLength: 3 }),
        (numbers, keys, others, cuts) => {
          const entries = numbers.map((n, i) => [`2510.${n}`, keys[i] ?? `k${n}`] as const)
          // Prefixes of the keys themselves, lower-cased, so that most runs find some.
          const prefixes = [
            ...others,
            ...cuts.flatMap(([at, length]) => {
              const key = keys[at % Math.max(keys.length, 1)]
              return key === undefined ? [] : [key.slice(0, length).toLowerCase()]
            })
          ]
          const table = Either.getOrThrow(BibKeyTable.fromRecord(Object.fromEntries(entries)))
          const expected = entries
            .map(([, key]) => key.toLowerCase())
            .filter((key) => prefixes.some((prefix) => key.startsWith(prefix)))
          assert.deepStrictEqual([...table.taken(prefixes)].sort(), [...new Set(expected)].sort())
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe("BibKeyTable with new keys", () => {
  it("splices the new lines in at their places and keeps every other byte", () => {
    const table = tableOf(LINES)
    const added = new Map([
      ["2510.03232" as PaperKey, "new2025b"],
      ["0704.0001" as PaperKey, "new2007a"],
      ["zz-top/9901001" as PaperKey, "new1999z"]
    ])
    assert.strictEqual(
      table.withAdded(added).join(""),
      `${BIB_KEY_TABLE_HEADER}0704.0001\tnew2007a\n10.1101/2024.09.04.000001\tsmith2024cells\n2510.03231\tLin2025Leaml\n2510.03232\tnew2025b\nhep-th/9901001\told1999key\nzz-top/9901001\tnew1999z\n`
    )
    assert.strictEqual(table.withAdded(new Map()).join(""), LINES)
    assert.strictEqual(
      tableOf("# mine\n2510.03231\ta2025x\n").withAdded(new Map()).join(""),
      "# mine\n2510.03231\ta2025x\n",
      "a comment someone wrote stays"
    )
    assert.strictEqual(BibKeyTable.empty.withAdded(new Map()).join(""), BIB_KEY_TABLE_HEADER)
    assert.throws(() => table.withAdded(new Map([["2510.03231" as PaperKey, "x2025y"]])), /already has a key/)
  })

  it("property: keys and text are those of assignBibKeys on the registry as one object", () => {
    const paperArb = collidingArxivPapers
    fc.assert(
      fc.property(
        fc.array(paperArb, { maxLength: 30 }),
        fc.array(paperArb, { maxLength: 30 }),
        fc.boolean(),
        (old, fresh, shout) => {
          // Keys written by hand in another case still take their lower-case twins.
          const first = Object.fromEntries(
            Object.entries(assignBibKeys({}, old)).map(([id, key]) => [id, shout ? key.toUpperCase() : key])
          )
          const table = Either.getOrThrow(BibKeyTable.fromRecord(first))
          const expected = assignBibKeys(first, fresh)
          const { text } = assignWithTable(table, fresh)
          const after = tableOf(text)
          assert.strictEqual(after.size, Object.keys(expected).length)
          for (const [id, key] of Object.entries(expected)) assert.strictEqual(after.keyOf(id), key)
          assert.strictEqual(
            text,
            BIB_KEY_TABLE_HEADER +
              Object.entries(expected)
                .map(([id, key]) => `${id}\t${key}\n`)
                .join("")
          )
        }
      ),
      { numRuns: 300 }
    )
  })
})
