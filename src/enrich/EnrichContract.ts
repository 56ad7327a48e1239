/** What the enrich stage takes and gives (Enricher.ts): options, a sliced run's scope, the result. */
import type { Duration, Effect } from "effect"
import type { EnrichedPaper } from "../domain/EnrichedPaper.ts"
import type { IsoDate } from "../domain/IsoDate.ts"
import type { PaperKey } from "../domain/PaperKey.ts"
import type { EnrichSettings } from "../domain/Pipeline.ts"
import type { Problem } from "../domain/Problem.ts"
import type { RxivServer } from "../domain/RxivMetadata.ts"
import type { ArxivClientOptions } from "./ArxivClient.ts"
import type { RxivClientOptions } from "./rxiv/RxivClient.ts"

export interface EnrichOptions {
  readonly settings: EnrichSettings
  /** Cache only: no request at all (the CLI's `--offline`, or a pipeline marked offline). */
  readonly offline: boolean
  /** Most time one run spends on arXiv (default 20 minutes); batches left over stay pending. */
  readonly budget?: Duration.DurationInput
  /** Most time one run spends on the bioRxiv/medRxiv API (default 45 minutes); the rest stays pending. */
  readonly rxivBudget?: Duration.DurationInput
}

/**
 * What a slice of a sliced run tells enrich of the whole run, so that the slices together ask what the run
 * unsliced would and keep to its budgets. A run unsliced passes nothing.
 */
export interface EnrichScope {
  /**
   * The run's newest digest date of arXiv digests and of bioRxiv/medRxiv digests: each refresh window ends there,
   * not at the newest date of the slice's papers.
   */
  readonly newest?: NewestDigestDates
  /** Milliseconds the run's earlier slices spent asking each API: taken from each budget. */
  readonly spentMs?: EnrichSpent
}

/** The newest digest date of each kind of paper (undefined: none listed). */
export interface NewestDigestDates {
  readonly arxiv?: IsoDate | undefined
  readonly rxiv?: IsoDate | undefined
}

/** Milliseconds spent asking arXiv and the bioRxiv/medRxiv API. */
export interface EnrichSpent {
  readonly arxiv: number
  readonly rxiv: number
}

export interface EnrichResult {
  /** Every input paper, in input order; `metadata` is null when arXiv's answer is unknown. */
  readonly papers: ReadonlyArray<EnrichedPaper>
  /** Papers new to the cache (or with a newer version) whose fetch failed or ran out of time: retried next run. */
  readonly pending: ReadonlyArray<PaperKey>
  readonly problems: ReadonlyArray<Problem>
  /** HTTP requests sent to arXiv, retries included. */
  readonly requests: number
  /** HTTP requests sent to the bioRxiv/medRxiv API, retries included, per server. */
  readonly rxivRequests: Readonly<Record<RxivServer, number>>
  /** The fewest requests any plan needs for the DOIs asked this run: what rxivRequests is measured against. */
  readonly rxivLowerBound: number
  /** Metadata records received this run. */
  readonly fetched: number
  /** Papers whose metadata came from the cache without a request this run. */
  readonly fromCache: number
  /** GraphQL requests for repository facts (0 unless settings.githubFacts). */
  readonly githubRequests: number
  /** Time this call spent asking each API: what a sliced run's later slices take from the budgets. */
  readonly spentMs: EnrichSpent
}

/** Client knobs; tests and benchmarks shorten spacing, timeouts and backoff. */
export interface EnrichClients {
  readonly arxiv?: ArxivClientOptions
  readonly rxiv?: RxivClientOptions
}

export type ProgressHook = (done: number, total: number) => Effect.Effect<void>
