/**
 * A single-pass scanner over an arXiv API Atom answer (both dialects): it checks the document is well-formed XML
 * and collects, as plain strings, only what ArxivMetadata needs. No DOM, no object tree, no regex on the common
 * path (markup found by indexOf, attributes read by hand, kept text in KeptText.ts). Schema validation comes
 * afterwards, in decodeArxivFeed.ts; DTDs are refused before this runs.
 */
import { hasStrayAmpersand, isXmlSpace as isSpace, TextCursor } from "./atomText.ts"
import { KeptText } from "./KeptText.ts"
import {
  emptyEntry,
  entryTextField,
  isTermAttribute,
  type ScannedAuthor,
  type ScannedEntry,
  type ScannedFeed,
  setField,
  termValue
} from "./ScannedEntry.ts"

export type { ScannedAuthor, ScannedEntry, ScannedFeed } from "./ScannedEntry.ts"

const localName = (qualified: string): string => {
  const colon = qualified.indexOf(":")
  return colon < 0 ? qualified : qualified.slice(colon + 1)
}

// Per ASCII character: 1 ends an attribute name (XML white space, `=`, `/`, `>`, quotes, `<`), 2 ends only a tag
// name (`&`). A table, not a chain of comparisons: the name loops run for every character of every tag.
const NAME_END = new Uint8Array(128)
for (const c of " \t\r\n=/>\"'<") NAME_END[c.charCodeAt(0)] = 1
NAME_END["&".charCodeAt(0)] = 2

class Malformed {
  constructor(readonly message: string) {}
}

export const scanArxivAtom = (xml: string): ScannedFeed => {
  try {
    return new AtomScanner(xml).scan()
  } catch (error) {
    if (error instanceof Malformed) return { _tag: "failure", reason: "malformed", message: error.message }
    throw error
  }
}

/** One answer's scan: the open elements, the entry and author being filled, the text being kept. */
class AtomScanner {
  private readonly length: number
  private readonly stack: Array<string> = []
  private readonly entries: Array<ScannedEntry> = []
  private rootName: string | undefined = undefined
  private rootHasContent = false
  private readonly feedFields: Record<string, unknown> = {}
  private entry: ScannedEntry | undefined = undefined
  private author: ScannedAuthor | undefined = undefined
  // The element whose text is kept (field "" when none), its depth, where it goes.
  private field = ""
  private fieldDepth = -1
  private into: Record<string, unknown> | undefined = undefined
  // Where the next of each is: kept text is only looked at where one of these falls inside it.
  private readonly lessThans: TextCursor
  private readonly ampersands: TextCursor
  private readonly kept: KeptText

  constructor(private readonly xml: string) {
    this.length = xml.length
    this.lessThans = new TextCursor(xml, "<")
    this.ampersands = new TextCursor(xml, "&")
    this.kept = new KeptText(xml)
  }

  private fail(message: string, at: number): never {
    throw new Malformed(`XML: ${message} (line ${this.xml.slice(0, at).split("\n").length})`)
  }

  scan(): ScannedFeed {
    const xml = this.xml
    const length = this.length
    let position = 0
    while (position < length) {
      const lt = this.lessThans.next(position)
      if (lt > position) this.text(position, lt)
      if (lt === length) break
      const next = xml.charCodeAt(lt + 1)
      if (next === 47 /* / */) position = this.closingTag(lt)
      else if (next === 33 /* ! */) position = this.declaration(lt)
      else if (next === 63 /* ? */) {
        const stop = xml.indexOf("?>", lt + 2)
        if (stop < 0) this.fail("a processing instruction is not closed", lt)
        position = stop + 2
      } else position = this.startTag(lt)
    }
    if (this.stack.length > 0) this.fail(`<${this.stack.at(-1)}> is not closed`, length)
    if (this.rootName === undefined) this.fail("no root element", length)
    if (this.rootName !== "feed" || !this.rootHasContent) {
      return { _tag: "failure", reason: "not-atom", message: "the document is not an Atom <feed>" }
    }
    return { _tag: "feed", entries: this.entries, totalResults: this.feedFields.totalResults }
  }

