/** The guard between rendering and publishing: a run never replaces the archive with clearly less of it. */
import { Effect } from "effect"
import { RunFailed } from "./RunFailed.ts"
import type { RunReport } from "./RunReport.ts"
import type { DateRange } from "./summarize.ts"

/**
 * papers.json promises every paper ever seen: a run that would publish none, or clearly fewer than the last
 * full run (a glob that matches nothing, a moved folder, a listing cut short), publishes nothing instead
 * (exit 1) unless told to. A date-range rebuild is meant to be smaller.
 */
export const refuseToShrink = (
  options: { readonly range: DateRange; readonly allowShrink: boolean },
  papers: number,
  previous: Pick<RunReport, "counts"> | undefined
) => {
  const ranged = options.range.since !== null || options.range.until !== null
  if (papers === 0 && !options.allowShrink)
    return new RunFailed({ message: "nothing to publish: the digests hold no paper with an arXiv id or DOI" })
  const before = previous?.counts.papers ?? 0
  if (!ranged && !options.allowShrink && papers < before * 0.95)
    return new RunFailed({
      message: `refusing to publish ${papers} papers where the last run published ${before}; check the source, or pass --allow-shrink`
    })
  return Effect.void
}
