/**
 * The archive bookkeeping of a run (pure): which digests to parse and which rows to keep, the days to render or
 * copy with their counts, and the archive state the next run builds on.
 */
import { Effect } from "effect"
import type { EnrichedPaper } from "../../domain/EnrichedPaper.ts"
import { dateFromFileName, type IsoDate } from "../../domain/IsoDate.ts"
import type { PaperKey } from "../../domain/PaperKey.ts"
import type { Pipeline } from "../../domain/Pipeline.ts"
import type { ByteRange } from "../../emit/Artifact.ts"
import { type ArchiveDay, CUMULATIVE_FILES, daysOf, topicBibPath } from "../../emit/renderArtifacts.ts"
import { longestWindow } from "../../emit/topicMatch.ts"
import {
  ArchivedDay,
  type ArchivedDigest,
  ArchiveState,
  type DayCounts,
  dayCounts,
  papersSha256Of
} from "./ArchiveState.ts"
import { DigestReader, isRxivKind, kindOf } from "./DigestReader.ts"
import { neighboursOfChanges, planDays } from "./planDays.ts"
import type { Published } from "./publishOutputs.ts"
import type { SyncView } from "./SyncView.ts"

/** Where a run starts from: the last run's archive (a delta), or nothing (everything is rendered). */
export type Baseline = Pick<ArchiveState, "digests" | "days" | "askAgain">

/**
 * Parses what the plan needs: first every new or changed digest (their rows are all wanted), then the unchanged
 * digests holding a row of a wanted paper (only those rows). A bioRxiv/medRxiv digest is read with its day's
 * upstream JSON, taken before it; a changed JSON file counts as a change of its day's bioRxiv/medRxiv digests.
 * Texts are read only here, and each is let go once parsed. A file that cannot be read is left out of the
 * archive (`unreadable`), so the next run reads it as a new one.
 */
