/**
 * Test and benchmark knob: DIGEST_FEEDS_TIME_SCALE (0 < s ≤ 1) shrinks arXiv's 3-second spacing and every
 * retry wait. It is honoured only when the service it slows down is a loopback fake, so no configuration can
 * make the real arXiv or GitHub be asked faster than their terms allow.
 */
import { Config, Effect, Option } from "effect"
import type { ArxivClientOptions } from "../enrich/ArxivClient.ts"
import type { GitHubClientOptions } from "../github/GitHubClient.ts"

const isLoopback = (url: string): boolean => {
  try {
    const host = new URL(url).hostname
    return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host)
  } catch {
    return false
  }
}

export interface ClientTuning {
  readonly arxiv: ArxivClientOptions
  readonly github: GitHubClientOptions
  /** The scale in force for each service (1 = real timings), for the report and benchmark tables. */
  readonly arxivScale: number
  readonly githubScale: number
}

export const clientTuning = Effect.gen(function* () {
  const scale = yield* Config.option(Config.number("DIGEST_FEEDS_TIME_SCALE"))
  const arxivUrl = yield* Config.string("ARXIV_API_URL").pipe(
    Config.withDefault("https://export.arxiv.org/api/query")
  )
  const githubUrl = yield* Config.string("GITHUB_API_URL").pipe(Config.withDefault("https://api.github.com"))
  const factor = Option.getOrElse(
    Option.filter(scale, (s) => s > 0 && s <= 1),
    () => 1
  )
  const arxivScale = isLoopback(arxivUrl) ? factor : 1
  const githubScale = isLoopback(githubUrl) ? factor : 1
  if (Option.isSome(scale) && factor !== 1 && (arxivScale === 1 || githubScale === 1))
    yield* Effect.logWarning("DIGEST_FEEDS_TIME_SCALE ignored for services that are not on loopback")
  return {
    arxiv:
      arxivScale === 1
        ? {}
        : {
            spacing: `${3000 * arxivScale} millis`,
            backoffBase: `${5000 * arxivScale} millis`,
            backoffCap: `${120_000 * arxivScale} millis`,
            requestTimeout: `${Math.max(1000, 60_000 * arxivScale)} millis`
          },
    github:
      githubScale === 1
        ? {}
        : {
            retryBaseMillis: Math.max(1, Math.round(1000 * githubScale)),
            // A floor, not a scale: the timeout also bounds transfers (a 200 MB tarball), which no scale shortens.
            timeoutMillis: Math.max(10_000, Math.round(120_000 * githubScale))
          },
    arxivScale,
    githubScale
  } satisfies ClientTuning
})
