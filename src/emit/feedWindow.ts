/** Which papers the windowed feeds hold: the newest announcements, newest first, capped. */
import type { EnrichedPaper } from "../domain/EnrichedPaper.ts"
import { addDays, type IsoDate, latestDate } from "../domain/IsoDate.ts"
import { comparePapers } from "../domain/Paper.ts"

/** Newest first (then by id), the one order of every feed and of papers.json. */
export const newestFirst = (a: EnrichedPaper, b: EnrichedPaper): number => comparePapers(a.paper, b.paper)

/** The day `days - 1` days before `day`: the first day of a window of `days` calendar days ending on `day`. */
export const windowStart = (day: IsoDate, days: number): IsoDate => addDays(day, -(days - 1))

/** Newest announcement of all papers, null when there are none. */
export const newestAnnouncement = (papers: ReadonlyArray<EnrichedPaper>): IsoDate | null =>
  latestDate(papers.map(({ paper }) => paper.firstSeen))

/**
 * Each server's papers announced in the `days` calendar days ending on that server's newest announcement (not
 * on the run date: the same input always gives the same window), newest first, at most `maxItems` of each
 * server: bioRxiv and medRxiv papers never push arXiv ones out of arXiv's feeds (nor the reverse), and a server
 * whose digests failed for a while still shows its last papers. planDays renders every server's window.
 */
export const feedWindow = (
  papers: ReadonlyArray<EnrichedPaper>,
  window: { readonly days: number; readonly maxItems: number }
): ReadonlyArray<EnrichedPaper> => {
  const newestOf = new Map<string, IsoDate>()
  for (const { paper } of papers) {
    const newest = newestOf.get(paper.server)
    if (newest === undefined || paper.firstSeen > newest) newestOf.set(paper.server, paper.firstSeen)
  }
  const startOf = new Map([...newestOf].map(([server, newest]) => [server, windowStart(newest, window.days)]))
  const kept = new Map<string, number>()
  return papers
    .filter(({ paper }) => paper.firstSeen >= (startOf.get(paper.server) ?? paper.firstSeen))
    .sort(newestFirst)
    .filter(({ paper }) => {
      const count = kept.get(paper.server) ?? 0
      kept.set(paper.server, count + 1)
      return count < window.maxItems
    })
}
