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
export const githubApiUrl = Config.string("GITHUB_API_URL").pipe(Config.withDefault(GITHUB.apiUrl))
