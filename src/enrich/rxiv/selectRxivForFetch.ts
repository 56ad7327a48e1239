/**
 * Which bioRxiv/medRxiv papers a run asks the API about, and on which posting day each wanted version is
 * expected (the planner pages a day's interval when that is cheaper than one call per DOI). The same rules as
 * arXiv's selectForFetch: every DOI never asked; DOIs the API did not know, or answered at a version older than a
 * digest lists, when their ask schedule is due (AskSchedule); and a few recent papers asked again for the
 * journal DOI that appears weeks after posting.
 */
import type { IsoDate } from "../../domain/IsoDate.ts"
import type { RxivPaper } from "../../domain/Paper.ts"
import { type AskRecord, askIsDue } from "../AskSchedule.ts"
import { type FetchReason, type RefreshPolicy, refreshWindowStart } from "../MetadataCache.ts"
import type { WantedDoi } from "./planRxivRequests.ts"
import {
  type CachedRxivMetadata,
  cacheKey,
  currentAsOf,
  type RxivAskLog,
  type RxivCache
} from "./RxivCache.ts"

export interface RxivSelection {
  /** New, unknown and newer-version DOIs first (in paper order), then refreshes. */
  readonly wanted: ReadonlyArray<WantedDoi>
  /** Why each DOI is asked, by `server doi`. */
  readonly reasons: ReadonlyMap<string, FetchReason>
}

/** The latest day a digest lists the DOI: the posting day of the newest version the digests know. */
export const rxivListedOn = (paper: RxivPaper): IsoDate => {
  const last = paper.dates.at(-1) ?? paper.firstSeen
  return paper.published !== null && paper.published > last ? paper.published : last
}

/**
 * A digest lists a version the cached answer may not hold. The upstream lists on day D the versions the API
 * gives for the interval D..D (its error lines quote `details/biorxiv/2026-08-21/2026-08-21/0`), so the latest
 * digest date listing a DOI (every layout; layout C's posting date is that same date) is the posting day of a
 * version. An answer fetched on a later run date than D already listed every version posted by D: current,
 * whatever the API's dates say, so a version dated a day earlier than its listing (a time zone, a late run) is
 * asked about at most once more, never on every run. An answer fetched on D or before holds that version only
 * if it was posted on D or later; otherwise the DOI is asked again, which catches a revision listed weeks after
 * the version cached (layouts A and B give no posting date, their digest date does).
 */
export const rxivDigestIsNewer = (paper: RxivPaper, entry: CachedRxivMetadata): boolean => {
  const listed = rxivListedOn(paper)
  return currentAsOf(entry) <= listed && entry.metadata.date < listed
}

/** The day the version a digest lists was posted: layout C says; otherwise the newest digest date listing it. */
const postedOn = (paper: RxivPaper): IsoDate => paper.published ?? paper.dates.at(-1) ?? paper.firstSeen

/**
 * Due again: a record's schedule, or (no record) once on a later day than the entry is current as of: an earlier
 * run's answer, or an interval's of an earlier day (a backfill's slice, whose run date is today too).
 */
const dueAgain = (entry: CachedRxivMetadata | undefined, record: AskRecord | undefined, today: IsoDate) =>
  record === undefined ? entry !== undefined && currentAsOf(entry) < today : askIsDue(record, today, null)

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Deterministic for a given date. Refreshes go to papers first seen within `refreshDays` of the newest digest
 * date (`policy.newest`, else the papers'), fetched before today and not yet published (a published DOI does not change): stalest first, then the
 * newest papers, then by DOI, at most `refreshLimit`. Unknown DOIs and refreshes are asked one by one (no
 * interval lists them); new and newer versions are planned on their posting day.
 */
export const selectRxivForFetch = (
  papers: ReadonlyArray<RxivPaper>,
  cache: RxivCache,
  policy: RefreshPolicy,
  asked: RxivAskLog = new Map()
): RxivSelection => {
  const reasons = new Map<string, FetchReason>()
  const wanted: Array<WantedDoi> = []
  const windowStart = refreshWindowStart(papers, policy)
  const candidates: Array<{ paper: RxivPaper; entry: CachedRxivMetadata }> = []
  const want = (paper: RxivPaper, reason: FetchReason, day: IsoDate | null) => {
    reasons.set(cacheKey(paper.server, paper.id), reason)
    wanted.push({ doi: paper.id, server: paper.server, postedOn: day })
  }
  for (const paper of papers) {
    const key = cacheKey(paper.server, paper.id)
    if (reasons.has(key)) continue
    const entry = cache.get(key)
    const record = asked.get(key)
    if (entry === undefined && record === undefined) want(paper, "new", postedOn(paper))
    else if (entry === undefined) {
      if (dueAgain(entry, record, policy.today)) want(paper, "unknown", null)
    } else if (rxivDigestIsNewer(paper, entry)) {
      if (dueAgain(entry, record, policy.today)) want(paper, "newer-version", postedOn(paper))
    } else if (
      windowStart !== undefined &&
      paper.firstSeen >= windowStart &&
      entry.fetchedOn < policy.today &&
      entry.metadata.publishedDoi === null
    )
      candidates.push({ paper, entry })
  }
  candidates.sort(
    (a, b) =>
      compare(a.entry.fetchedOn, b.entry.fetchedOn) ||
      compare(b.paper.firstSeen, a.paper.firstSeen) ||
      compare(a.paper.id, b.paper.id)
  )
  for (const { paper } of candidates.slice(0, policy.refreshLimit)) want(paper, "refresh", null)
  return { wanted, reasons }
}
