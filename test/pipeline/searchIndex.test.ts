/**
 * The search index step with the real Pagefind binary: the same pages give the same files whatever order they
 * come in, only the files the search page loads are published, and each day page becomes one fragment whose
 * anchors are the paper headings.
 */
import { gunzipSync } from "node:zlib"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { buildSearchIndexWithPagefindProcess } from "../../src/pipeline/pagefindProcess.ts"
import { buildSearchIndex, isIndexedPage } from "../../src/pipeline/searchIndex.ts"

const dayPage = (day: string, papers: ReadonlyArray<readonly [string, string]>) =>
  `<!doctype html><html lang="zh-CN"><head><title>${day}</title></head><body><h1>${day} 发布的论文</h1>` +
  `<ol class="papers" data-pagefind-body>${papers
    .map(
      ([id, title]) =>
        `<li class="paper" id="arxiv-${id}"><h3 id="arxiv-${id}-title">${title}</h3><p>arXiv:${id}</p>` +
        `<details class="bib" data-pagefind-ignore><pre>@misc{${id}}</pre></details></li>`
    )
    .join("")}</ol></body></html>`

const pages: Record<string, string> = {
  "day/2025-10-06.html": dayPage("2025-10-06", [
    ["2510.03232", "扩散模型的低维子空间"],
    ["2510.03222", "Graph neural networks 图神经网络"]
  ]),
  "day/2025-10-07.html": dayPage("2025-10-07", [["2510.04000", "视频扩散加速"]])
}
const read = (path: string) => Effect.succeed(pages[path] ?? "")

/** A fragment's JSON (Pagefind gzips it behind a `pagefind_dcd` signature). */
const fragmentOf = (bytes: Uint8Array) => {
  const text = gunzipSync(bytes).toString("utf8")
  return JSON.parse(text.slice(text.indexOf("{"))) as {
    url: string
    content: string
    anchors: ReadonlyArray<{ element: string; id: string }>
  }
}

describe("isIndexedPage", () => {
  it("indexes only day pages", () => {
    assert.isTrue(isIndexedPage("day/2025-10-06.html"))
    for (const path of ["index.html", "search.html", "archive.html", "topic/llm/index.html", "day/x.html"])
      assert.isFalse(isIndexedPage(path), path)
  })
})

// The pipeline indexes through Pagefind's own process (pagefindProcess.ts); the Node API is kept to compare.
describe.each([
  ["through Pagefind's process", buildSearchIndexWithPagefindProcess],
  ["through the Node API", buildSearchIndex]
])("buildSearchIndex %s", (_, buildSearchIndex) => {
  it.effect(
    "gives the same files for the same pages in any order, the search page's files only, a fragment per day",
    () =>
      Effect.gen(function* () {
        const forward = yield* buildSearchIndex(Object.keys(pages), read)
        const backward = yield* buildSearchIndex(Object.keys(pages).reverse(), read)
        assert.deepStrictEqual(
          forward.map((file) => [file.path, Buffer.from(file.bytes).toString("base64")]),
          backward.map((file) => [file.path, Buffer.from(file.bytes).toString("base64")])
        )
        const paths = forward.map((file) => file.path)
        assert.includeMembers(paths, ["pagefind/pagefind.js", "pagefind/pagefind-entry.json"])
        assert.isTrue(paths.every((path) => path.startsWith("pagefind/")))
        assert.isFalse(
          paths.some((path) => /ui|highlight|playground/.test(path)),
          paths.join(" ")
        )
        const entry = JSON.parse(
          Buffer.from(forward.find((f) => f.path === "pagefind/pagefind-entry.json")!.bytes).toString("utf8")
        )
        assert.deepStrictEqual(Object.keys(entry.languages), ["zh-cn"])
        const fragments = forward
          .filter((file) => file.path.startsWith("pagefind/fragment/"))
          .map((f) => fragmentOf(f.bytes))
        // the CLI derives `/day/…` from the file's path; pagefind.js resolves both forms against its base URL
        const urls = fragments.map((f) => f.url.replace(/^\//, ""))
        assert.deepStrictEqual([...urls].sort(), Object.keys(pages))
        const first = fragments[urls.indexOf("day/2025-10-06.html")]!
        assert.deepStrictEqual(
          first.anchors.filter((a) => a.element === "h3").map((a) => a.id),
          ["arxiv-2510.03232-title", "arxiv-2510.03222-title"]
        )
        // Chinese is segmented into words at index time; the BibTeX entry is left out
        assert.include(first.content, "扩散")
        assert.notInclude(first.content, "@misc")
        assert.notInclude(first.content, "发布的论文")
      }),
    60_000
  )

  it.effect("a page that changes changes the index", () =>
    Effect.gen(function* () {
      const before = yield* buildSearchIndex(Object.keys(pages), read)
      const changed: Record<string, string> = {
        ...pages,
        "day/2025-10-07.html": dayPage("2025-10-07", [["2510.04000", "文本扩散"]])
      }
      const after = yield* buildSearchIndex(Object.keys(changed), (path) =>
        Effect.succeed(changed[path] ?? "")
      )
      const names = (files: ReadonlyArray<{ path: string }>) => new Set(files.map((file) => file.path))
      const kept = [...names(after)].filter((path) => names(before).has(path))
      // the untouched day's fragment keeps its name; the changed day's does not
      assert.strictEqual(kept.filter((path) => path.includes("/fragment/")).length, 1)
      assert.notDeepEqual([...names(after)].sort(), [...names(before)].sort())
    })
  )
})
