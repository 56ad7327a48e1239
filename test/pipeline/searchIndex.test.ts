/**
 * The search index step with the real Pagefind binary: the same pages give the same files whatever order they
 * come in, only the files the search page loads are published, and each day page becomes one fragment whose
 * anchors are the paper headings.
 */
import { createHash } from "node:crypto"
import { gunzipSync } from "node:zlib"
import { assert, describe, it } from "@effect/vitest"
import { Effect, HashMap, Logger } from "effect"
import { SEARCH_SCRIPT } from "../../src/emit/site/renderSearchPage.ts"
import type { StagedView } from "../../src/pipeline/incremental/Incremental.ts"
import { buildSearchIndexWithPagefindProcess } from "../../src/pipeline/pagefindProcess.ts"
import { isIndexedPage, searchIndexFiles } from "../../src/pipeline/searchIndex.ts"
import { ARCHIVE_BUNDLE_BYTES } from "../../src/pipeline/searchTiers.ts"
import { buildSearchIndexWithNodeApi } from "./pagefindNodeApiReference.ts"

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
  ["through the Node API (the reference)", buildSearchIndexWithNodeApi]
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

const sha = (bytes: string | Uint8Array) => createHash("sha256").update(bytes).digest("hex")

/** The publisher's view of `site` (path -> text), with what the last publish recorded. */
const viewOf = (site: Record<string, string>, published: StagedView["published"]): StagedView => ({
  paths: Object.keys(site).sort(),
  read: (path) => Effect.succeed(site[path] ?? ""),
  sha256: (path) => (site[path] === undefined ? undefined : sha(site[path])),
  bytes: (path) => (site[path] === undefined ? undefined : Buffer.byteLength(site[path])),
  published
})

/** The manifest a publish of `site` plus the step's files would record. */
const recorded = (
  site: Record<string, string>,
  output: {
    readonly files: ReadonlyArray<{ path: string; bytes: Uint8Array }>
    readonly kept: ReadonlyArray<string>
  },
  before: StagedView["published"]
): StagedView["published"] => ({
  ...Object.fromEntries(
    Object.entries(site).map(([path, text]) => [path, { sha256: sha(text), bytes: text.length }])
  ),
  ...Object.fromEntries(output.kept.map((path) => [path, before[path]!])),
  ...Object.fromEntries(
    output.files.map((file) => [file.path, { sha256: sha(file.bytes), bytes: file.bytes.length }])
  )
})

/**
 * Runs the step and returns its output with the tiers it logged as built and as kept. The archive's budget is
 * 1 byte unless given: every month of the archive is a bundle of its own.
 */
const runStep = (site: Record<string, string>, published: StagedView["published"], budget = 1) =>
  Effect.gen(function* () {
    const lines: Array<string> = []
    const logger = Logger.make(({ message, annotations }) => {
      const tier = HashMap.get(annotations, "tier")
      if (tier._tag === "Some") lines.push(`${String(message)} ${String(tier.value)}`)
    })
    const output = yield* searchIndexFiles(14, budget)
      .files(viewOf(site, published))
      .pipe(Effect.provide(Logger.replace(Logger.defaultLogger, logger)))
    return { output, lines: lines.sort() }
  })

