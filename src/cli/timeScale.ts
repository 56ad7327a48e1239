/**
 * Test and benchmark knob: DIGEST_FEEDS_TIME_SCALE (0 < s ≤ 1) shrinks arXiv's 3-second spacing, the bioRxiv
 * API's 1-second spacing and every
 * retry wait of the defaults (domain/ServiceDefaults.ts). It is honoured only when the service it slows down is
 * a loopback fake, so no configuration can make the real arXiv or GitHub be asked faster than their terms allow.
 * Unset (the production path), the clients keep their defaults and nothing here is read.
 */
import { Config, Effect, Option } from "effect"
import { ARXIV, arxivApiUrl, GITHUB, githubApiUrl, RXIV, rxivApiUrl } from "../domain/ServiceDefaults.ts"
import type { ArxivClientOptions } from "../enrich/ArxivClient.ts"
import type { RxivClientOptions } from "../enrich/rxiv/RxivClient.ts"
import type { GitHubClientOptions } from "../github/GitHub.ts"

export const TIME_SCALE = "DIGEST_FEEDS_TIME_SCALE"

/**
 * With a scale, the GitHub client's timeout in seconds instead of its 10 s floor. That timeout also bounds the
 * tarball's transfer, which no scale shortens: the mixed benchmark archive's 370 MB tarball outlasted 10 s on a
 * loaded machine (the benchmarks set 120, the production timeout). Read only where the scale applies.
 */
export const GITHUB_TIMEOUT = "DIGEST_FEEDS_GITHUB_TIMEOUT_SECONDS"

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
  readonly rxiv: RxivClientOptions
  readonly github: GitHubClientOptions
}

/** The services a run will talk to, so that a scale is judged (and warned about) only for those. */
export interface Contacts {
  readonly arxiv: boolean
  readonly rxiv: boolean
  readonly github: boolean
}

const PRODUCTION: ClientTuning = { arxiv: {}, rxiv: {}, github: {} }

const scaledArxiv = (scale: number): ArxivClientOptions => ({
  spacing: `${ARXIV.spacingMillis * scale} millis`,
  backoffBase: `${ARXIV.backoffBaseMillis * scale} millis`,
  backoffCap: `${ARXIV.backoffCapMillis * scale} millis`,
  requestTimeout: `${Math.max(1000, ARXIV.requestTimeoutMillis * scale)} millis`
})

const scaledRxiv = (scale: number): RxivClientOptions => ({
  spacing: `${RXIV.spacingMillis * scale} millis`,
  backoffBase: `${RXIV.backoffBaseMillis * scale} millis`,
  backoffCap: `${RXIV.backoffCapMillis * scale} millis`,
  requestTimeout: `${Math.max(1000, RXIV.requestTimeoutMillis * scale)} millis`
})

const scaledGitHub = (scale: number, timeoutSeconds: Option.Option<number>): GitHubClientOptions => ({
  retryBaseMillis: Math.max(1, Math.round(GITHUB.retryBaseMillis * scale)),
  // A floor, not a scale: the timeout also bounds transfers (a 200 MB tarball), which no scale shortens.
  timeoutMillis: Option.match(timeoutSeconds, {
    onNone: () => Math.max(10_000, Math.round(GITHUB.timeoutMillis * scale)),
    onSome: (seconds) => Math.round(seconds * 1000)
  })
})

/** Client options for this run: the defaults, or scaled ones for the services on loopback. */
export const clientTuning = (contacts: Contacts) =>
  Effect.gen(function* () {
    const setting = yield* Config.option(Config.number(TIME_SCALE))
    const scale = Option.getOrElse(
      Option.filter(setting, (s) => s > 0 && s < 1),
      () => 1
    )
    if (scale === 1) return PRODUCTION
    const arxivLocal = isLoopback(yield* arxivApiUrl)
    const rxivLocal = isLoopback(yield* rxivApiUrl)
    const githubLocal = isLoopback(yield* githubApiUrl)
    const ignored = [
      ...(contacts.arxiv && !arxivLocal ? ["arXiv"] : []),
      ...(contacts.rxiv && !rxivLocal ? ["bioRxiv/medRxiv"] : []),
      ...(contacts.github && !githubLocal ? ["GitHub"] : [])
    ]
    if (ignored.length > 0)
      yield* Effect.logWarning(`${TIME_SCALE} ignored for ${ignored.join(" and ")}: not on loopback`)
    return {
      arxiv: arxivLocal ? scaledArxiv(scale) : {},
      rxiv: rxivLocal ? scaledRxiv(scale) : {},
      github: githubLocal
        ? scaledGitHub(
            scale,
            Option.filter(yield* Config.option(Config.number(GITHUB_TIMEOUT)), (s) => s > 0)
          )
        : {}
    } satisfies ClientTuning
  })
