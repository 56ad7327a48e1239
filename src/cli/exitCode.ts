/** Exit statuses (DESIGN.md): 0 published, 1 nothing could be published, 2 usage or configuration error. */
import { ValidationError } from "@effect/cli"
import { Cause, Exit, Option } from "effect"

const USAGE_TAGS = new Set(["PipelineError", "StateCorrupt"])

const isUsageError = (error: unknown): boolean =>
  ValidationError.isValidationError(error) ||
  (typeof error === "object" && error !== null && "_tag" in error && USAGE_TAGS.has(String(error._tag))) ||
  (typeof error === "object" && error !== null && "_op" in error && "path" in error) // ConfigError

/** The process exit status for a finished program. */
export const exitCodeOf = (exit: Exit.Exit<unknown, unknown>): number => {
  if (Exit.isSuccess(exit)) return 0
  if (Cause.isInterruptedOnly(exit.cause)) return 130
  const failure = Cause.failureOption(exit.cause)
  return Option.isSome(failure) && isUsageError(failure.value) ? 2 : 1
}
