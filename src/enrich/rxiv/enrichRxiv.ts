/**
 * The bioRxiv/medRxiv half of the enrich stage: the cache first, then the API (select -> plan -> fetch -> save),
 * within the run's budget. Never fails: each paper settles alone (metadata, or none with a pending reason and a
 * problem), and `no posts found` is remembered with a growing ask interval, as arXiv's unknown ids are.
 */
import { Clock, type Duration, Effect, Either } from "effect"
import type { Doi } from "../../domain/Doi.ts"
import type { IsoDate } from "../../domain/IsoDate.ts"
import { Paper, type RxivPaper } from "../../domain/Paper.ts"
import { Problem } from "../../domain/Problem.ts"
import { RxivMetadata, type RxivServer } from "../../domain/RxivMetadata.ts"
import { RXIV } from "../../domain/ServiceDefaults.ts"
import type { StateStore } from "../../state/StateStore.ts"
import { type AskRecord, nextAskDate, recordAnswer } from "../AskSchedule.ts"
import { errorDetail } from "../errorDetail.ts"
import type { RefreshPolicy } from "../MetadataCache.ts"
import { fetchRxivMetadata } from "./fetchRxivMetadata.ts"
import { planRxivRequests } from "./planRxivRequests.ts"
import { cacheKey, loadRxivCache, RXIV_CACHE_DIR, rememberRxiv, saveRxivCache } from "./RxivCache.ts"
import type { RxivClient } from "./RxivClient.ts"
import { rxivDigestIsNewer, rxivListedOn, selectRxivForFetch } from "./selectRxivForFetch.ts"

export interface RxivEnrichOptions {
  readonly store: StateStore
  readonly client: RxivClient
  readonly policy: RefreshPolicy
  /** False: the cache only, no request (`--offline`, or `enrich.rxiv: false`). */
  readonly online: boolean
  readonly budget: Duration.DurationInput
  /** Time the run's earlier calls (a sliced run's slices before) spent on the API, taken from `budget`. */
  readonly spent?: Duration.DurationInput
  readonly onProgress?: (done: number, total: number) => Effect.Effect<void>
}

export interface RxivEnrichResult {
  /** The metadata known for each paper, by `server doi`. */
  readonly metadata: ReadonlyMap<string, RxivMetadata>
  readonly pending: ReadonlyArray<Doi>
  readonly problems: ReadonlyArray<Problem>
  /** HTTP requests sent to the API this run, retries included, per server. */
  readonly requests: Readonly<Record<RxivServer, number>>
  /** The fewest calls any plan needs for the DOIs asked this run (one page per pageSize DOIs of a server). */
  readonly lowerBound: number
  /** `server doi` of the papers whose metadata arrived this run. */
  readonly fetched: ReadonlySet<string>
  /** Milliseconds this call spent asking the API. */
  readonly spentMs: number
}

const cacheProblem = (code: string, severity: "error" | "warning", message: string) =>
  Problem.make({ file: RXIV_CACHE_DIR, line: 0, code, severity, message })

const listDois = (dois: ReadonlyArray<string>) =>
  dois.length <= 5 ? dois.join(", ") : `${dois.slice(0, 5).join(", ")} and ${dois.length - 5} more`

const OUT_OF_TIME = "the run's bioRxiv/medRxiv time budget was used up; asked on the next run"

const ASK_PROBLEMS = {
  missing: { code: "rxiv-not-found", severity: "warning" },
  rejected: { code: "rxiv-rejected", severity: "warning" },
  older: { code: "rxiv-older-version", severity: "info" }
} as const