  private keeping(): boolean {
    return this.field !== "" && this.stack.length === this.fieldDepth
  }

  private text(start: number, end: number): void {
    const hasReference = this.ampersands.within(start, end)
    if (hasReference && hasStrayAmpersand(this.xml.slice(start, end)))
      this.fail("'&' is not a reference", start)
    if (this.keeping()) {
      this.kept.addText(start, end, hasReference)
      return
    }
    if (this.stack.length === 0) {
      for (let at = start; at < end; at++) {
        if (!isSpace(this.xml.charCodeAt(at))) this.fail("text outside the root element", at)
      }
    }
  }

  // `<!--…-->` or `<![CDATA[…]]>`; a DOCTYPE never gets here.
  private declaration(lt: number): number {
    const xml = this.xml
    if (xml.startsWith("<!--", lt)) {
      const stop = xml.indexOf("-->", lt + 4)
      if (stop < 0) this.fail("a comment is not closed", lt)
      return stop + 3
    }
    if (!xml.startsWith("<![CDATA[", lt)) return this.fail("an unexpected declaration", lt)
    if (this.stack.length === 0) this.fail("CDATA outside the root element", lt)
    const stop = xml.indexOf("]]>", lt + 9)
    if (stop < 0) this.fail("CDATA is not closed", lt)
    if (this.keeping()) this.kept.addCdata(lt + 9, stop)
    return stop + 3
  }

  // `<name attributes>` or `<name/>`; returns the position after it.
  private startTag(lt: number): number {
    const xml = this.xml
    const length = this.length
    let at = lt + 1
    while (at < length) {
      const c = xml.charCodeAt(at)
      if (c < 128 && NAME_END[c] !== 0) break
      at++
    }
    const first = xml.charCodeAt(lt + 1)
    // A name starts with a letter, `_` or `:` (or any non-ASCII character); the loop above ends it.
    const startsName =
      (first >= 97 && first <= 122) ||
      (first >= 65 && first <= 90) ||
      first === 95 ||
      first === 58 ||
      first > 0xbf
    if (!startsName || at === lt + 1) this.fail("'<' does not start a tag", lt)
    const qualified = xml.slice(lt + 1, at)
    const depth = this.stack.length
    if (depth === 0 && this.rootName !== undefined) this.fail("more than one root element", lt)
    const name = depth <= 3 ? localName(qualified) : ""
    // Most tags have no attributes.
    if (at < length && xml.charCodeAt(at) === 62 /* > */) {
      this.open(name, depth, false, undefined)
      this.stack.push(qualified)
      return at + 1
    }
    const wantsTerm =
      depth === 2 && this.entry !== undefined && (name === "category" || name === "primary_category")
    const end = this.attributes(lt, at, qualified, wantsTerm)
    this.open(name, depth, this.attributeCount > 0, this.term)
    if (xml.charCodeAt(end - 2) === 47 /* / */) this.closeEmpty(depth)
    else this.stack.push(qualified)
    return end
  }

  // Set by attributes(): how many a start tag has, and its `term` when asked for.
  private attributeCount = 0
  private term: string | undefined = undefined

