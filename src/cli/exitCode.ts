/** Exit statuses (DESIGN.md): 0 published, 1 nothing could be published, 2 usage or configuration error. */
import { ValidationError } from "@effect/cli"
import { Cause, ConfigError, Exit, Option } from "effect"
import { PipelineError } from "../pipeline/loadPipeline.ts"
import { StateCorrupt } from "../state/StateStore.ts"

/**
 * Usage and configuration errors, by type: a bad option, a missing or invalid setting, an unknown or invalid
 * pipeline, a state file that must be restored by hand (the BibTeX key registry).
 */
export const isUsageError = (error: unknown): boolean =>
  ValidationError.isValidationError(error) ||
  ConfigError.isConfigError(error) ||
  error instanceof PipelineError ||
  error instanceof StateCorrupt

/** The process exit status for a finished program. */
export const exitCodeOf = (exit: Exit.Exit<unknown, unknown>): number => {
  if (Exit.isSuccess(exit)) return 0
  if (Cause.isInterruptedOnly(exit.cause)) return 130
  const failure = Cause.failureOption(exit.cause)
  return Option.isSome(failure) && isUsageError(failure.value) ? 2 : 1
}