/** What the cache says of a paper whose last answer lacked what the digests list (made from the record). */
const askProblem = (paper: RxivPaper, record: AskRecord): Problem => {
  const { code, severity } = ASK_PROBLEMS[record.answer]
  const asked = `asked ${record.tries} time${record.tries === 1 ? "" : "s"} in a row, last on ${record.lastAsked}; next on ${nextAskDate(record)}`
  const what =
    record.answer === "older"
      ? `the ${paper.server} API lists no version of ${paper.id} posted on ${rxivListedOn(paper)}, when a digest lists one`
      : record.answer === "rejected"
        ? `the ${paper.server} API's record of ${paper.id} does not decode`
        : `the ${paper.server} API has no posts for ${paper.id}`
  return Problem.make({ file: paper.file, line: paper.line, code, severity, message: `${what} (${asked})` })
}

/**
 * The paper as its outputs show it: the API's record is the truth about the server (a medRxiv digest may list a
 * bioRxiv DOI), so its links, publisher and feeds follow the record; its identity, the DOI, stays.
 */
export const onRecordServer = (paper: Paper, metadata: unknown): Paper =>
  metadata instanceof RxivMetadata && metadata.server !== paper.server
    ? new Paper({ ...paper, server: metadata.server }, { disableValidation: true })
    : paper

