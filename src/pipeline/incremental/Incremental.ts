/**
 * The incremental run behind one small interface: what the last run left (its memo and archive), whether this
 * run may be quiet or build on it (`loadBaseline`), which digests to parse and days to render (`planRun`), how
 * to publish, and what this run leaves for the next (`recordRun`). runPipeline imports nothing else from here.
 */
import { type FileSystem, Path } from "@effect/platform"
import { Effect, Schema, Struct } from "effect"
import type { EnrichedPaper } from "../../domain/EnrichedPaper.ts"
import type { IsoDate } from "../../domain/IsoDate.ts"
import type { PaperKey } from "../../domain/PaperKey.ts"
import type { Pipeline } from "../../domain/Pipeline.ts"
import type { Problem } from "../../domain/Problem.ts"
import { StateStore } from "../../state/StateStore.ts"
import type { RunReport } from "../RunReport.ts"
import type { DateRange } from "../summarize.ts"
import {
  ARCHIVE_STATE_FILE,
  type ArchivedDigest,
  ArchiveStateFile,
  EMPTY_ARCHIVE,
  needsAsking
} from "./ArchiveState.ts"

import { type Baseline, type CountedDay, nextArchive } from "./archiveRun.ts"
import { publishedBytesMatch } from "./publishedStamps.ts"
import { type Published, recordedFiles } from "./publishOutputs.ts"
import {
  MemoProblems,
  type MemoReport,
  problemsText,
  quietRunAllowed,
  RUN_MEMO_FILE,
  RUN_PROBLEMS_FILE,
  RunMemo,
  runKey,
  sha256Of
} from "./RunMemo.ts"
import type { SyncView } from "./SyncView.ts"

export { needsAsking } from "./ArchiveState.ts"
export {
  archiveTotals,
  type Baseline,
  type CountedDay,
  countedDays,
  parseWanted as planRun
} from "./archiveRun.ts"
export { outputsIntact } from "./outputsManifest.ts"
export { type OutputsBefore, outputsBefore, promoteOutputs } from "./promoteOutputs.ts"
export {
  type ExtraFiles,
  type ExtraOutput,
  PublishError,
  type Published,
  publishOutputs,
  type StagedView
} from "./publishOutputs.ts"
export type { MemoReport, RunMemo } from "./RunMemo.ts"
export { newestDigestDates, type SyncView, viewSync } from "./SyncView.ts"

/** The inputs a run's outputs depend on, besides the digests. */
export interface RunInputs {
  readonly pipeline: Pipeline
  readonly range: DateRange
  readonly offline: boolean
  /** A hash of the bundle; null (development) disables quiet and delta runs. */
  readonly codeFingerprint: string | null
}

/** This run's key (null in development) and, for a full-range run, the keys its archive is recorded under. */
export interface RunKeys {
  readonly key: string | null
  readonly archive: { readonly runKey: string; readonly baseKey: string } | null
}

/** The last run's memo, or undefined (never written, or corrupt and set aside). */
export const lastRun = Effect.flatMap(StateStore, (store) =>
  store.readOrRebuild(RUN_MEMO_FILE, RunMemo).pipe(Effect.orElseSucceed(() => undefined))
)

export const runKeys = (inputs: RunInputs, synced: Pick<SyncView, "listing">): RunKeys => {
  if (inputs.codeFingerprint === null) return { key: null, archive: null }
  const base = { ...inputs, codeFingerprint: inputs.codeFingerprint }
  const key = runKey({ ...base, listing: synced.listing })
  const ranged = inputs.range.since !== null || inputs.range.until !== null
  return { key, archive: ranged ? null : { runKey: key, baseKey: runKey({ ...base, listing: [] }) } }
}

/** The view without the files a run could not read: what it records for the next run, which then reads them. */
export const withoutUnreadable = (synced: SyncView, unreadable: ReadonlySet<string>): SyncView =>
  unreadable.size === 0
    ? synced
    : { ...synced, listing: synced.listing.filter((file) => !unreadable.has(file.path)) }

