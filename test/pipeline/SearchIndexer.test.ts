/**
 * The seam a test puts Pagefind's memo in: the search step builds every tier through the SearchIndexer the run is
 * given, and the memo of test/support answers with Pagefind's own bytes, starting the process once per bundle
 * folder, role and page contents.
 */
import { createHash } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import type { StagedView } from "../../src/pipeline/incremental/Incremental.ts"
import { buildSearchIndexWithPagefindProcess } from "../../src/pipeline/pagefindProcess.ts"
import type { SearchBundle } from "../../src/pipeline/SearchIndexError.ts"
import { SearchIndexer } from "../../src/pipeline/SearchIndexer.ts"
import { searchIndexFiles } from "../../src/pipeline/searchIndex.ts"
import { pagefindMemo, pagefindMemoCounts } from "../support/pagefindMemo.ts"

const page = (day: string, title: string) =>
  `<!doctype html><html lang="zh-CN"><head><title>${day}</title></head><body>` +
  `<ol class="papers" data-pagefind-body><li class="paper" id="p-${day}"><h3>${title}</h3></li></ol></body></html>`

const site: Record<string, string> = {
  "day/2025-10-06.html": page("2025-10-06", "扩散模型的低维子空间"),
  "day/2026-08-20.html": page("2026-08-20", "图神经网络 graph networks"),
  "day/2026-08-21.html": page("2026-08-21", "扩散策略 diffusion policy"),
  "index.html": "<html></html>"
}
const sha = (text: string) => createHash("sha256").update(text).digest("hex")
const view = (pages: Record<string, string>): StagedView => ({
  paths: Object.keys(pages).sort(),
  read: (path) => Effect.succeed(pages[path] ?? ""),
  sha256: (path) => (pages[path] === undefined ? undefined : sha(pages[path])),
  bytes: (path) => (pages[path] === undefined ? undefined : Buffer.byteLength(pages[path])),
  published: {}
})
const read = (path: string) => Effect.succeed(site[path] ?? "")

describe("SearchIndexer", () => {
  it.effect("the search step builds each tier through the indexer the run is given", () =>
    Effect.gen(function* () {
      const asked: Array<SearchBundle & { readonly pages: ReadonlyArray<string> }> = []
      const output = yield* searchIndexFiles(14, 1)
        .files(view(site))
        .pipe(
          Effect.provideService(SearchIndexer, {
            build: (pages, _read, bundle) =>
              Effect.sync(() => {
                asked.push({ ...bundle, pages })
                return [{ path: `${bundle.folder}/pagefind-entry.json`, bytes: new Uint8Array([1]) }]
              })
          })
        )
      assert.deepStrictEqual(asked, [
        { folder: "pagefind/recent", role: "primary", pages: ["day/2026-08-20.html", "day/2026-08-21.html"] },
        { folder: "pagefind/archive/2025-10", role: "merged", pages: ["day/2025-10-06.html"] }
      ])
      const paths = output.files.map((file) => file.path)
      assert.includeMembers(paths, [
        "pagefind/recent/pagefind-entry.json",
        "pagefind/archive/2025-10/pagefind-entry.json"
      ])
    })
  )

  it.effect(
    "the memo answers Pagefind's bytes, and asks Pagefind again when a page or the bundle differs",
    () =>
      Effect.gen(function* () {
        const pages = ["day/2026-08-20.html", "day/2026-08-21.html"]
        const bundle: SearchBundle = { folder: "pagefind/recent", role: "primary" }
        const fromProcess = yield* buildSearchIndexWithPagefindProcess(pages, read, bundle)
        const before = { ...pagefindMemoCounts }
        const first = yield* pagefindMemo.build(pages, read, bundle)
        const again = yield* pagefindMemo.build(pages, read, bundle)
        assert.deepStrictEqual(first, fromProcess)
        assert.strictEqual(again, first)
        assert.deepStrictEqual(pagefindMemoCounts, {
          built: before.built + 1,
          remembered: before.remembered + 1
        })

        const retitled = (path: string) =>
          Effect.succeed(path === pages[1] ? page("2026-08-21", "视频扩散加速") : (site[path] ?? ""))
        const changed = yield* pagefindMemo.build(pages, retitled, bundle)
        const merged = yield* pagefindMemo.build(pages, read, {
          folder: "pagefind/archive/2026-08",
          role: "merged"
        })
        assert.deepStrictEqual(pagefindMemoCounts, {
          built: before.built + 3,
          remembered: before.remembered + 1
        })
        assert.notDeepEqual(changed, first)
        assert.isTrue(merged.every((file) => file.path.startsWith("pagefind/archive/2026-08/")))
      })
  )
})
