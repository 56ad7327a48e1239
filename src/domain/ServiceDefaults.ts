/**
 * The one place for the real services' addresses and the timings their terms ask for. The clients start from
 * these; only tests and benchmarks shrink the timings (DIGEST_FEEDS_TIME_SCALE, cli/timeScale.ts), and only
 * towards loopback fakes.
 */
import { Config } from "effect"

export const ARXIV = {
  /** `ARXIV_API_URL`; tests point it at a loopback fake. */
  apiUrl: "https://export.arxiv.org/api/query",
  /** arXiv's terms: at most one request every 3 seconds. */
  spacingMillis: 3000,
  requestTimeoutMillis: 30_000,
  retries: 4,
  backoffBaseMillis: 5000,
  backoffCapMillis: 120_000
} as const

export const RXIV = {
  /** `RXIV_API_URL`; tests point it at a loopback fake. bioRxiv and medRxiv share this API. */
  apiUrl: "https://api.biorxiv.org",
  /** No published limit: one connection, a second from one answer's end to the next request. */
  spacingMillis: 1000,
  /** An interval page with 30 abstracts is ~100 KB. */
  requestTimeoutMillis: 60_000,
  retries: 4,
  backoffBaseMillis: 5000,
  backoffCapMillis: 120_000,
  /** Records per interval page in the answers recorded in 2026 (the help page says 100). */
  pageSize: 30,
  /**
   * Versions a server posts on a day, for the planner's choice between interval pages and per-DOI calls: the
   * median rows per layout-A file (which listed every version of the day), measured by `npm run bench:rxiv`.
   */
  versionsPerDay: { biorxiv: 162, medrxiv: 46 },
  /** Most time one run spends on the API; the rest stays pending (the first backfill takes 3 nights). */
  budgetMinutes: 45
} as const

export const GITHUB = {
  /** `GITHUB_API_URL`; GitHub Actions sets it, tests point it at a loopback fake. */
  apiUrl: "https://api.github.com",
  /** A rate limit that resets within this many seconds is waited for; a later one stops the sync. */
  maxRateLimitWaitSeconds: 60,
  /** Milliseconds per second of `retry-after`, and the unit of the retry backoff. */
  retryBaseMillis: 1000,
  retries: 3,
  /** A call (octokit's own retries included) that takes longer is aborted and retried. */
  timeoutMillis: 120_000
} as const

export const arxivApiUrl = Config.string("ARXIV_API_URL").pipe(Config.withDefault(ARXIV.apiUrl))
export const rxivApiUrl = Config.string("RXIV_API_URL").pipe(Config.withDefault(RXIV.apiUrl))
export const githubApiUrl = Config.string("GITHUB_API_URL").pipe(Config.withDefault(GITHUB.apiUrl))
