/**
 * What the last full run saw (`last-run.json` in the state folder), so that a run with nothing new can prove
 * it would write the same bytes and skip the work: its cost then follows the new work, not the archive size.
 * The memo is small: the report's problems live beside it (`last-run-problems.json`), read only by a quiet
 * run, and its ids of new papers are not kept (a quiet run reports none).
 */
import { createHash } from "node:crypto"
import { Schema, Struct } from "effect"
import type { IsoDate } from "../../domain/IsoDate.ts"
import { Pipeline } from "../../domain/Pipeline.ts"
import { isPlainProblem, Problem } from "../../domain/Problem.ts"
import { isArrayOf, quickChecked } from "../../domain/quickChecked.ts"
import { RunReport } from "../RunReport.ts"
import type { DateRange } from "../summarize.ts"
import type { ListedDigest } from "./SyncView.ts"

export const RUN_MEMO_FILE = "last-run.json"
/** The last full run's problems, as the memo's `problemsSha256` vouches for them. */
export const RUN_PROBLEMS_FILE = "last-run-problems.json"

/** The last full run's report without its bulky lists: what the quiet check and the next run read. */
export const MemoReport = Schema.Struct(Struct.omit(RunReport.fields, "newPapers", "problems"))
export type MemoReport = typeof MemoReport.Type

export class RunMemo extends Schema.Class<RunMemo>("RunMemo")({
  /** Hash of everything the outputs are made from, but the arXiv cache (see `quietRunAllowed`). */
  key: Schema.String,
  /** Path -> content SHA of every digest the run read: what "changed" is measured against next time. */
  listing: Schema.Record({ key: Schema.String, value: Schema.String }),
  /** A memo written before the problems moved out holds the whole report: its lists are ignored on reading. */
  report: MemoReport,
  /**
   * SHA-256 of RUN_PROBLEMS_FILE's bytes as the run wrote them (written first, so a kill before the memo leaves
   * a file this hash refuses). Null in a memo of an earlier version: no quiet run from it, a normal one instead.
   */
  problemsSha256: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null })
}) {}

/**
 * The problems file, checked in one pass: a large archive's report holds tens of thousands of problems, and
 * decoding each through Problem's class schema (an instance per problem) cost a quiet night 60-120 ms of CPU
 * besides its garbage (isPlainProblem).
 */
export const MemoProblems = quickChecked(
  Schema.Array(Problem),
  (input): input is ReadonlyArray<Problem> => isArrayOf(input, isPlainProblem),
  "MemoProblems"
)

/** The problems file's text: written and hashed as one string, so the hash is of the bytes on disk. */
export const problemsText = (problems: ReadonlyArray<Problem>): string =>
  `${JSON.stringify(problems, null, 1)}\n`

export const sha256Of = (text: string): string => createHash("sha256").update(text).digest("hex")

/** The inputs of a run: the code, the pipeline, the flags, and every digest by path and blob SHA. */
export const runKey = (input: {
  readonly codeFingerprint: string
  readonly pipeline: Pipeline
  readonly range: DateRange
  readonly offline: boolean
  readonly listing: ReadonlyArray<ListedDigest>
}): string => {
  const hash = createHash("sha256")
  hash.update(input.codeFingerprint)
  // sliceDays changes how a run goes, not what it publishes: a state keyed before it existed keeps its key.
  hash.update(JSON.stringify(Struct.omit(Schema.encodeSync(Pipeline)(input.pipeline), "sliceDays")))
  hash.update(JSON.stringify([input.range, input.offline]))
  for (const file of input.listing) hash.update(`\n${file.path}\t${file.sha}`)
  return hash.digest("hex")
}

/**
 * A run may reuse the last one when nothing it reads changed and enrichment has nothing due: no paper left
 * pending, and arXiv already asked today (refreshes of recent papers happen at most once a day).
 */
export const quietRunAllowed = (
  memo: RunMemo | undefined,
  key: string | null,
  today: IsoDate,
  enrichesOnline: boolean
): memo is RunMemo =>
  memo !== undefined &&
  key !== null &&
  memo.key === key &&
  memo.problemsSha256 !== null &&
  memo.report.status === "published" &&
  memo.report.pending.length === 0 &&
  (!enrichesOnline || memo.report.runDate === today)
