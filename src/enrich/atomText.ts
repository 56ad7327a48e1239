/**
 * Text helpers of the arXiv Atom scanner (scanArxivAtom.ts): XML references, white-space folding, copies that
 * do not keep the answer alive, and forward-only cursors that say where the next `&` or line break is.
 */

/** XML's white space (not NBSP or ideographic spaces). */
export const isXmlSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13

/** What String.prototype.trim removes: ECMAScript's WhiteSpace and LineTerminator characters. */
export const isTrimmed = (c: number): boolean =>
  c === 32 ||
  (c >= 9 && c <= 13) ||
  (c > 127 &&
    (c === 0xa0 ||
      c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0x202f ||
      c === 0x205f ||
      c === 0x3000 ||
      c === 0xfeff))

// Runs that folding changes: any run holding a tab, CR or LF, or two or more characters. A lone space stays.
const FOLDABLE_RUN = /[\t\r\n][ \t\r\n]*| [ \t\r\n]+/g

/** Folds hard wraps and runs of XML white space into one space, and trims. */
export const foldWhiteSpace = (text: string): string => text.replace(FOLDABLE_RUN, " ").trim()

/**
 * A copy of a kept text that does not point into the answer: V8 keeps a whole string alive for any slice of it,
 * so a slice kept in the metadata would hold the whole answer. Prefixing makes a cons string, which slicing
 * flattens into a new string: one copy, three times cheaper than detach.ts's Buffer round trip
 * (test/enrich/scanArxivAtom.test.ts checks that decoded entries do not hold their answer).
 */
export const copyOf = (text: string): string => ` ${text}`.slice(1)

const REFERENCE = /&(?:([A-Za-z_:][\w.:-]*)|#([0-9]+)|#x([0-9a-fA-F]+));/g
const STRAY_AMPERSAND = /&(?![A-Za-z_:][\w.:-]*;|#[0-9]+;|#x[0-9a-fA-F]+;)/
const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }

const isXmlChar = (c: number): boolean =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff)

/** XML's five predefined entities and character references; other names are left as written. */
export const decodeReferences = (text: string): string =>
  text.indexOf("&") < 0
    ? text
    : text.replace(REFERENCE, (whole, name?: string, decimal?: string, hex?: string) => {
        if (name !== undefined) return PREDEFINED[name] ?? whole
        const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? "", 16)
        return isXmlChar(code) ? String.fromCodePoint(code) : whole
      })

/** Whether a text holds an `&` that starts no reference. */
export const hasStrayAmpersand = (text: string): boolean => STRAY_AMPERSAND.test(text)

/**
 * Where the next occurrence of a needle is, for a scan that moves forward: each search is one native indexOf,
 * and its answer serves every later question until the scan passes it, so a text without the needle is searched
 * once in all instead of once per kept value.
 */
export class TextCursor {
  // Both small integers (never Infinity): a field that once held a double is read through a box from then on.
  private found = -1
  private searchedFrom = 0

  constructor(
    private readonly text: string,
    private readonly needle: string
  ) {}

  /** The needle's first position at or after `from` (the text's length when there is none). */
  next(from: number): number {
    if (this.found < from || from < this.searchedFrom) {
      const at = this.text.indexOf(this.needle, from)
      this.found = at < 0 ? this.text.length : at
      this.searchedFrom = from
    }
    return this.found
  }

  /** Whether the needle occurs entirely inside [start, end). */
  within(start: number, end: number): boolean {
    return this.next(start) + this.needle.length <= end
  }
}
