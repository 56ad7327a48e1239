/** Problems: what could not be read or done, with where, so one bad row never sinks a run. */
import { Schema } from "effect"
import { isPlainObject } from "./quickChecked.ts"

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

/**
 * A problem as JSON holds it, checked in one pass: state files hold tens of thousands (the run memo's, the
 * archive's), and decoding each through the class schema (an instance per problem) cost a night 0.1-0.2 s.
 * Problems checked here stay plain objects with Problem's fields: everything that reads a problem reads its
 * fields, and Problem's type is structural.
 */
export const isPlainProblem = (input: unknown): input is Problem => {
  if (!isPlainObject(input)) return false
  const { file, line, code, severity, message } = input
  return (
    // No other field: Problem's schema would drop it, and the check must accept only what decodes as itself.
    Object.keys(input).length === 5 &&
    typeof file === "string" &&
    Number.isSafeInteger(line) &&
    typeof code === "string" &&
    (severity === "error" || severity === "warning" || severity === "info") &&
    typeof message === "string"
  )
}

/** Stable order for reports: by file, then line, then code. */
export const compareProblems = (a: Problem, b: Problem): number =>
  a.file < b.file
    ? -1
    : a.file > b.file
      ? 1
      : a.line - b.line || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
