/**
 * A SearchIndexer for in-process runs: Pagefind's process, asked once per bundle folder, role and page contents
 * in this vitest fork (test files share it: vitest.config.ts's isolate false), its answer returned again for the
 * same pages. A test that runs the same fixtures from nothing
 * three times started Pagefind once per tier and run; the bundles it publishes are still Pagefind's own bytes.
 * Whether Pagefind itself builds, fails and answers searches is tested through the process (searchIndex,
 * pagefindProcess and the browser tests, and every test that starts the CLI).
 */
import { createHash } from "node:crypto"
import { Effect } from "effect"
import { buildSearchIndexWithPagefindProcess } from "../../src/pipeline/pagefindProcess.ts"
import type { IndexFile } from "../../src/pipeline/SearchIndexError.ts"
import type { SearchIndexerShape } from "../../src/pipeline/SearchIndexer.ts"

const answers = new Map<string, ReadonlyArray<IndexFile>>()

/** How many bundles Pagefind's process built, and how many the memo answered (for the memo's own test). */
export const pagefindMemoCounts = { built: 0, remembered: 0 }

export const pagefindMemo: SearchIndexerShape = {
  build: (pages, read, bundle) =>
    Effect.gen(function* () {
      const hash = createHash("sha256").update(`${bundle.folder}\0${bundle.role}\0`)
      for (const page of pages) hash.update(`${page}\0${yield* read(page)}\0`)
      const key = hash.digest("hex")
      const remembered = answers.get(key)
      if (remembered !== undefined) {
        pagefindMemoCounts.remembered++
        return remembered
      }
      const files = yield* buildSearchIndexWithPagefindProcess(pages, read, bundle)
      answers.set(key, files)
      pagefindMemoCounts.built++
      return files
    })
}
