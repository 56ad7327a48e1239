/** Citation keys (`lin2025leaml`): readable, unique, and never changed once assigned (a persisted registry). */
import { Order, Schema } from "effect"
import { arxivIdMonth } from "../domain/ArxivId.ts"
import {
  arxivMetadataOf,
  type EnrichedPaper,
  firstVersionDateOf,
  rxivMetadataOf
} from "../domain/EnrichedPaper.ts"
import { isPaperKey, PaperKey } from "../domain/PaperKey.ts"
import { isPlainObject, quickChecked } from "../domain/quickChecked.ts"
import { hasCjk } from "./cleanText.ts"
import { keyFamilyName, parsePersonName } from "./PersonName.ts"

/** A BibTeX key: ASCII letters and digits (plus `_:.-` in keys someone wrote by hand). */
export const BIB_KEY = /^[A-Za-z0-9][A-Za-z0-9_:.-]*$/
export const BibKey = Schema.String.pipe(Schema.pattern(BIB_KEY))

/**
 * The registry, arXiv id or DOI -> key, handed to emit by the run (which persists it). Entries are never
 * removed.
 */
/** As written since the registry exists; ids that are not PaperKeys are dropped on reading, as Record does. */
const PerEntryRegistry = Schema.Record({
  // A Record's key is one index signature: a union of two branded strings is checked as a filter instead.
  key: Schema.String.pipe(Schema.filter(Schema.is(PaperKey), { message: () => "an arXiv id or a DOI" })),
  value: BibKey
})

const isPlainRegistry = (input: unknown): input is typeof PerEntryRegistry.Type => {
  if (!isPlainObject(input)) return false
  // for…in, not Object.entries: the [id, key] pair per entry cost twice the regex tests at 200,000 entries.
  const registry = input
  for (const id in registry) {
    const key = registry[id]
    if (typeof key !== "string" || !BIB_KEY.test(key) || !isPaperKey(id)) return false
  }
  return true
}

/**
 * The registry holds a key for every paper ever seen (200,000 at the benchmark's size); the per-entry Record
 * decoding took 2-3 s of every run, so a registry whose entries are all well-formed is checked in one pass.
 */
export const BibKeyRegistry = quickChecked(PerEntryRegistry, isPlainRegistry, "BibKeyRegistry")
export type BibKeyRegistry = typeof BibKeyRegistry.Type

const STOP_WORDS = new Set(
  (
    "a an the on of in for to and or with via from by at as is are be do does can how what when why which " +
    "towards toward into onto over under using based beyond between through about its it we our your their " +
    "not no new all vs versus"
  ).split(" ")
)

const FOLD: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
  ħ: "h"
}

/** ASCII folding for keys: accents dropped (`Wübben` -> `wubben`), a few letters spelled out, the rest removed. */
export const asciiFold = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[ßæœøłđðþıħ]/g, (char) => FOLD[char] ?? char)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()

const englishTitle = (paper: EnrichedPaper): string | null =>
  paper.metadata?.title ?? paper.paper.titleEn ?? (hasCjk(paper.paper.title) ? null : paper.paper.title)

/** A bioRxiv/medRxiv DOI carries the date it was registered, days before version 1 (`10.1101/2025.05.16.…`). */
const doiDate = (id: string): string | null => id.match(/^10\.\d+\/(\d{4})\.\d{2}\.\d{2}\./)?.[1] ?? null

/** The first author's family name: the API's own for bioRxiv/medRxiv, else split from the displayed name. */
const firstFamilyName = (paper: EnrichedPaper): string => {
  const person = rxivMetadataOf(paper)?.authors[0]
  if (person !== undefined) return person.family
  const arxivName = arxivMetadataOf(paper)?.authors[0]?.name
  const digestAuthor = paper.paper.author
  // bioRxiv/medRxiv digests write the first author `Surname, I.`: the part before the comma.
  if (arxivName === undefined && paper.paper.server !== "arxiv" && digestAuthor.includes(","))
    return digestAuthor.slice(0, digestAuthor.indexOf(","))
  return keyFamilyName(parsePersonName(arxivName ?? digestAuthor))
}

