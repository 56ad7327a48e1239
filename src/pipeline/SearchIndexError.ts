/** The search index's error and file, shared by searchIndex.ts and pagefindProcess.ts without an import cycle. */
import { Data } from "effect"

/** Pagefind could not start or index. The publish fails with it: a site whose search is broken is not published. */
export class SearchIndexError extends Data.TaggedError("SearchIndexError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/** One file of the bundle, under the output folder. */
export interface IndexFile {
  readonly path: string
  readonly bytes: Uint8Array
}
