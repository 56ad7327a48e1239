/**
 * The enrich stage: arXiv and bioRxiv/medRxiv metadata (cache first, then each API) and code links for every
 * paper. Never fails.
 */
import { Clock, DateTime, Duration, Effect, Either, Layer } from "effect"
import type { ArxivId } from "../domain/ArxivId.ts"
import type { ArxivMetadata } from "../domain/ArxivMetadata.ts"
import { EnrichedPaper } from "../domain/EnrichedPaper.ts"
import { IsoDate } from "../domain/IsoDate.ts"
import {
  type ArxivPaper,
  isArxivPaper,
  isRxivPaper,
  type Paper,
  withoutLinkSources
} from "../domain/Paper.ts"
import type { PaperKey } from "../domain/PaperKey.ts"
import { Problem } from "../domain/Problem.ts"
import { RXIV } from "../domain/ServiceDefaults.ts"
import { StateStore } from "../state/StateStore.ts"
import { ArxivClient } from "./ArxivClient.ts"
import { type AskRecord, nextAskDate, recordAnswer } from "./AskSchedule.ts"
import { addRepoFacts } from "./addRepoFacts.ts"
import { codeLinksOf } from "./codeLinks.ts"
import type {
  EnrichClients,
  EnrichOptions,
  EnrichResult,
  EnrichScope,
  ProgressHook
} from "./EnrichContract.ts"
import { errorDetail } from "./errorDetail.ts"
import { fetchArxivMetadata } from "./fetchArxivMetadata.ts"
import { GitHubFacts } from "./GitHubFacts.ts"
import {
  CachedMetadata,
  digestIsNewer,
  loadMetadataCache,
  METADATA_CACHE_DIR,
  type RefreshPolicy,
  saveMetadataCache,
  selectForFetch
} from "./MetadataCache.ts"
import { enrichRxiv, onRecordServer } from "./rxiv/enrichRxiv.ts"
import { cacheKey } from "./rxiv/RxivCache.ts"
import { RxivClient } from "./rxiv/RxivClient.ts"

export type {
  EnrichClients,
  EnrichOptions,
  EnrichResult,
  EnrichScope,
  EnrichSpent,
  NewestDigestDates,
  ProgressHook
} from "./EnrichContract.ts"

const DEFAULT_BUDGET = "20 minutes"

const ASK_PROBLEMS = {
  missing: { code: "arxiv-not-found", severity: "warning" },
  rejected: { code: "arxiv-rejected", severity: "warning" },
  older: { code: "arxiv-older-version", severity: "info" }
} as const

/**
 * What the cache says of a paper whose last answer lacked what the digests link. Made from the record, not from
 * this run's answer, so a run that does not ask (same day, not due yet) reports what one that asked reported.
 */
const askProblem = (paper: ArxivPaper, record: AskRecord, metadata: ArxivMetadata | undefined): Problem => {
  const { code, severity } = ASK_PROBLEMS[record.answer]
  const asked = `asked ${record.tries} time${record.tries === 1 ? "" : "s"} in a row, last on ${record.lastAsked}; next on ${nextAskDate(record)}`
  const message =
    record.answer === "older" && metadata !== undefined
      ? `arXiv answers ${paper.id} at v${metadata.version} where a digest links v${paper.version}: the digest's version is published (${asked})`
      : record.answer === "rejected"
        ? `arXiv rejected ${paper.id} as malformed (${asked})`
        : `arXiv does not know ${paper.id} (${asked})`
  return Problem.make({ file: paper.file, line: paper.line, code, severity, message })
}

const listIds = (ids: ReadonlyArray<string>) =>
  ids.length <= 5 ? ids.join(", ") : `${ids.slice(0, 5).join(", ")} and ${ids.length - 5} more`