export const parseWanted = Effect.fn("Incremental.parseWanted")(function* (
  pipeline: Pipeline,
  synced: SyncView,
  baseline: Baseline,
  pending: ReadonlyArray<PaperKey>
) {
  const reader = new DigestReader(pipeline.servers)
  const previousByPath = new Map(baseline.digests.map((digest) => [digest.path, digest] as const))
  const listed = new Set(synced.listing.map((file) => file.path))
  const changed = new Set(
    synced.listing.filter((file) => previousByPath.get(file.path)?.sha !== file.sha).map((file) => file.path)
  )
  for (const digest of baseline.digests) if (!listed.has(digest.path)) changed.add(digest.path)
  const changedJsonDays = new Set(
    [...changed].filter((path) => kindOf(path) === "upstream-json").map((path) => dateFromFileName(path))
  )
  for (const file of synced.listing)
    if (isRxivKind(kindOf(file.path)) && changedJsonDays.has(file.date)) changed.add(file.path)

  const reparsed = new Map<string, ArchivedDigest>()
  const shaOf = new Map(synced.listing.map((file) => [file.path, file.sha] as const))
  const takeJsonFor = (paths: ReadonlySet<string>) => {
    const days = new Set(
      synced.listing
        .filter((file) => paths.has(file.path) && reader.reads(file.path) && isRxivKind(kindOf(file.path)))
        .map((file) => file.date)
    )
    const wantedJson = (path: string) =>
      kindOf(path) === "upstream-json" &&
      (changed.has(path) || (reader.readsRxiv && days.has(dateFromFileName(path)!)))
    return synced.readFiles(wantedJson, (file) => {
      const archived = reader.read(file, shaOf.get(file.path) ?? "")
      if (changed.has(file.path)) reparsed.set(file.path, archived)
    })
  }
  yield* takeJsonFor(changed)
  yield* synced.readFiles(
    (path) => changed.has(path) && !reparsed.has(path),
    (file) => reparsed.set(file.path, reader.read(file, shaOf.get(file.path) ?? ""))
  )
  const digests = synced.listing.flatMap((file) =>
    synced.unreadable.has(file.path) ? [] : (reparsed.get(file.path) ?? previousByPath.get(file.path) ?? [])
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
  const rest = new Set([...plan.files].filter((path) => !reparsed.has(path)))
  yield* takeJsonFor(rest)
  yield* synced.readFiles(
    (path) => rest.has(path),
    (file) => reader.read(file, shaOf.get(file.path) ?? "", plan.wanted)
  )
  const read = reader.papers()
  const papers = read.papers.filter((paper) => plan.wanted.has(paper.id))
  // The wanted ids and files are let go here: a full run would otherwise hold every id twice more.
  return {
    papers,
    // A file whose rows this run lacks is not recorded: the next run parses it again.
    digests: digests.filter((digest) => !synced.unreadable.has(digest.path)),
    dirty: plan.dirty,
    days: plan.days,
    reparsed: reparsed.size,
    problems: [...read.problems, ...synced.unreadable.values()],
    unreadable: new Set(synced.unreadable.keys())
  }
})

/** A day of this run: how it is rendered (afresh or copied) and its counts. */
export interface CountedDay {
  readonly day: ArchiveDay
  readonly counts: DayCounts
}

/**
 * Every day with papers: dirty ones from their enriched papers, the others as the last run recorded them. A
 * dirty day whose papers hash as the last run rendered them (most of the refresh and feed windows, parsed again
 * each night) is copied too, unless a neighbour appeared or went (its page links them).
 */
export const countedDays = (
  plan: { readonly dirty: ReadonlySet<IsoDate>; readonly days: ReadonlySet<IsoDate> },
  papers: ReadonlyArray<EnrichedPaper>,
  baseline: Baseline
): ReadonlyArray<CountedDay> => {
  const previous = new Map(baseline.days.map((day) => [day.day, day] as const))
  const relinked = neighboursOfChanges(plan.days, new Set(previous.keys()))
  const copy = (day: IsoDate, before: ArchivedDay): CountedDay => ({
    day: { day, previous: before.sections, topicBibs: before.topicBibs },
    counts: before
  })
  const parsed = daysOf(papers).map((day): CountedDay => {
    const dayPapers = "papers" in day ? day.papers() : []
    const papersSha256 = papersSha256Of(dayPapers)
    const before = previous.get(day.day)
    return before !== undefined && before.papersSha256 === papersSha256 && !relinked.has(day.day)
      ? copy(day.day, before)
      : { day, counts: dayCounts(dayPapers, papersSha256) }
  })
  const copied = [...plan.days].flatMap((day) => {
    const before = previous.get(day)
    return plan.dirty.has(day) || before === undefined ? [] : [copy(day, before)]
  })
  return [...parsed, ...copied]
}

/** The archive's totals and feed categories (server-qualified for bioRxiv/medRxiv), summed over its days. */
export const archiveTotals = (days: ReadonlyArray<CountedDay>) => {
  const totals = {
    papers: 0,
    withMetadata: 0,
    withCode: 0,
    days: days.length,
    daysRendered: 0,
    servers: {} as Record<string, number>
  }
  const categories = new Set<string>()
  for (const { day, counts } of days) {
    totals.papers += counts.papers
    totals.withMetadata += counts.withMetadata
    totals.withCode += counts.withCode
    for (const [server, papers] of Object.entries(counts.servers))
      totals.servers[server] = (totals.servers[server] ?? 0) + papers
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
        servers: counts.servers,
        withMetadata: counts.withMetadata,
        withCode: counts.withCode,
        categories: counts.categories,
        sections: { "papers.json": json!, "papers.bib": bib!, "papers.csl.json": csl! },
        topicBibs,
        papersSha256: counts.papersSha256
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
      days,
      stamps: input.published.stamps
    },
    { disableValidation: true }
  )
}
