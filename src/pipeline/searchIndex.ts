/**
 * The site's search index: Pagefind (its binary, through the npm package's Node API) reads every day page as
 * it is about to be published, from the staging folder or, for a day copied from the last run, from the
 * published folder, and returns its bundle, which the publisher stages beside the pages (publishOutputs).
 * Pagefind cannot add pages to an existing index: every night it reads every day page again (see README).
 */
import { Effect } from "effect"
import * as pagefind from "pagefind"
import { SEARCH_INDEX_FOLDER } from "../emit/site/renderSearchPage.ts"
import { type ExtraFiles, PublishError, type StagedView } from "./incremental/Incremental.ts"
import { buildSearchIndexWithPagefindProcess } from "./pagefindProcess.ts"
import { type IndexFile, SearchIndexError } from "./SearchIndexError.ts"

export { type IndexFile, SearchIndexError }

import { logStage, timed } from "./stageLog.ts"

/** The pages the index reads: every day page, each paper a sub-result under its heading's id. */
export const isIndexedPage = (path: string): boolean => /^day\/\d{4}-\d{2}-\d{2}\.html$/.test(path)

/**
 * Pagefind's bundle holds three UIs and a highlighter the site does not load; the search page needs the
 * API script, its worker, the WebAssembly, the entry, the language meta, the index chunks and the fragments.
 */
const PUBLISHED_BUNDLE =
  /^(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|[^/]*\.pagefind|[^/]*\.pf_meta|index\/.*|fragment\/.*)$/

const call = <A>(doing: string, run: () => Promise<A>) =>
  Effect.tryPromise({
    try: run,
    catch: (cause) => new SearchIndexError({ message: `Pagefind ${doing}: ${String(cause)}`, cause })
  })

/** The API answers errors as strings in its results rather than rejecting. */
const checked = <A extends { readonly errors: ReadonlyArray<string> }>(doing: string, answer: A) =>
  answer.errors.length === 0
    ? Effect.succeed(answer)
    : Effect.fail(new SearchIndexError({ message: `Pagefind ${doing}: ${answer.errors.join("; ")}` }))

/**
 * Indexes the given pages (in path order, though Pagefind's output does not depend on it: tested) and returns the
 * bundle's files the site loads. Their names are hashes of their content: the same pages give the same files.
 */
export const buildSearchIndex = Effect.fn("SearchIndex.build")(function* (
  pages: ReadonlyArray<string>,
  read: (path: string) => Effect.Effect<string, PublishError>
) {
  const index = yield* Effect.acquireRelease(
    call("cannot start", () => pagefind.createIndex({})).pipe(
      Effect.flatMap((answer) => checked("cannot start", answer)),
      Effect.flatMap(({ index }) =>
        index === undefined
          ? Effect.fail(new SearchIndexError({ message: "Pagefind returned no index" }))
          : Effect.succeed(index)
      )
    ),
    // The binary runs as a service of this process: stop it, or it outlives the run.
    () => call("cannot stop", () => pagefind.close()).pipe(Effect.ignore)
  )
  for (const path of [...pages].sort()) {
    const content = yield* read(path)
    const added = yield* call(`cannot read ${path}`, () => index.addHTMLFile({ url: path, content }))
    yield* checked(`cannot read ${path}`, added)
  }
  const { files } = yield* call("cannot build the index", () => index.getFiles()).pipe(
    Effect.flatMap((answer) => checked("cannot build the index", answer))
  )
  return files
    .filter((file) => PUBLISHED_BUNDLE.test(file.path))
    .map((file): IndexFile => ({ path: `${SEARCH_INDEX_FOLDER}/${file.path}`, bytes: file.content }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}, Effect.scoped)

/** The publisher's hook: the index of the day pages about to be published (its folder is Pagefind's alone). */
export const searchIndexFiles: ExtraFiles = {
  folder: SEARCH_INDEX_FOLDER,
  files: (staged: StagedView) => {
    const pages = staged.paths.filter(isIndexedPage)
    return timed(buildSearchIndexWithPagefindProcess(pages, staged.read)).pipe(
      // Every night re-reads every day page: worth a line of its own in the log.
      Effect.tap(([files, ms]) =>
        logStage("search index built", {
          stage: "emit",
          pages: pages.length,
          files: files.length,
          bytes: files.reduce((sum, file) => sum + file.bytes.length, 0),
          ms
        })
      ),
      Effect.map(([files]) => files),
      Effect.catchTag("SearchIndexError", (error) =>
        Effect.fail(new PublishError({ path: SEARCH_INDEX_FOLDER, message: error.message, cause: error }))
      )
    )
  }
}
