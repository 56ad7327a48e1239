/**
 * Oracle: the single-pass decoder (src/enrich/decodeArxivFeed.ts) gives exactly what the previous
 * fast-xml-parser decoder (decodeArxivFeedReference.ts) gave, on every recorded response, on the fake's answers,
 * on truncated recordings, and on generated answers full of hostile text, escaped every way XML allows.
 */
import { assert, describe, it } from "@effect/vitest"
import { Either } from "effect"
import fc from "fast-check"
import { decodeArxivFeed } from "../../src/enrich/decodeArxivFeed.ts"
import {
  type ArxivFault,
  answerFeed,
  idListQuery,
  makeArxivResponder,
  recordedEntries,
  syntheticEntry,
  TEMPLATE_ID
} from "../fakes/arxivResponder.ts"
import { apiAtomFiles, readApiAtom } from "./arxivFixtures.ts"
import { decodeArxivFeedReference } from "./decodeArxivFeedReference.ts"

/** Both decoders' answers in one comparable shape: a failure's reason (messages are worded differently). */
const outcome = (decode: typeof decodeArxivFeed, xml: string) => {
  const result = decode(xml)
  if (Either.isLeft(result)) return { failure: result.left.reason }
  const { entries, errors, totalResults } = result.right
  return {
    totalResults,
    entries: entries.map((entry) => ({ ...entry, authors: entry.authors.map((author) => ({ ...author })) })),
    // A structural failure is described by each decoder's own schema; the last line is the reason itself.
    errors: errors.map(({ id, message }) => ({
      id,
      message: message.startsWith("entry does not decode:")
        ? `entry does not decode: ${message
            .split("\n")
            .at(-1)
            ?.replace(/^.*└─ /, "")
            .replace(/^entry does not decode: /, "")}`
        : message
    }))
  }
}

const assertSame = (xml: string, label: string) =>
  assert.deepStrictEqual(outcome(decodeArxivFeed, xml), outcome(decodeArxivFeedReference, xml), label)

describe("decodeArxivFeed against the previous decoder", () => {
  it("agrees on every recorded response", () => {
    assert.isAbove(apiAtomFiles().length, 10)
    for (const file of apiAtomFiles()) assertSame(readApiAtom(file), file)
  })

  it("agrees on every recorded response cut short anywhere", () => {
    const files = apiAtomFiles().map(readApiAtom)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: files.length - 1 }), fc.double({ min: 0, max: 1 }), (at, cut) => {
        const xml = files[at] ?? ""
        assertSame(xml.slice(0, Math.floor(xml.length * cut)), `file ${at} cut at ${cut}`)
      }),
      { numRuns: 300 }
    )
  })

  it("agrees on the fake's answers, faults included", () => {
    const responder = makeArxivResponder({ seed: 7 })
    const ids = [...responder.recordedIds, "2501.00001", "2501.00002v3", "0000.0000", "math/0211159v1"]
    const faults: ReadonlyArray<ArxivFault> = [
      { kind: "ok" },
      { kind: "partial" },
      { kind: "truncated" },
      { kind: "error-400" },
      { kind: "rate-exceeded" }
    ]
    responder.setFaults(faults)
    for (const fault of faults) {
      const answer = responder.answer(idListQuery(ids, "oracle"))
      if (answer.kind !== "respond") throw new Error(`no answer for ${fault.kind}`)
      assertSame(answer.body, fault.kind)
    }
  })
})

// Text arXiv could carry: markup-like characters, LaTeX, accents, CJK, emoji, NBSP and every XML white space.
const hostilePiece = fc.oneof(
  fc.constantFrom(
    "&",
    "<",
    ">",
    '"',
    "'",
    "]]>",
    "<![CDATA[",
    "&amp;",
    "&#233;",
    "$\\alpha < \\beta$",
    "$O(n^{2}) \\leq x$",
    "Wübben",
    "中文摘要",
    "😀",
    "\u00a0",
    "\u3000",
    " ",
    "  ",
    "\n",
    "\t",
    "\r\n",
    "0"
  ),
  fc.string({ unit: "grapheme", maxLength: 8 })
)
const hostileText = fc.array(hostilePiece, { maxLength: 12 }).map((pieces) => pieces.join(""))

const escapeText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, "&quot;")
const asReferences = (text: string, hex: boolean) =>
  [...text]
    .map((char) => {
      const code = char.codePointAt(0) ?? 0
      if (/[A-Za-z0-9 ]/.test(char)) return char
      return hex ? `&#x${code.toString(16)};` : `&#${code};`
    })
    .join("")
