/**
 * Which api.biorxiv.org calls to make for a set of DOIs, chosen by cost. The API has no batch-by-DOI call, so
 * it offers two ways: one `details/{server}/{doi}` call per paper, or the pages of
 * `details/{server}/{from}/{to}/{cursor}`, which list every version the whole server posted in the interval
 * (bioRxiv posts about 160 versions a day: several pages a day). The planner takes the interval for a posting
 * date when its pages cost fewer calls than the DOIs posted that day, and the per-DOI way otherwise.
 */
import { addDays, type IsoDate } from "../../domain/IsoDate.ts"
import type { RxivServer } from "../../domain/RxivMetadata.ts"
import type { RxivStep } from "./RxivCall.ts"

/** A DOI to ask for, with the day its wanted version was posted when known (a digest's date is that day). */
export interface WantedDoi {
  readonly doi: string
  readonly server: RxivServer
  readonly postedOn: IsoDate | null
}

export type { RxivStep } from "./RxivCall.ts"

export interface RxivPlan {
  readonly steps: ReadonlyArray<RxivStep>
  /**
   * The posting day each interval step's DOI is wanted at (its newest listing): a merged interval, or another
   * one paged for other DOIs, may also list an earlier version of it, which is not the one wanted.
   */
  readonly postedOn: ReadonlyMap<string, IsoDate>
  /** Estimated calls for the plan (no retries). */
  readonly requests: number
  /** Calls of the per-DOI way alone: one per DOI. */
  readonly perDoiRequests: number
  /** Calls of the interval way alone (DOIs without a posting date asked one by one). */
  readonly intervalRequests: number
  /** No plan can do with fewer: each answer holds at most `pageSize` records of one server. */
  readonly lowerBound: number
}

export interface PlanOptions {
  /** Records per interval page. The help page says 100; answers recorded in 2026 hold 30. */
  readonly pageSize: number
  /** Expected versions a server posts on a day (every version, not only ours). */
  readonly versionsPerDay: (server: RxivServer, date: IsoDate) => number
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const pagesFor = (versions: number, pageSize: number): number => Math.max(1, Math.ceil(versions / pageSize))

/**
 * The cheapest plan under the estimate, deterministic for a given input: DOIs deduplicated (the first posting
 * date given wins), intervals in date order per server (bioRxiv first), then per-DOI calls in DOI order.
 * Consecutive interval days are merged into one interval, which pages its days' versions together.
 */
export const planRxivRequests = (wanted: ReadonlyArray<WantedDoi>, options: PlanOptions): RxivPlan => {
  const pageSize = Math.max(1, Math.floor(options.pageSize))
  const unique = new Map<string, WantedDoi>()
  for (const item of wanted) if (!unique.has(item.doi)) unique.set(item.doi, item)

  const byDay = new Map<string, { server: RxivServer; date: IsoDate; dois: Array<string> }>()
  const single: Array<WantedDoi> = []
  for (const item of unique.values()) {
    if (item.postedOn === null) {
      single.push(item)
      continue
    }
    const key = `${item.server} ${item.postedOn}`
    const day = byDay.get(key) ?? { server: item.server, date: item.postedOn, dois: [] }
    day.dois.push(item.doi)
    byDay.set(key, day)
  }

  let intervalRequests = single.length
  const intervalDays: Array<{ server: RxivServer; date: IsoDate; dois: Array<string>; versions: number }> = []
  for (const day of [...byDay.values()].sort(
    (a, b) => compare(a.server, b.server) || compare(a.date, b.date)
  )) {
    const versions = Math.max(day.dois.length, options.versionsPerDay(day.server, day.date))
    const pages = pagesFor(versions, pageSize)
    intervalRequests += pages
    if (pages < day.dois.length) intervalDays.push({ ...day, versions })
    else for (const doi of day.dois) single.push({ doi, server: day.server, postedOn: day.date })
  }

  const steps: Array<RxivStep> = []
  let run: { server: RxivServer; from: IsoDate; to: IsoDate; dois: Array<string>; versions: number } | null =
    null
  const close = () => {
    if (run === null) return
    const { server, from, to, dois, versions } = run
    steps.push({ _tag: "Interval", server, from, to, dois, pages: pagesFor(versions, pageSize) })
    run = null
  }
  for (const day of intervalDays) {
    if (run !== null && run.server === day.server && addDays(run.to, 1) === day.date) {
      run.to = day.date
      run.dois.push(...day.dois)
      run.versions += day.versions
    } else {
      close()
      run = { server: day.server, from: day.date, to: day.date, dois: [...day.dois], versions: day.versions }
    }
  }
  close()
  single.sort((a, b) => compare(a.server, b.server) || compare(a.doi, b.doi))
  for (const item of single) steps.push({ _tag: "Doi", server: item.server, doi: item.doi })

  const perServer = new Map<RxivServer, number>()
  for (const item of unique.values()) perServer.set(item.server, (perServer.get(item.server) ?? 0) + 1)
  let lowerBound = 0
  for (const count of perServer.values()) lowerBound += Math.ceil(count / pageSize)

  const postedOn = new Map<string, IsoDate>()
  for (const day of intervalDays) for (const doi of day.dois) postedOn.set(doi, day.date)
  return {
    steps,
    postedOn,
    requests: steps.reduce((sum, step) => sum + (step._tag === "Doi" ? 1 : step.pages), 0),
    perDoiRequests: unique.size,
    intervalRequests,
    lowerBound
  }
}
