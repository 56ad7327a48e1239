/**
 * A single-pass scanner over an arXiv API Atom answer (both dialects): it checks the document is well-formed
 * XML and collects, as plain strings, only what ArxivMetadata needs. No DOM, no generic object tree; Schema
 * validation happens afterwards, in decodeArxivFeed.ts. DTDs are refused before this runs.
 */
import { detach } from "../domain/detach.ts"

/** An `<entry>` as plain fields (white space folded). A repeated single-valued element becomes an array. */
export interface ScannedEntry {
  [field: string]: unknown
  author: Array<ScannedAuthor>
  category: Array<{ term?: string }>
  primary_category: Array<{ term?: string }>
}
export interface ScannedAuthor {
  [field: string]: unknown
  affiliation: Array<string>
}

export type ScannedFeed =
  | { readonly _tag: "feed"; readonly entries: Array<ScannedEntry>; readonly totalResults: unknown }
  | { readonly _tag: "failure"; readonly reason: "malformed" | "not-atom"; readonly message: string }

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13

const XML_SPACE_RUN = /[ \t\r\n]+/g
// Most values (ids, dates, names, one-line titles) have nothing to fold: one native scan says so.
const NEEDS_FOLDING = /[\t\r\n]| {2}|^ | $/

/** Folds hard wraps and runs of XML white space (not NBSP or ideographic spaces) into one space, and trims. */
export const foldWhiteSpace = (text: string): string =>
  (NEEDS_FOLDING.test(text) ? text.replace(XML_SPACE_RUN, " ") : text).trim()

const ENTRY_TEXT = new Set([
  "id",
  "title",
  "summary",
  "published",
  "updated",
  "doi",
  "journal_ref",
  "comment"
])