/** The key a paper would get if nothing else claimed it: family name, v1 year, first significant title word. */
export const baseBibKey = (paper: EnrichedPaper): string => {
  const family = asciiFold(firstFamilyName(paper)).replace(/ /g, "") || "anon"
  const year = (
    firstVersionDateOf(paper) ??
    doiDate(paper.paper.id) ??
    // an arXiv id's year (v1's), as its citation date has it until arXiv answers
    arxivIdMonth(paper.paper.id)?.[0].toString() ??
    paper.paper.published ??
    paper.paper.firstSeen
  ).slice(0, 4)
  const words = asciiFold(englishTitle(paper) ?? "").split(" ")
  const word = words.find((w) => /[a-z]/.test(w) && !STOP_WORDS.has(w))
  // Without an English title (digest-only, Chinese title) the id's digits keep the key readable and traceable.
  return `${family}${year}${word === undefined ? `${paper.paper.server}${paper.paper.id.replace(/^10\.\d+\//, "").replace(/\D/g, "")}` : word.slice(0, 24)}`
}

/** a, b, ..., z, aa, ab, ...: the disambiguating suffix number n (1-based). */
const suffix = (n: number): string => {
  let out = ""
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26))
    out = String.fromCharCode(97 + ((rest - 1) % 26)) + out
  return out
}

/** Oldest announcement first, then by id. */
const ascending = Order.combine(
  Order.mapInput(Order.string, (paper: EnrichedPaper) => paper.paper.firstSeen),
  Order.mapInput(Order.string, (paper: EnrichedPaper) => paper.paper.id)
)

/**
 * Keys for papers that have none. `takenAmong(bases)` gives the keys already taken, lower-cased: at least
 * those that begin with one of the new papers' base keys (no other key can equal one of theirs). No key ever
 * changes, whatever happened since (metadata arriving, a new title, a new paper whose natural key collides): new
 * papers take the next free suffix instead. New papers are keyed oldest announcement first, so the earlier paper
 * gets the plain key. Keys are compared case-insensitively.
 */
export const newBibKeys = (
  papers: Iterable<EnrichedPaper>,
  takenAmong: (bases: ReadonlySet<string>) => ReadonlySet<string>
): ReadonlyMap<PaperKey, string> => {
  const fresh = [...papers].sort(ascending)
  const bases = new Map(fresh.map((paper) => [paper, baseBibKey(paper)] as const))
  const taken = new Set(takenAmong(new Set(bases.values())))
  const added = new Map<PaperKey, string>()
  // next suffix to try per base key: thousands of papers sharing a base stay linear, not quadratic
  const nextSuffix = new Map<string, number>()
  for (const paper of fresh) {
    if (added.has(paper.paper.id)) continue // the same id twice in the input
    const base = bases.get(paper)!
    let n = nextSuffix.get(base) ?? 0
    let key = n === 0 ? base : base + suffix(n)
    while (taken.has(key.toLowerCase())) key = base + suffix(++n)
    nextSuffix.set(base, n + 1)
    taken.add(key.toLowerCase())
    added.set(paper.paper.id, key)
  }
  return added
}

/**
 * Gives every paper without a key one (newBibKeys), and returns the whole registry (sorted by id, so its JSON is
 * stable): the registry held as one object, for tests and benchmarks; a run keeps it as a BibKeyTable. A sorted
 * registry with nothing to add is returned as it is, and new keys are merged into the sorted ids.
 */
export const assignBibKeys = (
  registry: ReadonlyMap<PaperKey, string> | Readonly<Record<string, string>>,
  papers: Iterable<EnrichedPaper>
): BibKeyRegistry => {
  const known: ReadonlyMap<string, string> | null = registry instanceof Map ? registry : null
  const record = registry as Readonly<Record<string, string>>
  const keyOf = (id: string): string | undefined =>
    known !== null ? known.get(id) : Object.hasOwn(record, id) ? record[id] : undefined
  const fresh: Array<EnrichedPaper> = []
  for (const paper of papers) if (keyOf(paper.paper.id) === undefined) fresh.push(paper)
  const ids = known !== null ? [...known.keys()] : Object.keys(record)
  if (fresh.length === 0 && known === null && isSorted(ids)) return record as BibKeyRegistry
  // Every key taken is a superset of those beginning with a base, and as cheap to list from an object.
  const added = newBibKeys(fresh, () => new Set(ids.map((id) => (keyOf(id) ?? "").toLowerCase())))
  if (!isSorted(ids)) ids.sort()
  const addedIds = [...added.keys()].sort()
  const sorted: Record<string, string> = {}
  let next = 0
  for (const id of ids) {
    while (next < addedIds.length && addedIds[next]! < id) {
      const newId = addedIds[next++]!
      sorted[newId] = added.get(newId)!
    }
    sorted[id] = keyOf(id) ?? ""
  }
  for (; next < addedIds.length; next++) sorted[addedIds[next]!] = added.get(addedIds[next]!)!
  return sorted as BibKeyRegistry
}

const isSorted = (ids: ReadonlyArray<string>): boolean => {
  for (let i = 1; i < ids.length; i++) if (ids[i - 1]! > ids[i]!) return false
  return true
}
