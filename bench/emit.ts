/**
 * Emit benchmark: per-format throughput of the writers on synthetic papers, and the cumulative files as the run
 * renders and stages them, before (one pass per file: test/emit/renderArchiveReference.ts) and after (one pass
 * per paper: src/emit/archivePass.ts). Run: `npx tsx bench/emit.ts [papers]`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { pathToFileURL } from "node:url"
import { NodeContext } from "@effect/platform-node"
import { Effect } from "effect"
import type { EnrichedPaper } from "../src/domain/EnrichedPaper.ts"
import type { Artifact, ArtifactPass, Chunk, PassEvent } from "../src/emit/Artifact.ts"
import { assignBibKeys } from "../src/emit/BibKeys.ts"
import { archiveCategories } from "../src/emit/FeedCatalog.ts"
import { type FeedItem, toFeedItem } from "../src/emit/FeedItem.ts"
import type { FeedMeta } from "../src/emit/FeedMeta.ts"
import { feedWindow } from "../src/emit/feedWindow.ts"
import { type ArchiveInput, daysOf, renderArchive } from "../src/emit/renderArtifacts.ts"
import { renderAtom } from "../src/emit/renderAtom.ts"
import { bibtexChunks } from "../src/emit/renderBibtex.ts"
import { cslJsonChunks } from "../src/emit/renderCslJson.ts"
import { jsonFeedChunks } from "../src/emit/renderJsonFeed.ts"
import { renderRss } from "../src/emit/renderRss.ts"
import { stageArtifact, stagePass } from "../src/pipeline/incremental/stageArtifact.ts"
import { decodePipeline } from "../src/pipeline/loadPipeline.ts"
import { renderArchiveReference } from "../test/emit/renderArchiveReference.ts"
import { buildEnrichedPaper, buildMetadata, buildPaper, codeLink } from "../test/support/paperFixtures.ts"

export interface FormatResult {
  readonly format: string
  readonly items: number
  readonly bytes: number
  readonly seconds: number
  /** User + system CPU of the process over the same span (the figure to compare on a shared machine). */
  readonly cpuSeconds: number
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

const result = (
  format: string,
  items: number,
  bytes: number,
  seconds: number,
  cpuSeconds: number
): FormatResult => ({
  format,
  items,
  bytes,
  seconds,
  cpuSeconds,
  itemsPerSecond: items / seconds,
  mbPerSecond: bytes / 1e6 / seconds
})

const cpuSince = (cpu: NodeJS.CpuUsage): number => {
  const { user, system } = process.cpuUsage(cpu)
  return (user + system) / 1e6
}

const measure = (format: string, items: number, run: () => Iterable<string> | string): FormatResult => {
  const start = performance.now()
  const cpu = process.cpuUsage()
  let bytes = 0
  const output = run()
  for (const chunk of typeof output === "string" ? [output] : output) bytes += Buffer.byteLength(chunk)
  return result(format, items, bytes, (performance.now() - start) / 1000, cpuSince(cpu))
}

/**
 * Renders each format over `papers` synthetic papers (windowed feeds over the newest 500) and reports throughput,
 * then the cumulative files as the run makes them, before and after the one pass (rendered, then staged).
 */
