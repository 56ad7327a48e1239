/**
 * Atom `<updated>` of an entry: distinct within a feed, the same on every rerun, later only when the paper
 * changed. The W3C feed validator warns "Two entries with the same value for atom:updated" (DuplicateUpdated,
 * https://validator.w3.org/feed/docs/warning/DuplicateUpdated.html): readers that track changes by
 * atom:updated cannot tell such entries apart. RFC 4287 4.2.15 makes updated "the most recent instant in time
 * when an entry ... was modified in a way the publisher considers significant".
 */
import { type ArxivId, arxivIdMonth } from "../domain/ArxivId.ts"

const DAY_MS = 86_400_000

/**
 * A fixed offset into the announcement day from the arXiv id alone, so it never depends on which other
 * papers share the day or the feed: months since August 1991 (arXiv's first) times 100,000 plus the
 * sequence number, in milliseconds (`2510.03232` → 06:15:03.232). Distinct for the ids of one archive and
 * month until 2063; old-style ids of different archives with the same number are told apart by the feed
 * (renderAtom moves a repeat on by a millisecond).
 */
export const idOffsetMs = (id: ArxivId | string): number => {
  if (id.startsWith("10.")) return doiOffsetMs(id)
  const sequence = /(?:\.|\/\d{4})(\d{3,5})(?:v\d+)?$/.exec(id)?.[1]
  const given = arxivIdMonth(id.replace(/v\d+$/, ""))
  if (sequence === undefined || given === undefined) return 0
  const months = (given[0] - 1991) * 12 + given[1] - 8
  return (Math.max(months, 0) * 100_000 + Number(sequence)) % DAY_MS
}

/**
 * A DOI has no sequence to read a time from: its FNV-1a hash picks the millisecond of the day, the same on
 * every run. Two DOIs of one day collide once in millions; renderAtom moves a repeat on by a millisecond.
 */
const doiOffsetMs = (doi: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < doi.length; i++) hash = Math.imul(hash ^ doi.charCodeAt(i), 0x01000193) >>> 0
  return hash % DAY_MS
}

/**
 * The announcement (midnight UTC) plus the id's offset; arXiv's `updated` (when the newest known version was
 * submitted) instead when it is later: a version announced after the paper first appeared is a change the
 * entry should show, while enrichment of the same version (its `updated` lies before the announcement)
 * leaves the time alone. As epoch milliseconds.
 */
export const entryUpdatedMs = (item: {
  readonly id: ArxivId | string
  readonly date: string
  readonly updated: string | null
}): number => {
  const announced = Date.parse(item.date) + idOffsetMs(item.id)
  const revised = item.updated === null ? Number.NaN : Date.parse(item.updated)
  return Number.isFinite(revised) && revised > announced ? revised : announced
}

/** RFC 3339 with milliseconds (xsd:dateTime, as RFC 4287's grammar wants). */
export const instant = (ms: number): string => new Date(ms).toISOString()

/**
 * The updated instants of a feed's entries, in the given order, made distinct: a repeat (two old-style ids with
 * the same number, or a clash with a version's time) moves on by a millisecond, in feed order.
 */
export const distinctUpdated = (
  items: ReadonlyArray<Parameters<typeof entryUpdatedMs>[0]>
): ReadonlyArray<number> => {
  const taken = new Set<number>()
  return items.map((item) => {
    let ms = entryUpdatedMs(item)
    while (taken.has(ms)) ms++
    taken.add(ms)
    return ms
  })
}
