/** Problems: what could not be read or done, with where, so one bad row never sinks a run. */
import { Schema } from "effect"

export const Severity = Schema.Literal("error", "warning", "info")
export type Severity = typeof Severity.Type

/** One reported problem; `line` is 1-based, 0 when it concerns the whole file or run. */
export class Problem extends Schema.Class<Problem>("Problem")({
  file: Schema.String,
  line: Schema.Int,
  code: Schema.String,
  severity: Severity,
  message: Schema.String
}) {}

/** Stable order for reports: by file, then line, then code. */
export const compareProblems = (a: Problem, b: Problem): number =>
  a.file < b.file
    ? -1
    : a.file > b.file
      ? 1
      : a.line - b.line || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