// A start tag's attributes and its end, in one sticky match: name="value" or name='value', `>` allowed inside.
const ATTRIBUTES = /((?:\s+[^\s=/>"'<]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y
const TERM = /\s(?:[^\s=:]+:)?term\s*=\s*(?:"([^"]*)"|'([^']*)')/
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

const localName = (qualified: string): string => {
  const colon = qualified.indexOf(":")
  return colon < 0 ? qualified : qualified.slice(colon + 1)
}

class Malformed {
  constructor(readonly message: string) {}
}

/** Sets a single-valued field; a second occurrence turns it into an array, which fieldsOf reports. */
const setField = (target: Record<string, unknown>, field: string, value: string): void => {
  const previous = target[field]
  if (previous === undefined) target[field] = value
  else target[field] = Array.isArray(previous) ? [...previous, value] : [previous, value]
}

export const scanArxivAtom = (xml: string): ScannedFeed => {
  try {
    return scan(xml)
  } catch (error) {
    if (error instanceof Malformed) return { _tag: "failure", reason: "malformed", message: error.message }
    throw error
  }
}

const scan = (xml: string): ScannedFeed => {
  const fail = (message: string, at: number): never => {
    throw new Malformed(`XML: ${message} (line ${xml.slice(0, at).split("\n").length})`)
  }
  const stack: Array<string> = []
  const entries: Array<ScannedEntry> = []
  let rootName: string | undefined
  let rootHasContent = false
  let entry: ScannedEntry | undefined
  let author: ScannedAuthor | undefined
  // The element whose text is being collected, its depth, and the pieces so far.
  let capture: { field: string; depth: number; into: Record<string, unknown> } | undefined
  const feedFields: Record<string, unknown> = {}
  let pieces = ""
  let position = 0
  const length = xml.length

  // Where the next `&` is: text that is not collected is only looked at when it holds one.
  let nextAmpersand = -1
  const text = (start: number, end: number) => {
    if (capture !== undefined && stack.length === capture.depth) {
      const raw = xml.slice(start, end)
      if (raw.indexOf("&") < 0) pieces += raw
      else {
        if (STRAY_AMPERSAND.test(raw)) fail("'&' is not a reference", start)
        pieces += decodeReferences(raw)
      }
      return
    }
    if (nextAmpersand < start) {
      nextAmpersand = xml.indexOf("&", start)
      if (nextAmpersand < 0) nextAmpersand = length
    }
    if (nextAmpersand < end && STRAY_AMPERSAND.test(xml.slice(start, end)))
      fail("'&' is not a reference", start)
    if (stack.length === 0) {
      for (let at = start; at < end; at++) {
        const c = xml.charCodeAt(at)
        if (c !== 32 && c !== 9 && c !== 10 && c !== 13) fail("text outside the root element", at)
      }
    }
  }

  const open = (qualified: string, attributes: string, selfClosing: boolean, at: number) => {
    const name = localName(qualified)
    const depth = stack.length
    if (depth === 0) {
      if (rootName !== undefined) fail("more than one root element", at)
      rootName = name
      if (attributes.trim() !== "") rootHasContent = true
    } else if (depth === 1) {
      rootHasContent = true
      if (rootName === "feed" && name === "entry") {
        // One shape for every entry (all fields present from the start) keeps property access monomorphic.
        entry = {
          id: undefined,
          title: undefined,
          summary: undefined,
          published: undefined,
          updated: undefined,
          doi: undefined,
          journal_ref: undefined,
          comment: undefined,
          author: [],
          category: [],
          primary_category: []
        }
        entries.push(entry)
      } else if (rootName === "feed" && name === "totalResults") {
        capture = { field: "totalResults", depth: 2, into: feedFields }
      }
    } else if (entry !== undefined && depth === 2) {
      if (ENTRY_TEXT.has(name)) capture = { field: name, depth: 3, into: entry }
      else if (name === "author") {
        author = { name: undefined, affiliation: [] }
        entry.author.push(author)
      } else if (name === "category" || name === "primary_category") {
        const match = attributes.match(TERM)
        const value = match?.[1] ?? match?.[2]
        // XML's end-of-line handling: a CR LF or a lone CR in an attribute reads as LF.
        const term = value === undefined ? undefined : decodeReferences(value.replace(/\r\n?/g, "\n"))
        entry[name].push(term === undefined ? {} : { term })
      }
    } else if (author !== undefined && depth === 3) {
      if (name === "name") capture = { field: "name", depth: 4, into: author }
      else if (name === "affiliation") capture = { field: "affiliation", depth: 4, into: author }
    }
    if (selfClosing) {
      if (capture !== undefined && capture.depth === depth + 1) finishCapture()
      closeDepth(depth)
    } else stack.push(qualified)
  }

  const finishCapture = () => {
    if (capture === undefined) return
    // A copy: a slice would keep the whole answer (100 entries) alive as long as any of its fields.
    const value = detach(foldWhiteSpace(pieces))
    if (capture.field === "affiliation") (capture.into as ScannedAuthor).affiliation.push(value)
    else setField(capture.into, capture.field, value)
    capture = undefined
    pieces = ""
  }

  // Called once the element at `depth` (0 = root) is closed.
  const closeDepth = (depth: number) => {
    if (depth === 1) entry = undefined
    else if (depth === 2) author = undefined
  }

  // `</name>` must close the innermost open element; returns the position after it.
  const closingTag = (lt: number): number => {
    const open = stack.pop()
    if (open === undefined) return fail("a closing tag without an opening one", lt)
    let at = lt + 2 + open.length
    if (!xml.startsWith(open, lt + 2)) fail(`a closing tag does not match <${open}>`, lt)
    while (at < length && isSpace(xml.charCodeAt(at))) at++
    if (xml.charCodeAt(at) !== 62 /* > */) fail(`a closing tag does not match <${open}>`, lt)
    const depth = stack.length
    if (capture !== undefined && capture.depth === depth + 1) finishCapture()
    closeDepth(depth)
    return at + 1
  }

  // `<name attributes>` or `<name/>`; returns the position after it.
  const startTag = (lt: number): number => {
    let at = lt + 1
    for (; at < length; at++) {
      const c = xml.charCodeAt(at)
      if (c === 62 /* > */ || c === 47 /* / */ || isSpace(c)) break
      if (c === 60 /* < */ || c === 34 || c === 39 || c === 61 /* = */ || c === 38 /* & */) break
    }
    const first = xml.charCodeAt(lt + 1)
    // A name starts with a letter, `_` or `:` (or any non-ASCII character); the loop above ends it.
    const startsName =
      (first >= 97 && first <= 122) ||
      (first >= 65 && first <= 90) ||
      first === 95 ||
      first === 58 ||
      first > 0xbf
    if (!startsName || at === lt + 1) fail("'<' does not start a tag", lt)
    const name = xml.slice(lt + 1, at)
    if (stack.length === 0 && rootName !== undefined) fail("more than one root element", lt)
    const c = xml.charCodeAt(at)
    if (c === 62 /* > */) {
      open(name, "", false, lt)
      return at + 1
    }
    if (c === 47 && xml.charCodeAt(at + 1) === 62) {
      open(name, "", true, lt)
      return at + 2
    }
    ATTRIBUTES.lastIndex = at
    const tag = ATTRIBUTES.exec(xml)
    if (tag === null) return fail(`start tag <${name}> is not well-formed`, lt)
    open(name, tag[1] ?? "", tag[2] === "/", lt)
    return ATTRIBUTES.lastIndex
  }

  while (position < length) {
    const lt = xml.indexOf("<", position)
    const end = lt < 0 ? length : lt
    if (end > position) text(position, end)
    if (lt < 0) break
    const next = xml.charCodeAt(lt + 1)
    if (next === 47 /* / */) position = closingTag(lt)
    else if (next === 33 /* ! */) {
      if (xml.startsWith("<!--", lt)) {
        const stop = xml.indexOf("-->", lt + 4)
        if (stop < 0) fail("a comment is not closed", lt)
        position = stop + 3
      } else if (xml.startsWith("<![CDATA[", lt)) {
        if (stack.length === 0) fail("CDATA outside the root element", lt)
        const stop = xml.indexOf("]]>", lt + 9)
        if (stop < 0) fail("CDATA is not closed", lt)
        if (capture !== undefined && stack.length === capture.depth) pieces += xml.slice(lt + 9, stop)
        position = stop + 3
      } else fail("an unexpected declaration", lt)
    } else if (next === 63 /* ? */) {
      const stop = xml.indexOf("?>", lt + 2)
      if (stop < 0) fail("a processing instruction is not closed", lt)
      position = stop + 2
    } else position = startTag(lt)
  }
  if (stack.length > 0) fail(`<${stack.at(-1)}> is not closed`, length)
  if (rootName === undefined) fail("no root element", length)
  if (rootName !== "feed" || !rootHasContent) {
    return { _tag: "failure", reason: "not-atom", message: "the document is not an Atom <feed>" }
  }
  return { _tag: "feed", entries, totalResults: feedFields.totalResults }
}
