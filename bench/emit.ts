/** Emit benchmark: per-format throughput of the writers on synthetic papers. Run: `npx tsx bench/emit.ts [papers]`. */
import { readFileSync } from "node:fs"
import { pathToFileURL } from "node:url"
import { Effect } from "effect"
import type { EnrichedPaper } from "../src/domain/EnrichedPaper.ts"
import { assignBibKeys } from "../src/emit/BibKeys.ts"
import { type FeedItem, toFeedItem } from "../src/emit/FeedItem.ts"
import type { FeedMeta } from "../src/emit/FeedMeta.ts"
import { renderArtifacts } from "../src/emit/renderArtifacts.ts"
import { renderAtom } from "../src/emit/renderAtom.ts"
import { bibtexChunks } from "../src/emit/renderBibtex.ts"
import { cslJsonChunks } from "../src/emit/renderCslJson.ts"
import { jsonFeedChunks } from "../src/emit/renderJsonFeed.ts"
import { renderRss } from "../src/emit/renderRss.ts"
import { decodePipeline } from "../src/pipeline/loadPipeline.ts"
import { buildEnrichedPaper, buildMetadata, buildPaper, codeLink } from "../test/support/paperFixtures.ts"

export interface FormatResult {
  readonly format: string
  readonly items: number
  readonly bytes: number
  readonly seconds: number
  readonly itemsPerSecond: number
  readonly mbPerSecond: number
}

const ZH = "我们提出一种针对对抗攻击的测试时防御机制，通过难以察觉的图像扰动来显著改变模型预测结果。"
const EN = "We propose a test-time defense mechanism against adversarial attacks with $L^p$ bounds & <tags>. "
const NAMES = [
  "Ci-Siang Lin",
  "Joost van der Putten",
  "Dirk Wübben",
  "Adrian Del Maestro",
  "Yu Wang",
  "José Cambronero"
]

/** Synthetic papers the size of real ones: ~450-character Chinese abstract, ~1,300-character English one, 6 authors. */
export const syntheticPapers = (count: number): Array<EnrichedPaper> =>
  Array.from({ length: count }, (_, index) => {
    const id = `25${String(10 + (index % 2)).padStart(2, "0")}.${String(index).padStart(5, "0")}`
    const day = `2025-10-${String(1 + (index % 28)).padStart(2, "0")}`
    const paper = buildPaper(id, {
      firstSeen: day,
      author: NAMES[index % NAMES.length] ?? "",
      title: `面向多模态大语言模型的分布外视觉任务标签高效适配方法 ${index}`,
      abstract: ZH.repeat(10),
      file: "synthetic.md",
      line: index
    })
    const metadata = buildMetadata(id, {
      title: `Label-Efficient Adaptation to Out-of-Distribution Visual Tasks, part ${index}`,
      abstract: EN.repeat(13),
      authors: NAMES,
      categories: ["cs.CV", "cs.AI", "cs.LG"],
      published: `${day}T17:59:59Z`,
      comment: "12 pages, 5 figures"
    })
    const codeLinks =
      index % 3 === 0 ? [codeLink(`https://github.com/example/repo${index}`, "github", ["abstract_en"])] : []
    return buildEnrichedPaper(paper, metadata, codeLinks)
  })

const measure = (format: string, items: number, run: () => Iterable<string> | string): FormatResult => {
  const start = performance.now()
  let bytes = 0
  const output = run()
  for (const chunk of typeof output === "string" ? [output] : output) bytes += Buffer.byteLength(chunk)
  const seconds = (performance.now() - start) / 1000
  return {
    format,
    items,
    bytes,
    seconds,
    itemsPerSecond: items / seconds,
    mbPerSecond: bytes / 1e6 / seconds
  }
}

