/**
 * What the last full run saw (`last-run.json` in the state folder), so that a run with nothing new can prove
 * it would write the same bytes and skip the work: its cost then follows the new work, not the archive size.
 */
import { createHash } from "node:crypto"
import { Schema } from "effect"
import type { IsoDate } from "../../domain/IsoDate.ts"
import { Pipeline } from "../../domain/Pipeline.ts"
import { RunReport } from "../RunReport.ts"
import type { DateRange } from "../summarize.ts"
import type { ListedDigest } from "./SyncView.ts"

export const RUN_MEMO_FILE = "last-run.json"

export class RunMemo extends Schema.Class<RunMemo>("RunMemo")({
  /** Hash of everything the outputs are made from, but the arXiv cache (see `quietRunAllowed`). */
  key: Schema.String,
  /** Path -> content SHA of every digest the run read: what "changed" is measured against next time. */
  listing: Schema.Record({ key: Schema.String, value: Schema.String }),
  report: RunReport
}) {}

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
  hash.update(JSON.stringify(Schema.encodeSync(Pipeline)(input.pipeline)))
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
  memo.report.status === "published" &&
  memo.report.pending.length === 0 &&
  (!enrichesOnline || memo.report.runDate === today)
