/**
 * The scanner's own paths (scanArxivAtom.ts, atomText.ts): kept text folded and trimmed without a regex must equal
 * the plain regex fold on any text, wherever the forward cursors stand; decoded entries must not keep the answer
 * they were cut from alive (V8 keeps a whole string for any slice of it).
 */
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { assert, describe, it } from "@effect/vitest"
import { Either } from "effect"
import fc from "fast-check"
import type { ArxivMetadata } from "../../src/domain/ArxivMetadata.ts"
import { decodeArxivFeed } from "../../src/enrich/decodeArxivFeed.ts"

/** What folding meant before the scanner: every run of XML white space to one space, then String.trim. */
const plainFold = (text: string) => text.replace(/[ \t\r\n]+/g, " ").trim()
const unescapeXml = (xml: string) =>
  xml.replace(
    /&(amp|lt|#x9|#10);/g,
    (_, name: string) => ({ amp: "&", lt: "<", "#x9": "\t", "#10": "\n" })[name] ?? ""
  )

// Texts made of what the cursors look for (line breaks, tabs, CRs, runs of spaces, `&`), the white space
// String.trim removes but XML does not fold (NBSP, U+3000, U+2028), and words; written as XML (escaped).
const piece = fc.constantFrom(
  " ",
  "  ",
  "\n",
  "\r\n",
  "\t",
  " \n ",
  "\u00a0",
  "\u3000",
  "\u2028",
  "a",
  "word",
  "&amp;",
  "&lt;",
  "&#x9;",
  "&#10;",
  "中文",
  "x y"
)
const xmlText = fc.array(piece, { maxLength: 14 }).map((pieces) => pieces.join(""))

const entryXml = (
  n: number,
  title: string,
  summary: string,
  comment: string,
  names: ReadonlyArray<string>
) => `
  <entry>
    <id>http://arxiv.org/abs/2501.${String(n).padStart(5, "0")}v1</id>
    <title>${title}</title>
    <summary>${summary}</summary>
    <published>2025-01-01T00:00:00Z</published><updated>2025-01-02T00:00:00Z</updated>
    <arxiv:comment>${comment}</arxiv:comment>
    ${names.map((name) => `<author><name>${name}</name><arxiv:affiliation>${name}</arxiv:affiliation></author>`).join("\n    ")}
    <category term="physics.bio-ph" scheme="http://arxiv.org/schemas/atom"/>
  </entry>`

const feedXml = (entries: string, padding = "") =>
  `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"
      xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${padding}
  <opensearch:totalResults>1</opensearch:totalResults>${entries}
</feed>`

const decodeEntries = (xml: string): ReadonlyArray<ArxivMetadata> => {
  const decoded = decodeArxivFeed(xml)
  if (Either.isLeft(decoded)) throw new Error(decoded.left.message)
  return decoded.right.entries
}

describe("scanArxivAtom's kept text", () => {
  it("folds and trims every field as the plain regex fold does, across entries sharing the cursors", () => {
    const entry = fc.record({
      title: xmlText,
      summary: xmlText,
      comment: xmlText,
      names: fc.array(xmlText, { maxLength: 3 })
    })
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 4 }), (entries) => {
        const xml = feedXml(
          entries.map((e, n) => entryXml(n + 1, e.title, e.summary, e.comment, e.names)).join("")
        )
        const decoded = decodeEntries(xml)
        assert.strictEqual(decoded.length, entries.length)
        entries.forEach((e, n) => {
          const got = decoded[n]
          const comment = plainFold(unescapeXml(e.comment))
          assert.strictEqual(got?.title, plainFold(unescapeXml(e.title)))
          assert.strictEqual(got?.abstract, plainFold(unescapeXml(e.summary)))
          assert.strictEqual(got?.comment, comment === "" ? null : comment)
          assert.deepStrictEqual(
            got?.authors.map((author) => [author.name, ...author.affiliations]),
            e.names.map((name) => [plainFold(unescapeXml(name)), plainFold(unescapeXml(name))])
          )
        })
      }),
      { numRuns: 400 }
    )
  })
})

describe("decoded entries and the answer they came from", () => {
  it("keep none of the answer alive: every kept text is a copy, not a slice", () => {
    setFlagsFromString("--expose-gc")
    const gc = runInNewContext("gc") as () => void
    const long = "a title long enough to be a slice, not a copy"
    const folded = "a summary\n  hard-wrapped  over\n lines, so folding joins it"
    const entries = Array.from({ length: 50 }, (_, n) =>
      entryXml(n + 1, long, folded, `${long} &amp; more`, [`Author Number ${n}`])
    ).join("")
    // 40 MB of answer around 50 entries of a few hundred characters: a single slice kept would hold it all.
    let xml: string | undefined = feedXml(entries, `<!-- ${"x".repeat(40_000_000)} -->`)
    // repeat() builds a small tree of shared halves: a search flattens it into the 40 MB an answer takes.
    assert.strictEqual(xml.indexOf("\u0000"), -1)
    gc()
    const before = process.memoryUsage().heapUsed
    const kept = decodeEntries(xml)
    xml = undefined
    gc()
    gc()
    const after = process.memoryUsage().heapUsed
    assert.strictEqual(kept.length, 50)
    assert.strictEqual(kept[0]?.categories[0], "physics.bio-ph")
    // The answer (40 MB) was held before; what the entries keep is a few hundred KB at most.
    assert.isBelow(after - before, -30_000_000, `heap went from ${before} to ${after}`)
  })
})