/** Renders each format over `papers` synthetic papers (windowed feeds over the newest 500) and reports throughput. */
export const runEmitBench = (options: { papers: number }): ReadonlyArray<FormatResult> => {
  const papers = syntheticPapers(options.papers)
  const site = { siteUrl: "https://example.org/", language: "zh-CN" }
  const meta: FeedMeta = {
    title: "bench",
    description: "",
    homeUrl: "https://example.org/",
    selfUrl: "https://example.org/feed",
    language: "zh-CN",
    asOf: null
  }
  const keys = assignBibKeys({}, papers)
  let items: Array<FeedItem> = []
  const results = [
    measure("FeedItem (toFeedItem)", papers.length, () => {
      items = papers.map((paper) => toFeedItem(paper, site))
      return ""
    })
  ]
  const window = items.slice(0, 500)
  const cited = items.map((item) => ({ item, key: keys[item.id] ?? item.id }))
  results.push(
    measure("rss.xml (window)", window.length, () => renderRss(meta, window)),
    measure("atom.xml (window)", window.length, () => renderAtom(meta, window)),
    measure("papers.json", items.length, () => jsonFeedChunks(meta, items)),
    measure("papers.bib", items.length, () => bibtexChunks(cited)),
    measure("papers.csl.json", items.length, () => cslJsonChunks(cited)),
    measure("BibTeX keys (assignBibKeys)", papers.length, () => {
      assignBibKeys({}, papers)
      return ""
    })
  )
  return [...results, ...runFiles(papers)]
}

const PIPELINE = new URL("../pipelines/arxiv-daily/pipeline.json", import.meta.url)

/** The file a run writes an artifact to, grouped: the day files and the topics' files add up per kind. */
const fileKind = (path: string): string =>
  path.startsWith("bib/")
    ? "bib/DAY.bib (every day)"
    : path.startsWith("topic/")
      ? `topic/*/${path.split("/").at(-1)} (every topic)`
      : path.startsWith("category/")
        ? `category/*/${path.split("/").at(-1)} (every category)`
        : path

/**
 * Every file as the run renders it (renderArtifacts with the arxiv-daily pipeline: three topics, the category
 * feeds): what each file costs with its own pass over the papers, FeedItems included, as published. Every
 * cumulative file builds its own FeedItem per paper, and bib/DAY.bib renders papers.bib's entries again: the
 * share one pass per paper would save (#16).
 */
const runFiles = (papers: ReadonlyArray<EnrichedPaper>): ReadonlyArray<FormatResult> => {
  const pipeline = Effect.runSync(decodePipeline(PIPELINE.pathname, readFileSync(PIPELINE, "utf8")))
  const kinds = new Map<string, { items: number; bytes: number; seconds: number }>()
  for (const artifact of renderArtifacts({ pipeline, papers, bibKeys: {} })) {
    const start = performance.now()
    let bytes = 0
    for (const chunk of typeof artifact.content === "string" ? [artifact.content] : artifact.content)
      if (typeof chunk === "string") bytes += Buffer.byteLength(chunk)
    const kind = kinds.get(fileKind(artifact.path)) ?? { items: 0, bytes: 0, seconds: 0 }
    kinds.set(fileKind(artifact.path), {
      // The papers its pass goes over (a window file's own items are not counted here).
      items: papers.length,
      bytes: kind.bytes + bytes,
      seconds: kind.seconds + (performance.now() - start) / 1000
    })
  }
  return [...kinds]
    .filter(([, kind]) => kind.seconds >= 0.01)
    .map(([path, kind]) => ({
      format: `run: ${path}`,
      items: kind.items,
      bytes: kind.bytes,
      seconds: kind.seconds,
      itemsPerSecond: kind.items / kind.seconds,
      mbPerSecond: kind.bytes / 1e6 / kind.seconds
    }))
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const papers = Number(process.argv[2] ?? 20_000)
  console.log(`emit bench, ${papers} synthetic papers (node ${process.version})`)
  for (const r of runEmitBench({ papers }))
    console.log(
      `${r.format.padEnd(28)} ${String(r.items).padStart(7)} items ${(r.bytes / 1e6).toFixed(1).padStart(7)} MB ` +
        `${r.seconds.toFixed(3).padStart(7)} s ${Math.round(r.itemsPerSecond).toString().padStart(8)} items/s ` +
        `${r.mbPerSecond.toFixed(1).padStart(6)} MB/s`
    )
}