export const enrichRxiv = Effect.fn("Enricher.enrichRxiv")(function* (
  papers: ReadonlyArray<RxivPaper>,
  options: RxivEnrichOptions
) {
  const { store, client, policy } = options
  const today: IsoDate = policy.today
  const problems: Array<Problem> = []
  const requests: Record<RxivServer, number> = { biorxiv: 0, medrxiv: 0 }
  const keys = papers.map((paper) => ({ server: paper.server, doi: paper.id }))
  const loaded = yield* Effect.either(loadRxivCache(store, keys))
  if (Either.isLeft(loaded))
    problems.push(
      cacheProblem(
        "rxiv-cache-unreadable",
        "error",
        `cannot read the bioRxiv/medRxiv cache, enriching without it: ${errorDetail(loaded.left)}`
      )
    )
  else if (loaded.right.corrupt !== null)
    problems.push(
      cacheProblem(
        "rxiv-cache-corrupt",
        "warning",
        `part of the bioRxiv/medRxiv cache was corrupt, moved aside as NAME.corrupt and asked again: ${loaded.right.corrupt}`
      )
    )
  const cache = new Map(Either.isRight(loaded) ? loaded.right.cache : [])
  const askLog = new Map(Either.isRight(loaded) ? loaded.right.asked : [])
  const paperOf = new Map(papers.map((paper) => [cacheKey(paper.server, paper.id), paper] as const))
  // A DOI is asked under the server whose digest lists it; the API may answer with a record of the other server.
  const listedUnder = new Map(papers.map((paper) => [paper.id as string, paper.server] as const))
  const fetched = new Set<string>()
  const pending = new Set<Doi>()
  let lowerBound = 0
  let spentMs = 0

  const selection = options.online ? selectRxivForFetch(papers, cache, policy, askLog) : null
  if (selection !== null && selection.wanted.length > 0) {
    const plan = planRxivRequests(selection.wanted, {
      pageSize: RXIV.pageSize,
      versionsPerDay: (server) => RXIV.versionsPerDay[server]
    })
    lowerBound = plan.lowerBound
    yield* Effect.logInfo(
      `bioRxiv/medRxiv: asking for ${selection.wanted.length} of ${papers.length} papers in about ${plan.requests} requests (lower bound ${plan.lowerBound})`
    )
    const before = yield* client.requestsByServer
    const started = yield* Clock.currentTimeMillis
    const report = yield* fetchRxivMetadata(client, plan, {
      budget: options.budget,
      ...(options.spent === undefined ? {} : { spent: options.spent }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress })
    })
    spentMs = (yield* Clock.currentTimeMillis) - started
    const after = yield* client.requestsByServer
    requests.biorxiv = after.biorxiv - before.biorxiv
    requests.medrxiv = after.medrxiv - before.medrxiv

    const changed: Array<{ server: RxivServer; doi: string }> = []
    const remember = (server: RxivServer, doi: string, answer: AskRecord["answer"]) => {
      const key = cacheKey(server, doi)
      const paper = paperOf.get(key)
      if (paper === undefined) return
      askLog.set(key, recordAnswer(askLog.get(key), paper.id, answer, today, null))
      changed.push({ server, doi })
    }
    const found = rememberRxiv(cache, report.found, {
      today,
      listedUnder: (record) => listedUnder.get(record.doi) ?? record.server,
      listedThrough: report.listedThrough
    })
    for (const change of found) {
      const key = cacheKey(change.server, change.doi)
      fetched.add(key)
      changed.push(change)
      const paper = paperOf.get(key)
      const entry = cache.get(key)
      if (paper !== undefined && entry !== undefined && rxivDigestIsNewer(paper, entry))
        remember(change.server, change.doi, "older")
      else askLog.delete(key)
    }
    for (const { server, doi } of report.notFound) remember(server, doi, "missing")
    const rejected = new Set(report.rejected.map((record) => record.doi))
    for (const item of report.pending)
      if (rejected.has(item.doi) && !fetched.has(cacheKey(item.server, item.doi)))
        remember(item.server, item.doi, "rejected")

    // Failures grouped by reason: a budget cut in a backfill leaves thousands, one problem says it.
    const byReason = new Map<string, Array<string>>()
    for (const item of report.pending) {
      const reason = /time budget/.test(item.reason) ? OUT_OF_TIME : item.reason
      if (rejected.has(item.doi)) continue
      const key = cacheKey(item.server, item.doi)
      const paper = paperOf.get(key)
      if (paper === undefined) continue
      // A failed refresh only delays a journal DOI: the cached metadata is still published.
      if (selection.reasons.get(key) !== "refresh") pending.add(paper.id)
      byReason.set(reason, [...(byReason.get(reason) ?? []), item.doi])
    }
    for (const [reason, dois] of byReason) {
      const waiting = dois.filter((doi) => pending.has(doi as Doi))
      problems.push(
        Problem.make({
          file: "biorxiv-api",
          line: 0,
          code: "rxiv-not-fetched",
          severity: waiting.length > 0 ? "warning" : "info",
          message: `${dois.length} DOIs not fetched (${waiting.length} left digest-only, pending): ${reason}; ${listDois(dois)}`
        })
      )
    }

    if (changed.length > 0 && Either.isRight(loaded)) {
      const saved = yield* Effect.either(saveRxivCache(store, cache, changed, askLog))
      if (Either.isLeft(saved))
        problems.push(
          cacheProblem(
            "rxiv-cache-write",
            "error",
            `cannot write the bioRxiv/medRxiv cache: ${errorDetail(saved.left)}`
          )
        )
    }
  }

  const metadata = new Map<string, RxivMetadata>()
  for (const paper of papers) {
    const key = cacheKey(paper.server, paper.id)
    const entry = cache.get(key)
    const record = askLog.get(key)
    if (entry !== undefined) metadata.set(key, entry.metadata)
    if (record !== undefined && (entry === undefined || rxivDigestIsNewer(paper, entry)))
      problems.push(askProblem(paper, record))
    if (entry !== undefined && entry.metadata.server !== paper.server)
      problems.push(
        Problem.make({
          file: paper.file,
          line: paper.line,
          code: "rxiv-other-server",
          severity: "info",
          message: `${paper.id} is listed in a ${paper.server} digest, but the API's record names ${entry.metadata.server}: published as a ${entry.metadata.server} paper`
        })
      )
    if (entry?.metadata.withdrawn === true)
      problems.push(
        Problem.make({
          file: paper.file,
          line: paper.line,
          code: "rxiv-withdrawn",
          severity: "info",
          message: `${paper.id} is withdrawn (${entry.metadata.server} v${entry.metadata.version}, ${entry.metadata.date})`
        })
      )
  }
  return {
    metadata,
    pending: [...pending],
    problems,
    requests,
    lowerBound,
    fetched,
    spentMs
  } satisfies RxivEnrichResult
})
