/** Why publishing stopped, as a value: the file it concerns and what could not be done to it. */
import { Data, Effect } from "effect"

/** Publishing could not complete; the previous outputs are left as they were. */
export class PublishError extends Data.TaggedError("PublishError")<{
  readonly path: string
  readonly message: string
  readonly cause?: unknown
}> {}

/** A PublishError naming the file and what could not be done to it. */
export const failed = (file: string, doing: string) => (cause: unknown) =>
  new PublishError({ path: file, message: `${doing} ${file}: ${String(cause)}`, cause })

const SAFE_PATH = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/

/** Paths come from data (category names, dates) and from Pagefind: none may leave the output folder. */
export const refuseUnsafe = (outDir: string, file: string) =>
  !SAFE_PATH.test(file) || file.split("/").some((part) => part === ".." || part === ".")
    ? new PublishError({ path: file, message: `refusing to write outside ${outDir}: ${file}` })
    : Effect.void
