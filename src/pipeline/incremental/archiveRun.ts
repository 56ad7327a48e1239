/**
 * The archive bookkeeping of a run (pure): which digests to parse and which rows to keep, the days to render or
 * copy with their counts, and the archive state the next run builds on.
 */

import type { EnrichedPaper } from "../../domain/EnrichedPaper.ts"
import type { IsoDate } from "../../domain/IsoDate.ts"
import type { PaperKey } from "../../domain/PaperKey.ts"
import type { Pipeline } from "../../domain/Pipeline.ts"
import type { ByteRange } from "../../emit/Artifact.ts"
import { type ArchiveDay, CUMULATIVE_FILES, daysOf, topicBibPath } from "../../emit/renderArtifacts.ts"
import { longestWindow } from "../../emit/topicMatch.ts"
import { PaperAccumulator } from "../../parse/dedupePapers.ts"
import { parseDigest } from "../../parse/parseDigest.ts"
import {
  ArchivedDay,
  type ArchivedDigest,
  ArchiveState,
  archivedDigest,
  type DayCounts,
  dayCounts
} from "./ArchiveState.ts"
import { planDays } from "./planDays.ts"
import type { Published } from "./publishOutputs.ts"
import type { SyncView } from "./SyncView.ts"

/** Where a run starts from: the last run's archive (a delta), or nothing (everything is rendered). */
export type Baseline = Pick<ArchiveState, "digests" | "days" | "askAgain">

/**
 * Parses what the plan needs: first every new or changed digest (their rows are all wanted), then the unchanged
 * digests holding a row of a wanted paper (only those rows). Each text is let go once parsed.
 */
export const parseWanted = (
  pipeline: Pipeline,
  synced: SyncView,
  baseline: Baseline,
  pending: ReadonlyArray<PaperKey>
) => {
  const accumulator = new PaperAccumulator()
  const previousByPath = new Map(baseline.digests.map((digest) => [digest.path, digest] as const))
  const listed = new Set(synced.listing.map((file) => file.path))
  const changed = new Set(
    synced.listing.filter((file) => previousByPath.get(file.path)?.sha !== file.sha).map((file) => file.path)
  )
  for (const digest of baseline.digests) if (!listed.has(digest.path)) changed.add(digest.path)
  const reparsed = new Map<string, ArchivedDigest>()
  const shaOf = new Map(synced.listing.map((file) => [file.path, file.sha] as const))
  for (const file of synced.takeFiles((path) => changed.has(path))) {
    const parsed = parseDigest(file)
    accumulator.add(parsed.rows)
    reparsed.set(file.path, archivedDigest(parsed, shaOf.get(file.path) ?? ""))
  }
  const digests = synced.listing.flatMap(
    (file) => reparsed.get(file.path) ?? previousByPath.get(file.path) ?? []
  )
  const plan = planDays({
    previous: baseline.digests,
    current: digests,
    changed,
    askAgain: [...baseline.askAgain, ...pending],
    renderedBefore: new Set(baseline.days.map((day) => day.day)),
    refreshDays: pipeline.enrich.refreshDays,
    windowDays: longestWindow(pipeline)
  })
  for (const file of synced.takeFiles((path) => plan.files.has(path) && !reparsed.has(path)))
    accumulator.add(
      parseDigest(file).rows.filter((row) => row.arxivId !== null && plan.wanted.has(row.arxivId))
    )
  synced.release()
  const papers = accumulator.papers().filter((paper) => plan.wanted.has(paper.id))
  // The wanted ids and files are let go here: a full run would otherwise hold every id twice more.
  return { papers, digests, dirty: plan.dirty, days: plan.days, reparsed: reparsed.size }
}

/** A day of this run: how it is rendered (afresh or copied) and its counts. */
export interface CountedDay {
  readonly day: ArchiveDay
  readonly counts: DayCounts
}

/** Every day with papers: dirty ones from their enriched papers, the others as the last run recorded them. */
export const countedDays = (
  plan: { readonly dirty: ReadonlySet<IsoDate>; readonly days: ReadonlySet<IsoDate> },
  papers: ReadonlyArray<EnrichedPaper>,
  baseline: Baseline
): ReadonlyArray<CountedDay> => {
  const previous = new Map(baseline.days.map((day) => [day.day, day] as const))
  const rendered = daysOf(papers).map((day) => ({
    day,
    counts: dayCounts("papers" in day ? day.papers : [])
  }))
  const copied = [...plan.days].flatMap((day) => {
    const before = previous.get(day)
    return plan.dirty.has(day) || before === undefined
      ? []
      : [{ day: { day, previous: before.sections, topicBibs: before.topicBibs }, counts: before }]
  })
  return [...rendered, ...copied]
}

/** The archive's totals and feed categories (server-qualified for bioRxiv/medRxiv), summed over its days. */
export const archiveTotals = (days: ReadonlyArray<CountedDay>) => {
  const totals = { papers: 0, withMetadata: 0, withCode: 0, days: days.length, daysRendered: 0 }
  const categories = new Set<string>()
  for (const { day, counts } of days) {
    totals.papers += counts.papers
    totals.withMetadata += counts.withMetadata
    totals.withCode += counts.withCode
    if ("papers" in day) totals.daysRendered++
    for (const category of counts.categories) categories.add(category)
  }
  return { totals, categories: [...categories].sort() }
}

/** This run's archive state: every day's counts and its sections' new ranges, as published. */
export const nextArchive = (input: {
  readonly keys: { readonly runKey: string; readonly baseKey: string }
  readonly digests: ReadonlyArray<ArchivedDigest>
  readonly days: ReadonlyArray<CountedDay>
  readonly published: Published
  readonly askAgain: ReadonlyArray<PaperKey>
  readonly bibKeysSha256: string | null
  /** The pipeline's topic names: their papers.bib sections are recorded too. */
  readonly topics: ReadonlyArray<string>
}): ArchiveState => {
  const days = input.days
    .map(({ day: { day }, counts }) => {
      const [json, bib, csl] = CUMULATIVE_FILES.map(
        (path) => input.published.sections[path]?.[day] ?? { offset: 0, length: 0 }
      )
      const topicBibs: Record<string, ByteRange> = {}
      for (const name of input.topics) {
        const range = input.published.sections[topicBibPath(name)]?.[day]
        if (range !== undefined) topicBibs[name] = range
      }
      return ArchivedDay.make({
        day,
        papers: counts.papers,
        withMetadata: counts.withMetadata,
        withCode: counts.withCode,
        categories: counts.categories,
        sections: { "papers.json": json!, "papers.bib": bib!, "papers.csl.json": csl! },
        topicBibs
      })
    })
    .sort((a, b) => (a.day < b.day ? -1 : 1))
  return new ArchiveState(
    {
      format: 1,
      ...input.keys,
      askAgain: input.askAgain,
      bibKeysSha256: input.bibKeysSha256,
      digests: input.digests,
      days
    },
    { disableValidation: true }
  )
}