/** What a quiet run brings up to date: the last full run's report, as the memo keeps it, and its problems. */
export interface QuietBaseline {
  readonly previous: MemoReport
  readonly previousProblems: ReadonlyArray<Problem>
}

/**
 * Nothing this run reads changed since the last full run, nothing is due at arXiv, and the outputs are the
 * ones it published: the run can reuse its report. The key covers every digest's SHA. Answers what the quiet
 * run reports again, or undefined when the run is not quiet: a problems file missing, unreadable or not the
 * one the memo vouches for makes a normal run, never a failure.
 */
export const quietBaseline = (input: {
  readonly memo: RunMemo | undefined
  readonly runKeys: RunKeys
  readonly today: IsoDate
  readonly enrichesOnline: boolean
  readonly outDir: string
  /** Whether `outDir` holds what the last run published (outputsIntact, which the run starts beside the sync). */
  readonly intact: Effect.Effect<boolean, never, FileSystem.FileSystem | Path.Path>
}): Effect.Effect<QuietBaseline | undefined, never, StateStore | FileSystem.FileSystem | Path.Path> => {
  const { memo } = input
  if (!quietRunAllowed(memo, input.runKeys.key, input.today, input.enrichesOnline))
    return Effect.succeed(undefined)
  return Effect.gen(function* () {
    const store = yield* StateStore
    if (!(yield* input.intact)) return undefined
    const file = (yield* Path.Path).join(store.folder, RUN_PROBLEMS_FILE)
    const text = yield* store.readFile(file)
    if (text === undefined || sha256Of(text) !== memo.problemsSha256) return undefined
    const previousProblems = yield* Schema.decodeUnknown(Schema.parseJson(MemoProblems))(text)
    return { previous: memo.report, previousProblems }
  }).pipe(Effect.orElseSucceed(() => undefined))
}

/**
 * The last run's archive, when this run may build on it: written by the run the memo records, with the same
 * code, pipeline and flags, beside outputs that still hold the bytes it published (hashed whole, since a
 * restored or edited output folder would otherwise be spliced into garbage). Anything else: render everything.
 * The archive is then forgotten until this run records its own: enrichment may change the arXiv cache before
 * anything is published, so a run that fails or is killed from here on leaves the next one a full render.
 */
export const loadBaseline = Effect.fn("Incremental.loadBaseline")(function* (input: {
  readonly outDir: string
  readonly memo: RunMemo | undefined
  readonly runKeys: RunKeys
  readonly bibKeysFile: string
  /** The published files made of day sections, which a delta run splices: they must hold what was published. */
  readonly splicedFiles: ReadonlyArray<string>
  /** Whether `outDir` holds what the last run published (outputsIntact, which the run starts beside the sync). */
  readonly intact: Effect.Effect<boolean, never, FileSystem.FileSystem | Path.Path>
}) {
  const store = yield* StateStore
  const baseline = yield* trustedArchive(input)
  yield* store.remove(ARCHIVE_STATE_FILE)
  return baseline
})

const trustedArchive = (input: {
  readonly outDir: string
  readonly memo: RunMemo | undefined
  readonly runKeys: RunKeys
  readonly bibKeysFile: string
  readonly splicedFiles: ReadonlyArray<string>
  readonly intact: Effect.Effect<boolean, never, FileSystem.FileSystem | Path.Path>
}) =>
  Effect.gen(function* () {
    const store = yield* StateStore
    const { memo, runKeys: keys } = input
    if (keys.archive === null || memo === undefined || memo.report.status !== "published")
      return EMPTY_ARCHIVE
    const archive = yield* store
      .readOrRebuild(ARCHIVE_STATE_FILE, ArchiveStateFile)
      .pipe(Effect.orElseSucceed(() => undefined))
    if (archive === undefined || archive.runKey !== memo.key || archive.baseKey !== keys.archive.baseKey)
      return EMPTY_ARCHIVE
    const bibKeys = yield* store.sha256(input.bibKeysFile).pipe(Effect.orElseSucceed(() => null))
    if (bibKeys !== archive.bibKeysSha256) return EMPTY_ARCHIVE
    const intact =
      (yield* input.intact) &&
      (yield* publishedBytesMatch(
        input.outDir,
        yield* recordedFiles(store),
        input.splicedFiles,
        archive.stamps
      ))
    return intact ? archive : (EMPTY_ARCHIVE satisfies Baseline)
  })