const asCdata = (text: string) => `<![CDATA[${text.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`

/** One text as XML, escaped one of the ways a serializer may choose. */
const xmlText = (text: string) =>
  fc
    .constantFrom<(t: string) => string>(
      escapeText,
      (t) => asReferences(t, false),
      (t) => asReferences(t, true),
      asCdata,
      (t) => `${escapeText(t.slice(0, 3))}${asCdata(t.slice(3))}`
    )
    .map((escapeWith) => escapeWith(text))

const generatedEntry = fc
  .record({
    id: fc.integer({ min: 1, max: 99_999 }).map((n) => `2501.${String(n).padStart(5, "0")}`),
    version: fc.integer({ min: 1, max: 12 }),
    title: hostileText.chain(xmlText),
    summary: hostileText.chain(xmlText),
    comment: fc.option(hostileText.chain(xmlText), { nil: undefined }),
    authors: fc.array(
      fc.tuple(hostileText.chain(xmlText), fc.array(hostileText.chain(xmlText), { maxLength: 2 })),
      {
        maxLength: 3
      }
    ),
    term: hostileText
  })
  .map(({ id, version, title, summary, comment, authors, term }) => {
    const template = recordedEntries().get(TEMPLATE_ID) ?? ""
    const extra = [
      comment === undefined ? "" : `<arxiv:comment>${comment}</arxiv:comment>`,
      `<category term="${escapeAttribute(term)}" scheme="http://arxiv.org/schemas/atom"/>`,
      ...authors.map(
        ([name, affiliations]) =>
          `<author><name>${name}</name>${affiliations.map((a) => `<arxiv:affiliation>${a}</arxiv:affiliation>`).join("")}</author>`
      )
    ].join("\n    ")
    return syntheticEntry(template, id, version, { title, summary }).replace(
      "</entry>",
      () => `${extra}\n  </entry>`
    )
  })

describe("decodeArxivFeed against the previous decoder on generated answers", () => {
  it("agrees on the fake's feeds of entries with hostile text", () => {
    fc.assert(
      fc.property(fc.array(generatedEntry, { maxLength: 5 }), (entries) => {
        const xml = answerFeed(["x"], entries, 100)
        assertSame(xml, xml)
      }),
      { numRuns: 300 }
    )
  })
})

// Start tags written every way XML allows (quotes, white space around `=` and between attributes, order), and
// a few ways it does not: the hand-written attribute reader must agree with the previous decoder on both. (A `<`
// in a value, which fast-xml-parser let through, is refused: decodeArxivFeed.test.ts.)
const space = fc.constantFrom("", " ", "  ", "\n", "\t", "\r\n ")
const someSpace = fc.constantFrom(" ", "\n", "\t", " \n  ")
const attribute = (name: string, value: string) =>
  fc
    .tuple(space, space, fc.constantFrom('"', "'"))
    .map(([before, after, quote]) => `${name}${before}=${after}${quote}${value}${quote}`)
const categoryTag = fc
  .record({
    element: fc.constantFrom("category", "arxiv:primary_category"),
    term: attribute("term", "cs.CV"),
    scheme: attribute("scheme", "http://arxiv.org/schemas/atom"),
    termFirst: fc.boolean(),
    between: someSpace,
    lead: someSpace,
    tail: space,
    flaw: fc.constantFrom("none", "none", "none", "no-space-between", "unclosed-quote")
  })
  .map(({ element, term, scheme, termFirst, between, lead, tail, flaw }) => {
    const [first, second] = termFirst ? [term, scheme] : [scheme, term]
    const tag = `<${element}${lead}${first}${flaw === "no-space-between" ? "" : between}${second}${tail}/>`
    if (flaw === "unclosed-quote") return tag.replace(/(['"])cs\.CV\1/, "$1cs.CV")
    return tag
  })

describe("decodeArxivFeed against the previous decoder on start tags", () => {
  it("agrees on attributes written with any quotes and white space, and on broken ones", () => {
    const template = recordedEntries().get(TEMPLATE_ID) ?? ""
    fc.assert(
      fc.property(fc.array(categoryTag, { minLength: 1, maxLength: 3 }), (tags) => {
        const entry = syntheticEntry(template, "2501.00001", 1, { title: "T", summary: "S" }).replace(
          "</entry>",
          () => `${tags.join("\n    ")}\n  </entry>`
        )
        const xml = answerFeed(["x"], [entry], 100)
        assertSame(xml, tags.join(" "))
      }),
      { numRuns: 300 }
    )
  })
})
