/**
 * Pagefind through the npm package's Node API, as the pipeline indexed until it ran Pagefind as a process of its
 * own (src/pipeline/pagefindProcess.ts): the API never watches its service's exit, so a Pagefind killed for
 * memory left the run waiting forever. Kept as the reference the process is compared with (the contract tests in
 * searchIndex.test.ts run over both; bench/pagefindProcess.ts, bench/site.ts and bench/searchTiers.ts time it).
 */
import { Effect } from "effect"
import * as pagefind from "pagefind"
import { SEARCH_INDEX_FOLDER } from "../../src/emit/site/renderSearchPage.ts"
import type { PublishError } from "../../src/pipeline/incremental/Incremental.ts"
import {
  type IndexFile,
  PUBLISHED_BUNDLE,
  type SearchBundle,
  SearchIndexError
} from "../../src/pipeline/SearchIndexError.ts"

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
 * bundle's files the site loads, under `folder`. Their names are hashes of their content: the same pages give
 * the same files.
 */
export const buildSearchIndexWithNodeApi = Effect.fn("SearchIndex.buildWithNodeApi")(function* (
  pages: ReadonlyArray<string>,
  read: (path: string) => Effect.Effect<string, PublishError>,
  bundle: SearchBundle = { folder: SEARCH_INDEX_FOLDER, role: "primary" }
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
    .filter((file) => PUBLISHED_BUNDLE[bundle.role].test(file.path))
    .map((file): IndexFile => ({ path: `${bundle.folder}/${file.path}`, bytes: file.content }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}, Effect.scoped)
