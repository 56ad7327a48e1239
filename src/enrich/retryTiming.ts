/** How the API clients wait between attempts: Retry-After as the server sends it, and jittered backoff. */
import { type Duration, Effect, Random } from "effect"

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), 0 when absent or unreadable. */
export const retryAfterMillis = (header: string | undefined, now: number): number => {
  if (header === undefined) return 0
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  return Number.isNaN(date) ? 0 : Math.max(0, date - now)
}

/**
 * The wait before retry `retry` (0-based): `base` doubling per retry up to `cap`, half of it fixed and half
 * random, so that clients retrying after one outage do not all return at once.
 */
export const jitteredBackoff = (base: number, cap: number) => (retry: number) =>
  Effect.map(Random.next, (random) => {
    const delay = Math.min(cap, base * 2 ** retry)
    return delay / 2 + (random * delay) / 2
  })

/** The knobs both polite clients share; each adds its own `spacing` (arXiv spaces starts, bioRxiv exchanges). */
export interface RetryingClientOptions {
  /** Per-request timeout, body included. */
  readonly requestTimeout?: Duration.DurationInput
  /** Retries after the first attempt. */
  readonly retries?: number
  /** First backoff delay; doubles per retry up to backoffCap, with jitter (half fixed, half random). */
  readonly backoffBase?: Duration.DurationInput
  readonly backoffCap?: Duration.DurationInput
  readonly userAgent?: string
}
