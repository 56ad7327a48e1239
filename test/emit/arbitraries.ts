/** fast-check generators of hostile text, and an independent statement of what cleaning must give back. */
import fc from "fast-check"
import {
  type ArxivEnrichedPaper,
  buildEnrichedPaper,
  buildMetadata,
  buildPaper
} from "../support/paperFixtures.ts"

const SPECIALS = [
  "]]>",
  "<script>alert(1)</script>",
  "{",
  "}",
  "{x}",
  "\\",
  "\\alpha",
  "$L^p$",
  "%",
  "&",
  "&amp;",
  "$",
  "#",
  "_",
  "^",
  "~",
  "--",
  "``",
  "''",
  "?`",
  "<",
  ">",
  '"',
  "'",
  "\u0000",
  "\u0001",
  "\u0008",
  "\u000B",
  "\u001F",
  "\u007F",
  "\u0085",
  "\u009F",
  "\uFFFE",
  "\uFFFF",
  "\uD800",
  "\uDFFF",
  "\uD83D\uDE00",
  "\r\n",
  "\r",
  "\n",
  "\t",
  " ",
  "\u00A0",
  "\u2028",
  " and ",
  "AND",
  ",",
  "中文",
  "Wübben",
  "\u0301"
]

/** Arbitrary Unicode (any code point, lone surrogates included) mixed with every character that bites. */
export const hostileText = fc
  .array(fc.oneof(fc.string({ unit: "binary", maxLength: 8 }), fc.constantFrom(...SPECIALS)), {
    maxLength: 12
  })
  .map((parts) => parts.join(""))

const isXmlChar = (c: number): boolean =>
  c === 0x9 ||
  c === 0xa ||
  (c >= 0x20 && c < 0x7f) ||
  (c >= 0xa0 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff)

/** The text minus what XML 1.0 cannot carry (and minus C0/C1 controls), CR and CR LF read as LF. */
export const expectedText = (text: string): string => {
  let out = ""
  const units = text.replace(/\r\n/g, "\n").replace(/\r/g, "\n")
  for (let i = 0; i < units.length; i++) {
    const code = units.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = units.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += units[i]! + units[i + 1]!
        i++
      }
      continue
    }
    if (code >= 0xdc00 && code <= 0xdfff) continue
    if (isXmlChar(code)) out += units[i]
  }
  return out
}

/** expectedText with white space runs folded to one space and trimmed (titles, names, BibTeX fields). */
export const expectedLine = (text: string): string =>
  expectedText(text)
    .split(/\s+/)
    .filter((w) => w !== "")
    .join(" ")

/** A paper with the given texts; `metadata: false` gives a digest-only paper. */
export const paperWith = (texts: {
  id?: string
  title: string
  abstract: string
  author: string
  metadata?: { title: string; abstract: string; authors: ReadonlyArray<string> } | null
  firstSeen?: string
}): ArxivEnrichedPaper => {
  const id = texts.id ?? "2510.03232"
  return buildEnrichedPaper(
    buildPaper(id, {
      firstSeen: texts.firstSeen ?? "2025-10-06",
      author: texts.author,
      title: texts.title,
      abstract: texts.abstract,
      file: "generated",
      line: 1
    }),
    texts.metadata === undefined || texts.metadata === null
      ? null
      : buildMetadata(id, { ...texts.metadata, categories: ["cs.CV", "cs.AI"] })
  )
}

/** Papers 2510.10000 to 2510.<maxNumber>, on three days, with the first author and arXiv title drawn from these. */
export const arxivPaperArbitrary = (
  maxNumber: number,
  authors: fc.Arbitrary<string>,
  titles: fc.Arbitrary<string>
) =>
  fc
    .record({
      n: fc.integer({ min: 10000, max: maxNumber }),
      day: fc.constantFrom("2025-10-06", "2025-10-07", "2024-01-01"),
      author: authors,
      title: titles
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

/** Sixty ids, four authors (one twice, in other cases) and five titles: papers whose BibTeX keys often collide. */
export const collidingArxivPapers = arxivPaperArbitrary(
  10060,
  fc.constantFrom("Ci-Siang Lin", "Yu Wang", "Joost van der Putten", "yu WANG"),
  fc.constantFrom("LEAML: x", "Deep Nets", "0", "deep nets", "中文")
)
