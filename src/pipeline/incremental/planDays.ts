/**
 * Which days a run must render again, and so which papers it must parse, enrich and render: pure bookkeeping
 * over the digests' id lists, so its cost follows the changed digests, not the archive.
 */

import { kindFromFileName } from "../../domain/DigestFile.ts"
import { addDays, type IsoDate, latestDate } from "../../domain/IsoDate.ts"
import type { PaperKey } from "../../domain/PaperKey.ts"
import { windowStart } from "../../emit/feedWindow.ts"

interface DigestIds {
  readonly path: string
  readonly date: IsoDate
  readonly ids: ReadonlyArray<PaperKey>
}

export interface PlanInput {
  /** The digests the last run read (empty: render everything). */
  readonly previous: ReadonlyArray<DigestIds>
  /** This run's digests: changed ones parsed again, the others as the last run read them. */
  readonly current: ReadonlyArray<DigestIds>
  /** Paths of digests that are new, changed or gone since the last run. */
  readonly changed: ReadonlySet<string>
  /** Papers to ask arXiv about again (pending, or published without metadata). */
  readonly askAgain: Iterable<PaperKey>
  /** Days the last run rendered: any other day is rendered. */
  readonly renderedBefore: ReadonlySet<IsoDate>
  /** Re-asked recent papers (refreshDays) and the feeds' window (days). */
  readonly refreshDays: number
  readonly windowDays: number
}

export interface DayPlan {
  /** Days rendered afresh; every other day is copied from the published files. */
  readonly dirty: ReadonlySet<IsoDate>
  /** Papers of the dirty days: the ones parsed, enriched and rendered. */
  readonly wanted: ReadonlySet<PaperKey>
  /** Digests holding a row of a wanted paper (all their rows are needed to rebuild it). */
  readonly files: ReadonlySet<string>
  /** Every day with papers. */
  readonly days: ReadonlySet<IsoDate>
}

/** The announcement date of every id (or of the ids in `only`): the first digest date it appeared on. */
export const announcements = (
  digests: ReadonlyArray<DigestIds>,
  only?: ReadonlySet<PaperKey>
): Map<PaperKey, IsoDate> => {
  const firstSeen = new Map<PaperKey, IsoDate>()
  for (const digest of digests)
    for (const id of digest.ids) {
      if (only !== undefined && !only.has(id)) continue
      const seen = firstSeen.get(id)
      if (seen === undefined || digest.date < seen) firstSeen.set(id, digest.date)
    }
  return firstSeen
}

/** The newest announcement of each server's papers, the server read from its digests' file names. */
const newestPerServer = (
  digests: ReadonlyArray<DigestIds>,
  announced: ReadonlyMap<PaperKey, IsoDate>
): ReadonlyMap<string, IsoDate> => {
  const newest = new Map<string, IsoDate>()
  // Newest digests first: a paper is announced on or before the date of any digest holding it, so once a
  // digest is no newer than the server's best, none after it can do better (one digest, not 200,000 ids).
  for (const digest of [...digests].sort((a, b) => (a.date > b.date ? -1 : a.date < b.date ? 1 : 0))) {
    const server = kindFromFileName(digest.path) ?? "arxiv"
    const known = newest.get(server)
    if (known !== undefined && digest.date <= known) continue
    for (const id of digest.ids) {
      const day = announced.get(id)
      const best = newest.get(server)
      if (day !== undefined && (best === undefined || day > best)) newest.set(server, day)
    }
  }
  return newest
}

/**
 * The days around each day that appeared or went: their pages link their previous and next days, so they are
 * rendered again (on the newest day's arrival, the day before it; the feeds' window usually holds it anyway).
 */
export const neighboursOfChanges = (
  days: ReadonlySet<IsoDate>,
  renderedBefore: ReadonlySet<IsoDate>
): ReadonlySet<IsoDate> => {
  const changes = [...days].filter((day) => !renderedBefore.has(day))
  for (const day of renderedBefore) if (!days.has(day)) changes.push(day)
  const neighbours = new Set<IsoDate>()
  if (changes.length === 0) return neighbours
  const ascending = [...days].sort()
  for (const change of changes) {
    // the first day after the change, by binary search over the current days
    let low = 0
    let high = ascending.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (ascending[middle]! <= change) low = middle + 1
      else high = middle
    }
    const before = ascending[ascending[low - 1] === change ? low - 2 : low - 1]
    const after = ascending[low]
    if (before !== undefined) neighbours.add(before)
    if (after !== undefined) neighbours.add(after)
  }
  return neighbours
}

/**
 * A paper can change only when a digest holding it changed, or arXiv is asked about it: then its old and new
 * days are dirty. Asked are papers never enriched, newer versions (always in a changed digest) and recent ones
 * (refreshDays before the newest digest), and the feeds' window is rendered anyway: those days are dirty too.
 * The newest digest's papers are always included, so the refresh window is measured as a full run measures it.
 */
export const planDays = (input: PlanInput): DayPlan => {
  const now = announcements(input.current)
  const newestDigest = latestDate(input.current.filter((d) => d.ids.length > 0).map((d) => d.date))
  // The old announcements matter only for the papers of changed digests and of the newest one (below).
  const touched = new Set<PaperKey>()
  for (const digest of input.previous)
    if (input.changed.has(digest.path)) for (const id of digest.ids) touched.add(id)
  for (const digest of input.current)
    if (input.changed.has(digest.path) || digest.date === newestDigest)
      for (const id of digest.ids) touched.add(id)
  const before = announcements(input.previous, touched)
  const dirty = new Set<IsoDate>()
  const touch = (id: PaperKey, map: ReadonlyMap<PaperKey, IsoDate>) => {
    const day = map.get(id)
    if (day !== undefined) dirty.add(day)
  }
  // A paper of a changed or deleted digest may leave its day, or move to a later one (its other digests').
  for (const digest of input.previous)
    if (input.changed.has(digest.path))
      for (const id of digest.ids) {
        touch(id, before)
        touch(id, now)
      }
  // A paper of a new or changed digest may be new, or move to an earlier day (this digest's). The changed
  // digest's date is rendered whole: the report lists the papers first announced on a changed date as new.
  for (const digest of input.current)
    if (input.changed.has(digest.path) || digest.date === newestDigest) {
      if (input.changed.has(digest.path)) dirty.add(digest.date)
      for (const id of digest.ids) {
        touch(id, before)
        touch(id, now)
      }
    }
  for (const id of input.askAgain) touch(id, now)

  const days = new Set(now.values())
  const newestDay = latestDate(days)
  const recentFrom =
    newestDigest === null || newestDay === null
      ? undefined
      : [addDays(newestDigest, -input.refreshDays), windowStart(newestDay, input.windowDays)].sort()[0]
  // Each server's feed window ends on its own newest announcement (feedWindow): every such window is rendered.
  for (const newest of newestPerServer(input.current, now).values()) {
    const start = windowStart(newest, input.windowDays)
    for (const day of days) if (day >= start && day <= newest) dirty.add(day)
  }
  for (const day of days)
    if ((recentFrom !== undefined && day >= recentFrom) || !input.renderedBefore.has(day)) dirty.add(day)
  for (const day of neighboursOfChanges(days, input.renderedBefore)) dirty.add(day)

  const wanted = new Set<PaperKey>()
  for (const [id, day] of now) if (dirty.has(day)) wanted.add(id)
  const files = new Set<string>()
  for (const digest of input.current) if (digest.ids.some((id) => wanted.has(id))) files.add(digest.path)
  return { dirty, wanted, files, days }
}