describe("searchIndexFiles: the recent tier and the archive's bundles", () => {
  // 2026-08-21 is the newest day: the recent tier starts on 2026-08-01 (refresh window 14 days); with a 1-byte
  // budget the archive holds a bundle for 2026-03 (2026-03-02) and one for 2025-10 (2025-10-06, 2025-10-07)
  const site: Record<string, string> = {
    ...pages,
    "day/2026-03-02.html": dayPage("2026-03-02", [["2603.00001", "扩散变换器 diffusion transformer"]]),
    "day/2026-08-21.html": dayPage("2026-08-21", [["2608.00001", "扩散策略 diffusion policy"]]),
    "index.html": "<html></html>"
  }
  const inBundle = <A extends { readonly path: string }>(tier: string, files: ReadonlyArray<A>) =>
    files.filter((file) => file.path.startsWith(`pagefind/${tier}/`))
  /** The bundles search.js merges, primary first. */
  const bundlesOf = (files: ReadonlyArray<{ path: string; bytes: Uint8Array }>) => {
    const script = new TextDecoder().decode(files.find((file) => file.path === SEARCH_SCRIPT)!.bytes)
    return JSON.parse(/^const tiers = (\[.*\])$/m.exec(script)![1]!)
  }
  const inScript = <A extends { readonly path: string }>(files: ReadonlyArray<A>) =>
    files.filter((file) => file.path === SEARCH_SCRIPT)
  const hashesOf = (files: ReadonlyArray<{ path: string; bytes: Uint8Array }>) =>
    files.map((file) => [file.path, sha(file.bytes)]).sort()

  it.effect(
    "builds every bundle from nothing, then rebuilds only the bundle whose pages changed",
    () =>
      Effect.gen(function* () {
        const cold = yield* runStep(site, {})
        assert.deepStrictEqual(cold.lines, [
          "search index built archive/2025-10",
          "search index built archive/2026-03",
          "search index built recent"
        ])
        const paths = cold.output.files.map((file) => file.path)
        assert.deepStrictEqual(cold.output.kept, [])
        assert.includeMembers(paths, ["pagefind/recent/pagefind.js", "pagefind/recent/pages.json"])
        for (const year of ["2025-10", "2026-03"]) {
          assert.includeMembers(paths, [
            `pagefind/archive/${year}/pagefind-entry.json`,
            `pagefind/archive/${year}/pages.json`
          ])
          // a merged bundle runs on the primary's script, worker and WebAssembly: none of its own
          assert.isFalse(
            paths.some((path) =>
              new RegExp(`^pagefind/archive/${year}/(pagefind(-worker)?\\.js|.*\\.pagefind)$`).test(path)
            )
          )
        }
        // nothing outside the three bundles (no file of the older layouts' pagefind/archive/ or archive/2025/)
        // but search.js, which merges them, newest first
        assert.isTrue(
          paths.every(
            (path) => path === SEARCH_SCRIPT || /^pagefind\/(recent|archive\/20\d\d-\d\d)\//.test(path)
          ),
          paths.join(" ")
        )
        assert.deepStrictEqual(bundlesOf(cold.output.files), ["recent", "archive/2026-03", "archive/2025-10"])
        const fragmentUrls = (tier: string) =>
          inBundle(tier, cold.output.files)
            .filter((file) => file.path.includes("/fragment/"))
            // Pagefind's process derives `/day/…` from the file path (see the first describe)
            .map((file) => fragmentOf(file.bytes).url.replace(/^\//, ""))
            .sort()
        assert.deepStrictEqual(fragmentUrls("recent"), ["day/2026-08-21.html"])
        assert.deepStrictEqual(fragmentUrls("archive/2026-03"), ["day/2026-03-02.html"])
        assert.deepStrictEqual(fragmentUrls("archive/2025-10"), Object.keys(pages).sort())

        // the same pages again: nothing is built, every file is kept
        const afterCold = recorded(site, cold.output, {})
        const quiet = yield* runStep(site, afterCold)
        assert.deepStrictEqual(quiet.lines, [
          "search index kept archive/2025-10",
          "search index kept archive/2026-03",
          "search index kept recent"
        ])
        // (search.js is written every night: the publisher finds its bytes unchanged)
        assert.deepStrictEqual(hashesOf(quiet.output.files), hashesOf(inScript(cold.output.files)))
        assert.deepStrictEqual(
          [...quiet.output.kept].sort(),
          paths.filter((path) => path !== SEARCH_SCRIPT).sort()
        )

        // one new day in the same month: the recent bundle is built again, both years kept
        const next = { ...site, "day/2026-08-24.html": dayPage("2026-08-24", [["2608.00002", "图神经网络"]]) }
        const newDay = yield* runStep(next, afterCold)
        assert.deepStrictEqual(newDay.lines, [
          "search index built recent",
          "search index kept archive/2025-10",
          "search index kept archive/2026-03"
        ])
        assert.isTrue(newDay.output.kept.every((path) => path.startsWith("pagefind/archive/")))
        assert.isTrue(
          newDay.output.files.every(
            (file) => file.path === SEARCH_SCRIPT || file.path.startsWith("pagefind/recent/")
          )
        )
        // what it keeps is what a build from nothing gives
        const fromNothing = yield* runStep(next, {})
        assert.deepStrictEqual(
          newDay.output.kept.map((path) => [path, afterCold[path]!.sha256]).sort(),
          hashesOf(inBundle("archive", fromNothing.output.files))
        )

        // a 2025 page changed (a rewritten old digest): 2025's bundle is built again, 2026's and the recent kept
        const afterNewDay = recorded(next, newDay.output, afterCold)
        const rewritten = {
          ...next,
          "day/2025-10-07.html": dayPage("2025-10-07", [["2510.04000", "文本扩散"]])
        }
        const old = yield* runStep(rewritten, afterNewDay)
        assert.deepStrictEqual(old.lines, [
          "search index built archive/2025-10",
          "search index kept archive/2026-03",
          "search index kept recent"
        ])
        assert.isTrue(
          old.output.files.every(
            (file) => file.path === SEARCH_SCRIPT || file.path.startsWith("pagefind/archive/2025-10/")
          )
        )
        assert.deepStrictEqual(
          [...old.output.kept].sort(),
          Object.keys(afterNewDay)
            .filter((path) => /^pagefind\/(recent|archive\/2026-03)\//.test(path))
            .sort()
        )
      }),
    180_000
  )

  it.effect(
    "keeps the archive one bundle, named by its first month, while its pages fit the budget",
    () =>
      Effect.gen(function* () {
        const archiveBytes = ["day/2025-10-06.html", "day/2025-10-07.html", "day/2026-03-02.html"]
          .map((path) => Buffer.byteLength(site[path]!))
          .reduce((a, b) => a + b)
        const fits = yield* runStep(site, {}, archiveBytes)
        assert.deepStrictEqual(fits.lines, [
          "search index built archive/2025-10",
          "search index built recent"
        ])
        assert.deepStrictEqual(bundlesOf(fits.output.files), ["recent", "archive/2025-10"])
        // one byte less: 2026-03 opens a bundle of its own
        const over = yield* runStep(site, {}, archiveBytes - 1)
        assert.deepStrictEqual(bundlesOf(over.output.files), ["recent", "archive/2026-03", "archive/2025-10"])
        // the default budget holds this archive whole
        const byDefault = yield* runStep(site, {}, ARCHIVE_BUNDLE_BYTES)
        assert.deepStrictEqual(hashesOf(byDefault.output.files), hashesOf(fits.output.files))
      }),
    180_000
  )

  // the layouts of 628e983 (recipe 1: pagefind/recent/ and pagefind/archive/) and of the archive by year
  // (recipe 2: pagefind/archive/2025/, archive/2026/), each with manifests of the same pages
  const olderLayouts: ReadonlyArray<
    readonly [string, number, ReadonlyArray<readonly [string, ReadonlyArray<string>]>]
  > = [
    ["two-tier", 1, [["archive", ["day/2025-10-06.html", "day/2025-10-07.html", "day/2026-03-02.html"]]]],
    [
      "by-year",
      2,
      [
        ["archive/2025", ["day/2025-10-06.html", "day/2025-10-07.html"]],
        ["archive/2026", ["day/2026-03-02.html"]]
      ]
    ]
  ]
  for (const [layout, recipe, archive] of olderLayouts)
    it.effect(
      `builds every bundle over a state published with the ${layout} layout (recipe ${recipe})`,
      () =>
        Effect.gen(function* () {
          const cold = yield* runStep(site, {})
          const manifest = (tier: string, days: ReadonlyArray<string>) =>
            `{\n "pagefind": "1.6.0",\n "recipe": ${recipe},\n "tier": ${JSON.stringify(tier)},\n "pages": {\n${days
              .map((path) => `  ${JSON.stringify(path)}: ${JSON.stringify(sha(site[path]!))}`)
              .join(",\n")}\n }\n}\n`
          const published: StagedView["published"] = {
            ...Object.fromEntries(
              Object.entries(site).map(([path, text]) => [path, { sha256: sha(text), bytes: text.length }])
            ),
            "pagefind/recent/pages.json": {
              sha256: sha(manifest("recent", ["day/2026-08-21.html"])),
              bytes: 1
            },
            "pagefind/recent/pagefind.js": { sha256: sha("js"), bytes: 1 },
            ...Object.fromEntries(
              archive.flatMap(([tier, days]) => [
                [`pagefind/${tier}/pages.json`, { sha256: sha(manifest(tier, days)), bytes: 1 }],
                [`pagefind/${tier}/index/zh-cn_1.pf_index`, { sha256: sha("i"), bytes: 1 }]
              ])
            )
          }
          const upgraded = yield* runStep(site, published)
          assert.deepStrictEqual(upgraded.lines, cold.lines)
          assert.deepStrictEqual(upgraded.output.kept, [])
          assert.deepStrictEqual(hashesOf(upgraded.output.files), hashesOf(cold.output.files))
        }),
      120_000
    )
})
