/** Citation keys: readable, unique, and never renamed once assigned. */
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import fc from "fast-check"
import { ArxivId } from "../../src/domain/ArxivId.ts"
import type { EnrichedPaper } from "../../src/domain/EnrichedPaper.ts"
import { asciiFold, assignBibKeys, BibKeyRegistry, baseBibKey } from "../../src/emit/BibKeys.ts"
import { arxivPaperArbitrary, collidingArxivPapers, hostileText, paperWith } from "./arbitraries.ts"
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

  it("a sorted registry with nothing to add is returned itself; an unsorted one comes back sorted", () => {
    const registry = assignBibKeys({}, [byId("2510.03231"), byId("2510.03232")])
    assert.strictEqual(assignBibKeys(registry, [byId("2510.03232")]), registry)
    const unsorted = { "2510.03232": "b2025x", "2510.03231": "a2025x" }
    const sorted = assignBibKeys(unsorted, [])
    assert.notStrictEqual(sorted, unsorted)
    assert.deepStrictEqual(Object.keys(sorted), ["2510.03231", "2510.03232"])
  })

  it("property: new keys merged into the sorted registry are the keys, in the order, of sorting it all again", () => {
    // The previous implementation, kept as the oracle: copy the registry, key the new papers, sort every id.
    const reference = (registry: Readonly<Record<string, string>>, papers: ReadonlyArray<EnrichedPaper>) => {
      const entries = new Map(Object.entries(registry))
      const taken = new Set([...entries.values()].map((key) => key.toLowerCase()))
      const fresh = papers
        .filter((paper) => !entries.has(paper.paper.id))
        .sort((a, b) =>
          a.paper.firstSeen !== b.paper.firstSeen
            ? a.paper.firstSeen < b.paper.firstSeen
              ? -1
              : 1
            : a.paper.id < b.paper.id
              ? -1
              : a.paper.id > b.paper.id
                ? 1
                : 0
        )
      const nextSuffix = new Map<string, number>()
      const suffix = (n: number): string => {
        let out = ""
        for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26))
          out = String.fromCharCode(97 + ((rest - 1) % 26)) + out
        return out
      }
      for (const paper of fresh) {
        if (entries.has(paper.paper.id)) continue
        const base = baseBibKey(paper)
        let n = nextSuffix.get(base) ?? 0
        let key = n === 0 ? base : base + suffix(n)
        while (taken.has(key.toLowerCase())) key = base + suffix(++n)
        nextSuffix.set(base, n + 1)
        taken.add(key.toLowerCase())
        entries.set(paper.paper.id, key)
      }
      const sorted: Record<string, string> = {}
      for (const id of [...entries.keys()].sort()) sorted[id] = entries.get(id) ?? ""
      return sorted
    }
    const paperArb = collidingArxivPapers
    fc.assert(
      fc.property(
        fc.array(paperArb, { maxLength: 30 }),
        fc.array(paperArb, { maxLength: 30 }),
        (old, fresh) => {
          const first = reference({}, old)
          assert.strictEqual(JSON.stringify(assignBibKeys({}, old)), JSON.stringify(first))
          const expected = JSON.stringify(reference(first, fresh))
          assert.strictEqual(JSON.stringify(assignBibKeys(first, fresh)), expected)
          assert.strictEqual(
            JSON.stringify(assignBibKeys(new Map(Object.entries(first)) as never, fresh)),
            expected
          )
        }
      ),
      { numRuns: 300 }
    )
  })

  it("property: existing keys stay, all keys are unique and valid, the result decodes and is idempotent", () => {
    const paperArb = arxivPaperArbitrary(
      10030,
      fc.oneof(hostileText, fc.constantFrom("Ci-Siang Lin", "Yu Wang", "Joost van der Putten")),
      fc.oneof(hostileText, fc.constantFrom("LEAML: x", "Deep Nets", "0", "The Of And"))
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