export class Enricher extends Effect.Service<Enricher>()("enrich/Enricher", {
  effect: Effect.fn(function* (options: EnrichOptions) {
    const store = yield* StateStore
    const client = yield* ArxivClient
    const rxivClient = yield* RxivClient
    const facts = yield* GitHubFacts
    const budget = options.budget ?? DEFAULT_BUDGET
    const online = !options.offline && options.settings.arxiv

    const enrich = Effect.fn("Enricher.enrich")(function* (
      allPapers: ReadonlyArray<Paper>,
      onProgress?: ProgressHook,
      scope: EnrichScope = {}
    ) {
      const papers = allPapers.filter(isArxivPaper)
      const today = IsoDate.make(DateTime.formatIsoDateUtc(yield* DateTime.now))
      const policy = (newest: IsoDate | undefined): RefreshPolicy => ({
        today,
        ...options.settings,
        ...(newest === undefined ? {} : { newest })
      })
      const rxiv = yield* enrichRxiv(allPapers.filter(isRxivPaper), {
        store,
        client: rxivClient,
        policy: policy(scope.newest?.rxiv),
        online: !options.offline && options.settings.rxiv,
        budget: options.rxivBudget ?? Duration.minutes(RXIV.budgetMinutes),
        ...(scope.spentMs === undefined ? {} : { spent: scope.spentMs.rxiv }),
        ...(onProgress === undefined ? {} : { onProgress })
      })
      const problems: Array<Problem> = [...rxiv.problems]
      const loaded = yield* Effect.either(
        loadMetadataCache(
          store,
          papers.map((paper) => paper.id)
        )
      )
      if (Either.isLeft(loaded)) {
        const message = `cannot read the arXiv cache, enriching without it: ${errorDetail(loaded.left)}`
        problems.push(
          Problem.make({
            file: METADATA_CACHE_DIR,
            line: 0,
            code: "arxiv-cache-unreadable",
            severity: "error",
            message: message
          })
        )
      }
      if (Either.isRight(loaded) && loaded.right.corrupt !== null) {
        const message = `part of the arXiv cache was corrupt, moved aside as NAME.corrupt and asked again: ${loaded.right.corrupt}`
        problems.push(
          Problem.make({
            file: METADATA_CACHE_DIR,
            line: 0,
            code: "arxiv-cache-corrupt",
            severity: "warning",
            message: message
          })
        )
      }
      const cache = new Map(Either.isRight(loaded) ? loaded.right.cache : ([] as const))
      const askLog = new Map(Either.isRight(loaded) ? loaded.right.asked : ([] as const))
      const paperOf = new Map(papers.map((paper) => [paper.id, paper] as const))
      const at = (id: string) => paperOf.get(id as ArxivId)
      const fetchedIds = new Set<PaperKey>()
      const pending: Array<PaperKey> = [...rxiv.pending]
      let requests = 0
      let arxivMs = 0

      if (online) {
        const selection = selectForFetch(papers, cache, policy(scope.newest?.arxiv), askLog)
        if (selection.ids.length > 0) {
          yield* Effect.logInfo(`arXiv: asking for ${selection.ids.length} of ${papers.length} papers`)
          const started = yield* Clock.currentTimeMillis
          const report = yield* fetchArxivMetadata(client, selection.ids, {
            batchSize: options.settings.batchSize,
            budget,
            ...(scope.spentMs === undefined ? {} : { spent: scope.spentMs.arxiv }),
            ...(onProgress === undefined ? {} : { onProgress })
          })
          arxivMs = (yield* Clock.currentTimeMillis) - started
          requests = report.requests
          const asked = new Set<string>(selection.ids)
          const changed = new Set<ArxivId>()
          const remember = (id: ArxivId, answer: AskRecord["answer"]) => {
            askLog.set(id, recordAnswer(askLog.get(id), id, answer, today, at(id)?.version ?? null))
            changed.add(id)
          }
          for (const metadata of report.found) {
            // Only what was asked: an entry under another id would land in a shard this run never read.
            if (!asked.has(metadata.id)) continue
            cache.set(metadata.id, CachedMetadata.make({ fetchedOn: today, metadata }))
            fetchedIds.add(metadata.id)
            changed.add(metadata.id)
            const paper = at(metadata.id)
            if (paper !== undefined && digestIsNewer(paper, metadata)) remember(metadata.id, "older")
            else askLog.delete(metadata.id)
          }
          for (const id of report.notFound) remember(id, "missing")
          for (const { id } of report.rejected) if (asked.has(id)) remember(id as ArxivId, "rejected")
          for (const batch of report.failed) {
            const waiting = batch.ids.filter((id) => selection.reasons.get(id) !== "refresh")
            pending.push(...waiting)
            const message = `${batch.ids.length} ids not fetched (${waiting.length} left digest-only, pending): ${batch.reason}; ${listIds(batch.ids)}`
            // A failed refresh only delays a DOI or journal reference: the cached metadata is still published.
            const severity = waiting.length > 0 ? "warning" : "info"
            problems.push(
              Problem.make({
                file: "arxiv",
                line: 0,
                code: "arxiv-batch-failed",
                severity: severity,
                message: message
              })
            )
          }
          if (changed.size > 0 && Either.isRight(loaded)) {
            const saved = yield* Effect.either(saveMetadataCache(store, cache, changed, askLog))
            if (Either.isLeft(saved)) {
              const message = `cannot write the arXiv cache: ${errorDetail(saved.left)}`
              problems.push(
                Problem.make({
                  file: METADATA_CACHE_DIR,
                  line: 0,
                  code: "arxiv-cache-write",
                  severity: "error",
                  message: message
                })
              )
            }
          }
        }
      }

      for (const paper of papers) {
        const record = askLog.get(paper.id)
        const entry = cache.get(paper.id)
        if (record !== undefined && (entry === undefined || digestIsNewer(paper, entry.metadata)))
          problems.push(askProblem(paper, record, entry?.metadata))
      }

      const linked = allPapers.map((paper) => {
        const metadata = isArxivPaper(paper)
          ? (cache.get(paper.id)?.metadata ?? null)
          : isRxivPaper(paper)
            ? (rxiv.metadata.get(cacheKey(paper.server, paper.id)) ?? null)
            : null
        const kept = onRecordServer(withoutLinkSources(paper), metadata)
        // Already validated parts (validating again cost 12 s per 200,000 papers); link sources let go (#16).
        const codeLinks = codeLinksOf(paper, metadata)
        return new EnrichedPaper({ paper: kept, metadata, codeLinks }, { disableValidation: true })
      })
      // By DOI: a paper shown under its record's server was fetched under its digest's.
      const rxivFetched = new Set([...rxiv.fetched].map((key) => key.slice(key.indexOf(" ") + 1)))
      const withFacts = options.settings.githubFacts
        ? yield* addRepoFacts(linked, { store, facts, today, online: !options.offline })
        : { papers: linked, problems: [], requests: 0 }
      problems.push(...withFacts.problems)
      const enriched = withFacts.papers
      return {
        papers: enriched,
        pending,
        problems,
        requests,
        rxivRequests: rxiv.requests,
        rxivLowerBound: rxiv.lowerBound,
        fetched: fetchedIds.size + rxiv.fetched.size,
        fromCache: enriched.filter(({ paper, metadata }) =>
          metadata === null
            ? false
            : isRxivPaper(paper)
              ? !rxivFetched.has(paper.id)
              : !fetchedIds.has(paper.id)
        ).length,
        githubRequests: withFacts.requests,
        spentMs: { arxiv: arxivMs, rxiv: rxiv.spentMs }
      } satisfies EnrichResult
    })

    return { enrich } as const
  })
}) {
  /**
   * Enricher with its ArxivClient, RxivClient and GitHubFacts; needs the StateStore, the run's GitHub client
   * and an HttpClient (NodeHttpClient).
   */
  static readonly layer = (options: EnrichOptions, clients: EnrichClients = {}) =>
    Enricher.Default(options).pipe(
      Layer.provide(
        Layer.mergeAll(
          ArxivClient.Default(clients.arxiv),
          RxivClient.Default(clients.rxiv),
          GitHubFacts.Default
        )
      )
    )
}