  /**
   * The attributes of a start tag from `at` (just after its name): ` name = "value"` or `'value'`, each after
   * white space, a value holding no `<`; then `>` or `/>`. Returns the position after the tag.
   */
  private attributes(lt: number, from: number, qualified: string, wantsTerm: boolean): number {
    const xml = this.xml
    const length = this.length
    let at = from
    this.attributeCount = 0
    this.term = undefined
    for (;;) {
      const spaceStart = at
      while (at < length && isSpace(xml.charCodeAt(at))) at++
      if (at === length) return this.fail(`start tag <${qualified}> is not well-formed`, lt)
      const c = xml.charCodeAt(at)
      if (c === 62 /* > */) return at + 1
      if (c === 47 /* / */ && xml.charCodeAt(at + 1) === 62) return at + 2
      const nameStart = at
      while (at < length) {
        const n = xml.charCodeAt(at)
        if (n < 128 && NAME_END[n] === 1) break
        at++
      }
      if (at === nameStart || spaceStart === nameStart)
        this.fail(`start tag <${qualified}> is not well-formed`, lt)
      const nameEnd = at
      while (at < length && isSpace(xml.charCodeAt(at))) at++
      if (xml.charCodeAt(at) !== 61 /* = */) this.fail(`start tag <${qualified}> is not well-formed`, lt)
      at++
      while (at < length && isSpace(xml.charCodeAt(at))) at++
      const quote = xml.charCodeAt(at)
      if (quote !== 34 && quote !== 39) this.fail(`start tag <${qualified}> is not well-formed`, lt)
      const close = xml.indexOf(quote === 34 ? '"' : "'", at + 1)
      if (close < 0 || this.lessThans.next(at + 1) < close)
        this.fail(`start tag <${qualified}> is not well-formed`, lt)
      if (wantsTerm && this.term === undefined && isTermAttribute(xml.slice(nameStart, nameEnd))) {
        this.term = xml.slice(at + 1, close)
      }
      this.attributeCount++
      at = close + 1
    }
  }

  private open(name: string, depth: number, hasAttributes: boolean, term?: string): void {
    if (depth === 0) {
      this.rootName = name
      if (hasAttributes) this.rootHasContent = true
    } else if (depth === 1) {
      this.rootHasContent = true
      if (this.rootName !== "feed") return
      if (name === "entry") {
        this.entry = emptyEntry()
        this.entries.push(this.entry)
      } else if (name === "totalResults") this.keep("totalResults", 2, this.feedFields)
    } else if (depth === 2 && this.entry !== undefined) {
      const entry = this.entry
      const field = entryTextField(name)
      if (field !== undefined) {
        this.keep(field, 3, entry)
        return
      }
      switch (name) {
        case "author":
          this.author = { name: undefined, affiliation: [] }
          entry.author.push(this.author)
          break
        case "category":
          entry.category.push(term === undefined ? {} : { term: termValue(term) })
          break
        case "primary_category":
          entry.primary_category.push(term === undefined ? {} : { term: termValue(term) })
      }
    } else if (depth === 3 && this.author !== undefined) {
      if (name === "name") this.keep("name", 4, this.author)
      else if (name === "affiliation") this.keep("affiliation", 4, this.author)
    }
  }

  private keep(field: string, depth: number, into: Record<string, unknown> | undefined): void {
    this.field = field
    this.fieldDepth = depth
    this.into = into
  }

  /** `<name/>`: an element opened and closed at once. */
  private closeEmpty(depth: number): void {
    if (this.field !== "" && this.fieldDepth === depth + 1) this.finishKept()
    this.closed(depth)
  }

  // Called once the element at `depth` (0 = root) is closed.
  private closed(depth: number): void {
    if (depth === 1) this.entry = undefined
    else if (depth === 2) this.author = undefined
  }

  // `</name>` must close the innermost open element; returns the position after it.
  private closingTag(lt: number): number {
    const xml = this.xml
    const open = this.stack.pop()
    if (open === undefined) return this.fail("a closing tag without an opening one", lt)
    let at = lt + 2 + open.length
    if (!xml.startsWith(open, lt + 2)) this.fail(`a closing tag does not match <${open}>`, lt)
    while (at < this.length && isSpace(xml.charCodeAt(at))) at++
    if (xml.charCodeAt(at) !== 62 /* > */) this.fail(`a closing tag does not match <${open}>`, lt)
    const depth = this.stack.length
    if (this.field !== "" && this.fieldDepth === depth + 1) this.finishKept()
    this.closed(depth)
    return at + 1
  }

  private finishKept(): void {
    const value = this.kept.take()
    const field = this.field
    if (field === "affiliation") (this.into as ScannedAuthor).affiliation.push(value)
    else if (this.into !== undefined) setField(this.into, field, value)
    this.field = ""
    this.into = undefined
  }
}
