/**
 * The BibTeX key registry as the state folder keeps it: one `id<TAB>key` line per paper, sorted by id, under a
 * comment line. A night checks the text once, looks keys up in it by binary search and writes it back with the
 * new lines spliced in, so no object of every entry is built: at 200,000 keys, parsing the registry as one JSON
 * object, checking it, merging the new keys and writing it back took 1.4 s of a night with one new day.
 */
import { Either } from "effect"
import { isPaperKey, type PaperKey } from "../domain/PaperKey.ts"
import { BIB_KEY } from "./BibKeys.ts"

/** The first line of a table this program writes; other `#` lines at the top are kept as they are. */
export const BIB_KEY_TABLE_HEADER =
  "# BibTeX keys: an arXiv id or a DOI, a tab, its key; sorted by id. People cite these: never change or remove a line.\n"

/** Why a table does not read, and on which line (1-based, comment lines counted). */
export interface BibKeyTableError {
  readonly line: number
  readonly message: string
}

/** Keys are compared case-insensitively by their first characters before the whole key is read (see `taken`). */
const PREFIX_LENGTH = 5

export class BibKeyTable {
  private constructor(
    private readonly text: string,
    /** Where the comment lines end and the entries begin. */
    private readonly bodyStart: number,
    /** Where each entry's line starts, and where its tab is: the id is between them, the key after the tab. */
    private readonly starts: Int32Array,
    private readonly tabs: Int32Array
  ) {}

  static readonly empty = new BibKeyTable("", 0, new Int32Array(0), new Int32Array(0))

  /** Checks every line (an id, a tab, a key; ids ascending and unique); the first bad line is the error. */
  static parse(text: string): Either.Either<BibKeyTable, BibKeyTableError> {
    let at = 0
    let line = 1
    const fail = (message: string) => Either.left({ line, message })
    while (text.startsWith("#", at)) {
      const end = text.indexOf("\n", at)
      if (end < 0) return fail("the last line has no line break (a write cut short?)")
      at = end + 1
      line++
    }
    const bodyStart = at
    const starts: Array<number> = []
    const tabs: Array<number> = []
    let previous = ""
    for (; at < text.length; line++) {
      const end = text.indexOf("\n", at)
      if (end < 0) return fail("the last line has no line break (a write cut short?)")
      const tab = text.indexOf("\t", at)
      if (tab < 0 || tab > end) return fail("expected an arXiv id or a DOI, a tab and a BibTeX key")
      const id = text.slice(at, tab)
      const key = text.slice(tab + 1, end)
      if (!isPaperKey(id)) return fail(`${JSON.stringify(id)} is not an arXiv id or a DOI`)
      if (!BIB_KEY.test(key))
        return fail(`${JSON.stringify(key)} is not a BibTeX key (letters, digits, _:.-)`)
      if (id <= previous)
        return fail(
          id === previous ? `${id} is listed twice` : `${id} comes after ${previous}: ids are sorted`
        )
      starts.push(at)
      tabs.push(tab)
      previous = id
      at = end + 1
    }
    return Either.right(new BibKeyTable(text, bodyStart, Int32Array.from(starts), Int32Array.from(tabs)))
  }

  /** The registry of the JSON file the table replaces (ids and keys already checked by its schema). */
  static fromRecord(
    registry: Readonly<Record<string, string>>
  ): Either.Either<BibKeyTable, BibKeyTableError> {
    const lines = Object.keys(registry)
      .sort()
      .map((id) => `${id}\t${registry[id]}\n`)
    return BibKeyTable.parse(BIB_KEY_TABLE_HEADER + lines.join(""))
  }

  get size(): number {
    return this.starts.length
  }

  private idAt(entry: number): string {
    return this.text.slice(this.starts[entry]!, this.tabs[entry]!)
  }

  private keyEnd(entry: number): number {
    return entry + 1 < this.starts.length ? this.starts[entry + 1]! - 1 : this.text.length - 1
  }

  /** The first entry whose id is not below `id` (the table's size when every id is). */
  private lowerBound(id: string): number {
    let low = 0
    let high = this.starts.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.idAt(middle) < id) low = middle + 1
      else high = middle
    }
    return low
  }

  /** The key of `id`, undefined when it has none. */
  keyOf(id: string): string | undefined {
    const entry = this.lowerBound(id)
    if (entry === this.starts.length || this.idAt(entry) !== id) return undefined
    return this.text.slice(this.tabs[entry]! + 1, this.keyEnd(entry))
  }

  /**
   * The keys, lower-cased, that begin with one of `prefixes` in any case: every key a new paper whose key begins
   * with one of them could collide with. Keys are first told apart by their first few characters read as a
   * number, so only the few that may match are cut out of the text; those are looked up by each prefix length,
   * so a slice of a cold run, 20,000 new papers against 180,000 keys, is not 20,000 comparisons a key.
   */
  taken(prefixes: Iterable<string>): Set<string> {
    const wanted = new Set([...prefixes].map((prefix) => prefix.toLowerCase()))
    const taken = new Set<string>()
    if (wanted.size === 0) return taken
    const lengths = [...new Set([...wanted].map((prefix) => prefix.length))].sort((a, b) => a - b)
    const length = Math.min(PREFIX_LENGTH, lengths[0]!)
    const codes = new Set([...wanted].map((prefix) => this.prefixCode(prefix, 0, length)))
    for (let entry = 0; entry < this.starts.length; entry++) {
      const start = this.tabs[entry]! + 1
      const end = this.keyEnd(entry)
      if (end - start < length || !codes.has(this.prefixCode(this.text, start, length))) continue
      const key = this.text.slice(start, end).toLowerCase()
      for (const prefixLength of lengths) {
        if (prefixLength > key.length) break
        if (wanted.has(key.slice(0, prefixLength))) {
          taken.add(key)
          break
        }
      }
    }
    return taken
  }

  /** The first `length` characters of `text` from `start`, ASCII letters lower-cased, as one number. */
  private prefixCode(text: string, start: number, length: number): number {
    let code = 0
    for (let i = 0; i < length; i++) {
      const char = text.charCodeAt(start + i)
      // Keys are ASCII (BIB_KEY): 128 per character keeps five characters exact in a double.
      code = code * 128 + (char >= 65 && char <= 90 ? char + 32 : char)
    }
    return code
  }

  /**
   * The table's text with `added` (ids it does not hold) spliced in at their places, as chunks to write: the
   * unchanged runs of lines are slices of the text read, so the cost is the new lines and one copy of bytes.
   */
  withAdded(added: ReadonlyMap<PaperKey, string>): Array<string> {
    const chunks = [this.bodyStart === 0 ? BIB_KEY_TABLE_HEADER : this.text.slice(0, this.bodyStart)]
    let copiedTo = this.bodyStart
    for (const id of [...added.keys()].sort()) {
      const entry = this.lowerBound(id)
      if (entry < this.starts.length && this.idAt(entry) === id)
        throw new Error(`BibKeyTable.withAdded: ${id} already has a key`)
      const at = entry < this.starts.length ? this.starts[entry]! : this.text.length
      if (at > copiedTo) chunks.push(this.text.slice(copiedTo, at))
      chunks.push(`${id}\t${added.get(id)}\n`)
      copiedTo = at
    }
    if (this.text.length > copiedTo) chunks.push(this.text.slice(copiedTo))
    return chunks
  }
}
