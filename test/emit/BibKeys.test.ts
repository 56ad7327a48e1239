/** Citation keys: readable, unique, and never renamed once assigned. */
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import fc from "fast-check"
import { ArxivId } from "../../src/domain/ArxivId.ts"
import { asciiFold, assignBibKeys, BibKeyRegistry, baseBibKey } from "../../src/emit/BibKeys.ts"
import { hostileText, paperWith } from "./arbitraries.ts"
import { samplePapers } from "./fixtures/samplePapers.ts"

const sample = samplePapers()
const byId = (id: string) => sample.find((p) => p.paper.id === id)!

describe("baseBibKey", () => {
  it("family name, v1 year, first significant English title word", () => {
    assert.strictEqual(baseBibKey(byId("2510.03232")), "lin2025leaml")
    assert.strictEqual(baseBibKey(byId("2510.03217")), "cambronero2025abstain")
    assert.strictEqual(baseBibKey(byId("1111.2011")), "murray2011quantum")
    assert.strictEqual(baseBibKey(byId("astro-ph/9812133")), "perlmutter1998measurements")
  })

  it("folds accents and particles; falls back to the id digits without an English title", () => {
    assert.strictEqual(asciiFold("Wübben Ærø Łódź"), "wubben aero lodz")
    const dutch = paperWith({ title: "中文标题", abstract: "", author: "Joost van der Putten" })
    assert.strictEqual(baseBibKey(dutch), "putten2025arxiv251003232")
    const cjk = paperWith({ title: "中文标题", abstract: "", author: "王小明" })
    assert.strictEqual(baseBibKey(cjk), "anon2025arxiv251003232")
    const stop = paperWith({
      title: "中文标题",
      abstract: "",
      author: "A B",
      metadata: { title: "On the Use of Things", abstract: "", authors: ["Ann Smith"] }
    })
    assert.strictEqual(baseBibKey(stop), "smith2025use")
  })
})

describe("assignBibKeys", () => {
  it("gives every paper a unique key, the earlier announcement the plain one", () => {
    const twin = (id: string, firstSeen: string) =>
      paperWith({
        id,
        firstSeen,
        title: "中文",
        abstract: "",
        author: "x",
        metadata: { title: "Deep Nets", abstract: "", authors: ["Yu Wang"] }
      })
    const registry = assignBibKeys({}, [twin("2510.00003", "2025-10-07"), twin("2510.00002", "2025-10-06")])
    assert.deepStrictEqual<Record<string, string>>(registry, {
      "2510.00002": "wang2025deep",
      "2510.00003": "wang2025deepa"
    })
  })

  it("never renames an existing key: metadata arriving later, a new title, a colliding new paper", () => {
    const before = paperWith({ title: "中文标题", abstract: "", author: "Ci-Siang Lin" })
    const first = assignBibKeys({}, [before])
    assert.deepStrictEqual<Record<string, string>>(first, { "2510.03232": "lin2025arxiv251003232" })
    const after = byId("2510.03232") // same id, now with arXiv metadata (natural key lin2025leaml)
    const newcomer = paperWith({
      id: "2510.09999",
      title: "中文",
      abstract: "",
      author: "x",
      metadata: { title: "LEAML again", abstract: "", authors: ["Min Lin"] }
    })
    const second = assignBibKeys(first, [after, newcomer])
    assert.strictEqual(second["2510.03232" as ArxivId], "lin2025arxiv251003232")
    assert.strictEqual(second["2510.09999" as ArxivId], "lin2025leaml")
    const third = assignBibKeys(new Map([[ArxivId.make("2510.09999"), "lin2025leaml"]]), [byId("2510.03232")])
    assert.strictEqual(third["2510.03232" as ArxivId], "lin2025leamla", "a taken key is never reused")
  })

  it("keeps registry entries of papers no longer in the input", () => {
    const registry = assignBibKeys({ "hep-th/9901001": "old1999key" }, [byId("2510.03231")])
    assert.strictEqual(registry["hep-th/9901001" as ArxivId], "old1999key")
  })

  it("property: existing keys stay, all keys are unique and valid, the result decodes and is idempotent", () => {
    const paperArb = fc
      .record({
        n: fc.integer({ min: 10000, max: 10030 }),
        day: fc.constantFrom("2025-10-06", "2025-10-07", "2024-01-01"),
        author: fc.oneof(hostileText, fc.constantFrom("Ci-Siang Lin", "Yu Wang", "Joost van der Putten")),
        title: fc.oneof(hostileText, fc.constantFrom("LEAML: x", "Deep Nets", "0", "The Of And"))
      })
      .map(({ n, day, author, title }) =>
        paperWith({
          id: `2510.${n}`,
          firstSeen: day,
          title: "中文",
          abstract: "",
          author,
          metadata: { title, abstract: "", authors: [author] }
        })
      )
    fc.assert(
      fc.property(
        fc.array(paperArb, { maxLength: 20 }),
        fc.array(paperArb, { maxLength: 20 }),
        (old, fresh) => {
          const first = assignBibKeys({}, old)
          const second = assignBibKeys(first, fresh)
          for (const [id, key] of Object.entries(first)) assert.strictEqual(second[id as ArxivId], key)
          const keys = Object.values(second).map((k) => k.toLowerCase())
          assert.strictEqual(new Set(keys).size, keys.length)
          for (const paper of [...old, ...fresh]) assert.isString(second[paper.paper.id])
          assert.deepStrictEqual(Schema.decodeUnknownSync(BibKeyRegistry)(second), second)
          assert.deepStrictEqual(assignBibKeys(second, [...old, ...fresh]), second)
          assert.deepStrictEqual(Object.keys(second), Object.keys(second).sort(), "stable JSON order")
        }
      ),
      { numRuns: 200 }
    )
  })
})