export const runEmitBench = async (options: { papers: number }): Promise<ReadonlyArray<FormatResult>> => {
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
  return [...results, ...runFiles(papers), ...(await stagedFiles(papers))]
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

const CUMULATIVE = /^(papers\.(json|bib|csl\.json)|bib\/.*|topic\/[^/]+\/papers\.bib)$/

/** The whole archive rendered (every day), with the arxiv-daily pipeline: three topics, the category feeds. */
const archiveOf = (papers: ReadonlyArray<EnrichedPaper>): ArchiveInput => {
  const pipeline = Effect.runSync(decodePipeline(PIPELINE.pathname, readFileSync(PIPELINE, "utf8")))
  return {
    pipeline,
    days: daysOf(papers),
    windowed: feedWindow(papers, pipeline.feeds),
    categories: archiveCategories(papers),
    bibKeys: assignBibKeys({}, papers)
  }
}

const chunkBytes = (chunk: Chunk): number => (typeof chunk === "string" ? Buffer.byteLength(chunk) : 0)

/**
 * The cumulative files rendered in memory (chunks iterated, bytes counted, nothing written). Before: each file
 * its own pass over the papers, FeedItems included, as 628e983 published them (the reference renderer), per
 * kind of file. After: the one pass, every cumulative file at once (its files cannot be timed apart: each
 * paper's item and texts are made once for all of them; papers.json's day sections are counted as the scratch
 * text they are rendered to, laid out later as copies).
 */
const runFiles = (papers: ReadonlyArray<EnrichedPaper>): ReadonlyArray<FormatResult> => {
  const input = archiveOf(papers)
  const kinds = new Map<string, { bytes: number; seconds: number; cpu: number }>()
  let total = { bytes: 0, seconds: 0, cpu: 0 }
  for (const artifact of renderArchiveReference(input).artifacts) {
    if (!CUMULATIVE.test(artifact.path)) continue
    const start = performance.now()
    const cpu = process.cpuUsage()
    let bytes = 0
    for (const chunk of typeof artifact.content === "string" ? [artifact.content] : artifact.content)
      bytes += chunkBytes(chunk)
    const spent = { bytes, seconds: (performance.now() - start) / 1000, cpu: cpuSince(cpu) }
    const kind = kinds.get(fileKind(artifact.path)) ?? { bytes: 0, seconds: 0, cpu: 0 }
    kinds.set(fileKind(artifact.path), {
      bytes: kind.bytes + spent.bytes,
      seconds: kind.seconds + spent.seconds,
      cpu: kind.cpu + spent.cpu
    })
    total = { bytes: total.bytes + bytes, seconds: total.seconds + spent.seconds, cpu: total.cpu + spent.cpu }
  }
  const before = [...kinds].map(([kind, spent]) =>
    result(`before: ${kind}`, papers.length, spent.bytes, spent.seconds, spent.cpu)
  )
  const start = performance.now()
  const cpu = process.cpuUsage()
  let bytes = 0
  for (const pass of renderArchive(input).passes ?? [])
    for (const event of pass.events) if ("chunk" in event) bytes += chunkBytes(event.chunk)
  return [
    ...before,
    result("before: every cumulative file", papers.length, total.bytes, total.seconds, total.cpu),
    result(
      "after: one pass, every file",
      papers.length,
      bytes,
      (performance.now() - start) / 1000,
      cpuSince(cpu)
    )
  ]
}

/** Stages artifacts one by one (before) or a pass (after) into a fresh folder, as publishOutputs does. */
const stageInto = (folder: string, content: { artifacts: ReadonlyArray<Artifact> } | ArtifactPass) =>
  Effect.gen(function* () {
    const target = (path: string) => {
      const file = join(folder, path)
      mkdirSync(dirname(file), { recursive: true })
      return file
    }
    let bytes = 0
    if ("artifacts" in content) {
      for (const artifact of content.artifacts)
        bytes += (yield* stageArtifact({
          content: artifact.content,
          target: target(artifact.path),
          previous: ""
        })).bytes
      return bytes
    }
    const events: Iterable<PassEvent> = content.events
    const staged = yield* stagePass(events, {
      target: (path) => Effect.sync(() => target(content.scratch.includes(path) ? `.scratch/${path}` : path)),
      previous: () => ""
    })
    for (const [path, file] of staged) if (!content.scratch.includes(path)) bytes += file.bytes
    return bytes
  })

/**
 * The cumulative files rendered and staged as the publisher does (written, hashed, sections recorded) into a
 * folder under the system's temp folder: before, one stageArtifact per file; after, one stagePass, whose
 * papers.json is written twice (the day sections to a scratch file, then laid out newest day first).
 */
const stagedFiles = async (papers: ReadonlyArray<EnrichedPaper>): Promise<ReadonlyArray<FormatResult>> => {
  const input = archiveOf(papers)
  const rows: Array<FormatResult> = []
  for (const [label, content] of [
    [
      "before, staged: every cumulative file",
      { artifacts: renderArchiveReference(input).artifacts.filter((a) => CUMULATIVE.test(a.path)) }
    ],
    ["after, staged: one pass, every file", renderArchive(input).passes?.[0] ?? { scratch: [], events: [] }]
  ] as const) {
    const folder = mkdtempSync(join(tmpdir(), "digest-feeds-bench-emit-"))
    try {
      const start = performance.now()
      const cpu = process.cpuUsage()
      const bytes = await Effect.runPromise(Effect.provide(stageInto(folder, content), NodeContext.layer))
      rows.push(result(label, papers.length, bytes, (performance.now() - start) / 1000, cpuSince(cpu)))
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  }
  return rows
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const papers = Number(process.argv[2] ?? 20_000)
  console.log(`emit bench, ${papers} synthetic papers (node ${process.version})`)
  for (const r of await runEmitBench({ papers }))
    console.log(
      `${r.format.padEnd(28)} ${String(r.items).padStart(7)} items ${(r.bytes / 1e6).toFixed(1).padStart(7)} MB ` +
        `${r.seconds.toFixed(3).padStart(7)} s ${Math.round(r.itemsPerSecond).toString().padStart(8)} items/s ` +
        `${r.mbPerSecond.toFixed(1).padStart(6)} MB/s ${r.cpuSeconds.toFixed(2).padStart(7)} CPU s`
    )
}