/** What a published run leaves for the next one. */
export interface RunRecord {
  readonly runKeys: RunKeys
  readonly memo: RunMemo | undefined
  readonly synced: SyncView
  readonly report: RunReport
  /** Null: no archive is left (a date range, development, or arXiv cache trouble): the next run renders all. */
  readonly archive: {
    readonly digests: ReadonlyArray<ArchivedDigest>
    readonly days: ReadonlyArray<CountedDay>
    readonly published: Published
    /** The papers this run enriched: those still without (current) metadata are asked again next run. */
    readonly papers: ReadonlyArray<EnrichedPaper>
    /** Instead of those of `papers`: the papers to ask again (a sliced run gathers them over its slices). */
    readonly askAgain?: ReadonlyArray<PaperKey>
    /** The pipeline's topic names: each day records its section of every topic's papers.bib. */
    readonly topics: ReadonlyArray<string>
  } | null
  /** SHA-256 of the key registry the run rendered with (null: none): the next run trusts the archive beside it. */
  readonly bibKeysSha256: string | null
}

/**
 * Records the archive, then the memo. The outputs are published: nothing here fails the run. A kill in
 * between leaves an archive whose key no memo matches (a full run next), never a memo vouching for a stale
 * archive. A date-range rebuild keeps the last full run's listing and report (what the next run compares
 * itself with) under a key no run matches, so the next run renders everything again.
 */
export const recordRun = Effect.fn("Incremental.recordRun")(function* (record: RunRecord) {
  const store = yield* StateStore
  const { runKeys: keys, memo, archive } = record
  const state =
    keys.archive === null || archive === null
      ? null
      : nextArchive({
          keys: keys.archive,
          digests: archive.digests,
          days: archive.days,
          published: archive.published,
          askAgain: archive.askAgain ?? archive.papers.filter(needsAsking).map((paper) => paper.paper.id),
          topics: archive.topics,
          bibKeysSha256: record.bibKeysSha256
        })
  yield* (
    state === null
      ? store.remove(ARCHIVE_STATE_FILE)
      : store.write(ARCHIVE_STATE_FILE, ArchiveStateFile, state)
  ).pipe(
    Effect.catchAll((error) => Effect.logWarning(`cannot record the archive for the next run: ${error.file}`))
  )
  const ranged = record.report.range.since !== null || record.report.range.until !== null
  const keepsLast = ranged && memo !== undefined
  // The problems first: a kill before the memo leaves a file the old memo's hash refuses (a normal run next).
  const problemsSha256 = keepsLast
    ? memo.problemsSha256
    : yield* writeProblems(record.report.problems).pipe(
        Effect.catchAll((error) =>
          Effect.logWarning(`cannot record the run's problems: ${error.file}`).pipe(Effect.as(null))
        )
      )
  const next = RunMemo.make(
    keepsLast
      ? { key: "date-range rebuild", listing: memo.listing, report: memo.report, problemsSha256 }
      : {
          key: ranged ? "date-range rebuild" : (keys.key ?? "development"),
          listing: Object.fromEntries(record.synced.listing.map((file) => [file.path, file.sha])),
          report: Struct.omit(record.report, "newPapers", "problems"),
          problemsSha256
        }
  )
  yield* store
    .write(RUN_MEMO_FILE, RunMemo, next)
    .pipe(
      Effect.catchAll((error) => Effect.logWarning(`cannot record the run for the next one: ${error.file}`))
    )
})

/** Writes the problems file; answers the hash the memo records for it. */
const writeProblems = (problems: RunReport["problems"]) =>
  Effect.flatMap(StateStore, (store) => {
    const text = problemsText(problems)
    return store.writeChunks(RUN_PROBLEMS_FILE, [text]).pipe(Effect.as(sha256Of(text)))
  })
