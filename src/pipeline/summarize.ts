/** Pure bookkeeping for the run report: range filtering, freshness, counts, new papers. */

import { kindFromFileName } from "../domain/DigestFile.ts"
import type { EnrichedPaper } from "../domain/EnrichedPaper.ts"
import { daysBetween, type IsoDate } from "../domain/IsoDate.ts"
import { type PaperKey, SERVERS, type Server } from "../domain/PaperKey.ts"
import type { Problem } from "../domain/Problem.ts"
import type { ParsedDigest } from "../parse/ParsedDigest.ts"
import { RunCounts, ServerCounts, Upstream } from "./RunReport.ts"

export interface DateRange {
  readonly since: IsoDate | null
  readonly until: IsoDate | null
}

export const inRange = (range: DateRange, date: IsoDate): boolean =>
  (range.since === null || date >= range.since) && (range.until === null || date <= range.until)

/** What the report needs of the parsed digests, kept instead of the rows (which hold the file texts). */
export interface ParseSummary {
  readonly arxivDigests: number
  /** Per server the pipeline reads, in SERVERS order: digests, rows, rows without id, problems. */
  readonly servers: ReadonlyArray<ServerParse>
  readonly rows: number
  readonly rowsWithoutId: number
  /** The newest digest date with rows: an empty or failed day does not count as fresh. */
  readonly newestDigest: IsoDate | null
  readonly problems: ReadonlyArray<Problem>
}

/** What the report keeps of one parsed digest: counts, not rows. */
export interface ParseTally {
  readonly kind: ParsedDigest["kind"]
  readonly date: IsoDate
  readonly rows: number
  readonly rowsWithoutId: number
  readonly problems: ReadonlyArray<Problem>
}

/** One server's digests as parsed. */
export interface ServerParse {
  readonly server: Server
  readonly digests: number
  readonly rows: number
  readonly rowsWithoutId: number
  readonly problems: ReadonlyArray<Problem>
}

/**
 * Totals over every digest's tally. `extra` are problems no single digest holds (a DOI on both servers'
 * digests): they count for the server their file names. A digest's problems count for its server, the JSON's
 * reconciliation problems included, since they are found reading that server's digest.
 */
export const summarizeParse = (
  tallies: ReadonlyArray<ParseTally>,
  servers: ReadonlyArray<Server> = ["arxiv"],
  extra: ReadonlyArray<Problem> = []
): ParseSummary => {
  let newestDigest: IsoDate | null = null
  for (const tally of tallies)
    if (tally.rows > 0 && (newestDigest === null || tally.date > newestDigest)) newestDigest = tally.date
  const perServer = SERVERS.filter((server) => servers.includes(server)).map((server) => {
    const own = tallies.filter((tally) => tally.kind === server)
    return {
      server,
      digests: own.length,
      rows: own.reduce((sum, tally) => sum + tally.rows, 0),
      rowsWithoutId: own.reduce((sum, tally) => sum + tally.rowsWithoutId, 0),
      problems: [
        ...own.flatMap((tally) => tally.problems),
        ...extra.filter((problem) => kindFromFileName(problem.file) === server)
      ]
    }
  })
  return {
    arxivDigests: tallies.filter((tally) => tally.kind === "arxiv").length,
    servers: perServer,
    rows: tallies.reduce((sum, tally) => sum + tally.rows, 0),
    rowsWithoutId: tallies.reduce((sum, tally) => sum + tally.rowsWithoutId, 0),
    newestDigest,
    problems: [...tallies.flatMap((tally) => tally.problems), ...extra]
  }
}

/** The upstream commit as the report shows it: where the digests came from and how long they took to publish. */
export interface CommitFreshness {
  readonly commit: string | null
  readonly commitTime: string | null
  readonly publishedAfterMinutes: number | null
}

export const NO_COMMIT: CommitFreshness = { commit: null, commitTime: null, publishedAfterMinutes: null }

/**
 * The synced commit, and the whole minutes from its committer date to `publishedAt` (epoch ms) when the run
 * published changed digests (`publishedAt` null otherwise). A commit clock ahead of the runner's counts as 0.
 */
export const commitFreshness = (
  upstream: { readonly commit: string; readonly commitTime: string | null } | null,
  publishedAt: number | null
): CommitFreshness => {
  if (upstream === null) return NO_COMMIT
  const committed = upstream.commitTime === null ? Number.NaN : Date.parse(upstream.commitTime)
  return {
    commit: upstream.commit,
    commitTime: upstream.commitTime,
    publishedAfterMinutes:
      publishedAt === null || Number.isNaN(committed)
        ? null
        : Math.max(0, Math.round((publishedAt - committed) / 60_000))
  }
}

export const upstreamFreshness = (
  newestDigest: IsoDate | null,
  runDate: IsoDate,
  staleAfterDays: number,
  commit: CommitFreshness = NO_COMMIT
): Upstream => {
  const ageDays = newestDigest === null ? null : daysBetween(newestDigest, runDate)
  return Upstream.make({
    newestDigest,
    ageDays,
    staleAfterDays,
    stale: ageDays === null || ageDays > staleAfterDays,
    ...commit
  })
}

/** Papers first announced on a date whose digest this run found new or changed. */
export const newPaperIds = (
  papers: ReadonlyArray<EnrichedPaper>,
  changedDates: ReadonlySet<IsoDate>
): ReadonlyArray<PaperKey> =>
  papers
    .filter((entry) => changedDates.has(entry.paper.firstSeen))
    .map((entry) => entry.paper.id)
    .sort()

export const countRun = (input: {
  readonly files: number
  readonly changed: number
  readonly parse: ParseSummary
  /** The whole archive's counts (rendered days counted afresh, the others as the last run counted them). */
  readonly archive: {
    readonly papers: number
    readonly withMetadata: number
    readonly withCode: number
    readonly days: number
    readonly daysRendered: number
    /** Papers per server. */
    readonly servers: Readonly<Record<string, number>>
  }
  readonly newPapers: number
  readonly pending: number
  readonly problems: ReadonlyArray<Problem>
}): RunCounts => {
  const bySeverity = (severity: Problem["severity"]) =>
    input.problems.filter((problem) => problem.severity === severity).length
  return RunCounts.make({
    files: input.files,
    filesChanged: input.changed,
    arxivDigests: input.parse.arxivDigests,
    rows: input.parse.rows,
    rowsWithoutId: input.parse.rowsWithoutId,
    papers: input.archive.papers,
    newPapers: input.newPapers,
    withMetadata: input.archive.withMetadata,
    pending: input.pending,
    withCode: input.archive.withCode,
    days: input.archive.days,
    daysRendered: input.archive.daysRendered,
    errors: bySeverity("error"),
    warnings: bySeverity("warning"),
    infos: bySeverity("info"),
    servers: Object.fromEntries(
      input.parse.servers.map((server) => [
        server.server,
        ServerCounts.make({
          digests: server.digests,
          rows: server.rows,
          rowsWithoutId: server.rowsWithoutId,
          papers: input.archive.servers[server.server] ?? 0,
          errors: server.problems.filter((problem) => problem.severity === "error").length,
          warnings: server.problems.filter((problem) => problem.severity === "warning").length,
          infos: server.problems.filter((problem) => problem.severity === "info").length
        })
      ])
    )
  })
}
