/** The search index's error, file and bundle, shared by searchIndex.ts and pagefindProcess.ts without an import cycle. */
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

/** Where a bundle goes, and its role: the primary runs the search, a merged one joins it (Pagefind's mergeIndex). */
export interface SearchBundle {
  readonly folder: string
  readonly role: "primary" | "merged"
}

/**
 * Pagefind's bundle holds three UIs and a highlighter the site does not load; the search page needs the
 * primary's API script, its worker and the WebAssembly, and of every bundle the entry, the language meta, the
 * index chunks and the fragments (a merged bundle runs on the primary's WebAssembly: Pagefind's mergeIndex).
 */
export const PUBLISHED_BUNDLE: Record<SearchBundle["role"], RegExp> = {
  primary:
    /^(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|[^/]*\.pagefind|[^/]*\.pf_meta|index\/.*|fragment\/.*)$/,
  merged: /^(pagefind-entry\.json|[^/]*\.pf_meta|index\/.*|fragment\/.*)$/
}
