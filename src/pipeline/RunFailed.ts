/** The run's one failure: nothing could be published (exit status 1); the previous outputs are left as they were. */
import { Data } from "effect"

export class RunFailed extends Data.TaggedError("RunFailed")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/** The message of an error value, or its text. */
export const errorMessage = (cause: unknown): string =>
  typeof cause === "object" && cause !== null && "message" in cause ? String(cause.message) : String(cause)

/** Wraps any failure as RunFailed, prefixed with what the run was doing. */
export const runFailed = (doing: string) => (cause: unknown) =>
  new RunFailed({ message: `${doing}: ${errorMessage(cause)}`, cause })
