/**
 * Who builds a search bundle from day pages: Pagefind's own process (pagefindProcess.ts), unless a run is given
 * another. Only tests give another: a memo of Pagefind's real answers, so that the tenth run of a test over the
 * same pages does not start Pagefind a tenth time (CI spent most of its time there). A `Context.Reference`: the
 * CLI provides nothing and gets the process (the exception to STYLE.md's services provided once in cli/main.ts:
 * a default that only tests replace).
 */
import { Context, type Effect } from "effect"
import type { PublishError } from "./incremental/Incremental.ts"
import { buildSearchIndexWithPagefindProcess } from "./pagefindProcess.ts"
import type { IndexFile, SearchBundle, SearchIndexError } from "./SearchIndexError.ts"

export interface SearchIndexerShape {
  /** The bundle's files (paths under `bundle.folder`) for `pages`, read through `read`. */
  readonly build: (
    pages: ReadonlyArray<string>,
    read: (path: string) => Effect.Effect<string, PublishError>,
    bundle: SearchBundle
  ) => Effect.Effect<ReadonlyArray<IndexFile>, SearchIndexError | PublishError>
}

export class SearchIndexer extends Context.Reference<SearchIndexer>()("digest-feeds/SearchIndexer", {
  defaultValue: (): SearchIndexerShape => ({ build: buildSearchIndexWithPagefindProcess })
}) {}
