/**
 * What the arXiv Atom scanner (scanArxivAtom.ts) makes of an answer: each `<entry>` as plain strings, before
 * decodeArxivFeed.ts maps and validates them; and the small rules for filling one in.
 */
import { copyOf, decodeReferences } from "./atomText.ts"

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

/**
 * An entry's single-valued text element, as a literal: a key cut from the answer would be hashed and looked up
 * in the string table at every store.
 */
export const entryTextField = (name: string): string | undefined => {
  switch (name) {
    case "id":
      return "id"
    case "title":
      return "title"
    case "summary":
      return "summary"
    case "published":
      return "published"
    case "updated":
      return "updated"
    case "doi":
      return "doi"
    case "journal_ref":
      return "journal_ref"
    case "comment":
      return "comment"
  }
  return undefined
}

/** Sets a single-valued field; a second occurrence turns it into an array, which fieldsOf reports. */
export const setField = (target: Record<string, unknown>, field: string, value: string): void => {
  const previous = target[field]
  if (previous === undefined) target[field] = value
  else target[field] = Array.isArray(previous) ? [...previous, value] : [previous, value]
}

export const emptyEntry = (): ScannedEntry => ({
  // One shape for every entry (all fields present from the start) keeps property access monomorphic.
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
})

/** `term` or `prefix:term` (one prefix), as the previous attribute match read it. */
export const isTermAttribute = (name: string): boolean =>
  name === "term" || (name.length > 5 && name.endsWith(":term") && name.indexOf(":") === name.length - 5)

/** A `term` attribute's value: XML reads a CR LF or a lone CR in it as LF. A copy, as for every kept text. */
export const termValue = (raw: string): string => {
  const normalised = raw.indexOf("\r") < 0 ? raw : raw.replace(/\r\n?/g, "\n")
  return copyOf(decodeReferences(normalised))
}
