/**
 * The site on the real archive (`npm run bench -- --only site`): every arXiv, bioRxiv and medRxiv digest of the
 * upstream checkout (the digests the arxiv-daily pipeline reads) through the real CLI (as the nightly runs it)
 * against the loopback fake arXiv and a fake bioRxiv/medRxiv API that lists the archive's DOIs on their posting
 * days (archiveRxivFake.ts). Three runs: the whole archive from nothing (cold), the archive without its newest
 * digests from nothing, then with them (one new day, a delta run); the delta run's folder must equal the cold
 * one byte for byte. Each run's wall and CPU seconds (with Pagefind's binary) and peak RSS. Then: pages, the
 * Pagefind bundle, Pagefind's own time on the day pages, and what a reader downloads in Chromium.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { gzipSync } from "node:zlib"
import { Effect } from "effect"
import { chromium, type Page } from "playwright-core"
import { buildSearchIndexWithPagefindProcess } from "../src/pipeline/pagefindProcess.ts"
import { isIndexedPage } from "../src/pipeline/searchIndex.ts"
import { serveFolder } from "../test/emit/site/serveFolder.ts"
import { startFakeArxiv } from "../test/fakes/FakeArxiv.ts"
import { CHROMIUM_ARGS, ensureChromium } from "../test/support/chromium.ts"
import { startArchiveRxivFake } from "./archiveRxivFake.ts"
import { type MeasuredRun, runMeasuredCli } from "./measuredCli.ts"

const REPO_ROOT = new URL("..", import.meta.url).pathname

export interface SiteRun extends MeasuredRun {
  readonly name: string
  /** The run's own emit stage (render + publish, the search index included), from its report. */
  readonly emitSeconds: number
  readonly daysRendered: number
  readonly days: number
  readonly filesWritten: number
  readonly pagesWritten: number
  readonly indexFilesWritten: number
  /** bioRxiv + medRxiv requests, and the plan's lower bound. */
  readonly rxivRequests: number
  readonly rxivLowerBound: number
  readonly arxivRequests: number
}

/** What one reader's visit fetched, counted from the server's request log and the files' sizes. */
export interface Download {
  readonly what: string
  readonly requests: number
  readonly bytes: number
  /** The same bytes gzip-compressed where a static host would compress them (Pagefind's files already are). */
  readonly gzipBytes: number
  readonly files: ReadonlyArray<string>
}

export interface SiteBench {
  readonly digests: number
  readonly papers: number
  readonly runs: ReadonlyArray<SiteRun>
  readonly deltaEqualsCold: boolean
  readonly pages: number
  readonly htmlBytes: number
  readonly index: {
    readonly files: number
    readonly bytes: number
    readonly fragments: number
    readonly chunks: number
  }
  /** Pagefind alone (start, read every day page, build, stop), timed in this process on the cold outputs. */
  readonly pagefindSeconds: number
  readonly downloads: ReadonlyArray<Download>
}

const files = (root: string): Array<string> =>
  readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => statSync(join(root, file)).isFile())
    .map((file) => file.split("\\").join("/"))
    .sort()

const runCli = (input: { digests: string; out: string; state: string; arxiv: string; rxiv: string }) =>
  runMeasuredCli(
    [
      "run",
      "--pipeline",
      "arxiv-daily",
      "--digests",
      input.digests,
      "--out",
      input.out,
      "--state",
      input.state
    ],
    { ARXIV_API_URL: input.arxiv, RXIV_API_URL: input.rxiv, DIGEST_FEEDS_TIME_SCALE: "0.01" },
    `${input.out}.usage.json`
  )

const siteRun = (name: string, out: string, measured: MeasuredRun): SiteRun => {
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"))
  const written: ReadonlyArray<string> = report.outputs.written
  return {
    name,
    ...measured,
    emitSeconds: report.durationsMs.emit / 1000,
    daysRendered: report.counts.daysRendered ?? 0,
    days: report.counts.days ?? 0,
    filesWritten: written.length,
    pagesWritten: written.filter((file) => file.endsWith(".html")).length,
    indexFilesWritten: written.filter((file) => file.startsWith("pagefind/")).length,
    rxivRequests: (report.requests.biorxiv ?? 0) + (report.requests.medrxiv ?? 0),
    rxivLowerBound: report.requests.rxivLowerBound ?? 0,
    arxivRequests: report.requests.arxiv ?? 0
  }
}

const COMPRESSED_BY_HOST = /\.(html|js|json|css)$/

const download = (what: string, folder: string, requested: ReadonlyArray<string>): Download => {
  const paths = requested.map((path) => path.replace(/^\/digest-feeds\//, "") || "index.html")
  const sizes = paths.map((path) => readFileSync(join(folder, path)))
  return {
    what,
    requests: paths.length,
    bytes: sizes.reduce((sum, bytes) => sum + bytes.length, 0),
    gzipBytes: sizes.reduce(
      (sum, bytes, at) => sum + (COMPRESSED_BY_HOST.test(paths[at]!) ? gzipSync(bytes).length : bytes.length),
      0
    ),
    files: paths
  }
}

/** Visits in a fresh browser context (an empty cache), as a first-time reader on a phone would. */
export const measureDownloads = async (
  folder: string,
  queries: ReadonlyArray<string> = ["扩散模型", "diffusion"]
): Promise<ReadonlyArray<Download>> => {
  const site = await serveFolder(folder, "digest-feeds")
  const install = await ensureChromium()
  const browser = await chromium.launch({ executablePath: install.executablePath, args: [...CHROMIUM_ARGS] })
  const visit = async (what: string, act: (page: Page) => Promise<void>) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    const before = site.requests.length
    await act(page)
    const requested = site.requests.slice(before)
    await context.close()
    return download(what, folder, requested)
  }
  const search = (query: string) => async (page: Page) => {
    await page.goto(`${site.url}search.html`, { waitUntil: "load" })
    await page.locator("#q").fill(query)
    await page.waitForFunction(() => {
      const status = (
        globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }
      ).document.getElementById("search-status").textContent
      return status !== "" && status !== "搜索中…"
    })
  }
  const downloads: Array<Download> = [
    await visit("landing page", async (page) => {
      await page.goto(site.url, { waitUntil: "load" })
    })
  ]
  for (const query of queries)
    downloads.push(await visit(`search ${query} (first 5 days of results)`, search(query)))
  await browser.close()
  await site.close()
  return downloads
}

export const runSiteBench = async (input: { digests: string; work: string }): Promise<SiteBench> => {
  const { work } = input
  rmSync(work, { recursive: true, force: true })
  // Every server's digests (the upstream JSON is left out: English titles do not change the site's cost).
  const digests = readdirSync(input.digests)
    .filter((name) => /^\d{4}-\d{2}-\d{2}-(?:arxiv|biorxiv|medrxiv)\.md$/.test(name))
    .sort()
  const newest = digests.at(-1)!.slice(0, 10)
  const partial = join(work, "digests-without-newest")
  mkdirSync(partial, { recursive: true })
  for (const name of digests.filter((name) => !name.startsWith(newest)))
    copyFileSync(join(input.digests, name), join(partial, name))

  const fake = await startFakeArxiv({ seed: 1 })
  const rxiv = await startArchiveRxivFake(input.digests)
  const at = (name: string) => ({
    out: join(work, name),
    state: join(work, `${name}-state`),
    arxiv: fake.url,
    rxiv: rxiv.url
  })
  const cold = at("cold")
  const delta = at("delta")
  // The two runs from nothing are independent: run side by side (each one's CPU is its own process's).
  const [coldRun, baseRun] = await Promise.all([
    runCli({ ...cold, digests: input.digests }),
    runCli({ ...delta, digests: partial })
  ])
  const base = siteRun("without the newest day, from nothing", delta.out, baseRun)
  for (const name of digests.filter((name) => name.startsWith(newest)))
    copyFileSync(join(input.digests, name), join(partial, name))
  const newDayRun = await runCli({ ...delta, digests: partial })
  await fake.close()
  await rxiv.close()
  const runs = [
    siteRun("cold (whole archive, from nothing)", cold.out, coldRun),
    base,
    siteRun(`one new day (${newest.slice(0, 10)}), delta`, delta.out, newDayRun)
  ]

  const published = files(cold.out).filter((file) => file !== "report.json")
  const deltaEqualsCold =
    JSON.stringify(published) === JSON.stringify(files(delta.out).filter((file) => file !== "report.json")) &&
    published.every((file) => readFileSync(join(cold.out, file)).equals(readFileSync(join(delta.out, file))))
  const html = published.filter((file) => file.endsWith(".html"))
  const bundle = published.filter((file) => file.startsWith("pagefind/"))
  const size = (file: string) => statSync(join(cold.out, file)).size

  const pages = published.filter(isIndexedPage)
  const started = performance.now()
  await Effect.runPromise(
    // What the pipeline runs: Pagefind as its own process, over every day page as one bundle.
    buildSearchIndexWithPagefindProcess(pages, (file) =>
      Effect.sync(() => readFileSync(join(cold.out, file), "utf8"))
    )
  )
  const pagefindSeconds = (performance.now() - started) / 1000

  const report = JSON.parse(readFileSync(join(cold.out, "report.json"), "utf8"))
  return {
    digests: digests.length,
    papers: report.counts.papers,
    runs,
    deltaEqualsCold,
    pages: html.length,
    htmlBytes: html.reduce((sum, file) => sum + size(file), 0),
    index: {
      files: bundle.length,
      bytes: bundle.reduce((sum, file) => sum + size(file), 0),
      // Every tier's bundle (pagefind/recent/, pagefind/archive/2025/) has its own fragment/ and index/ folders.
      fragments: bundle.filter((file) => /^pagefind\/(?:[^/]+\/)*fragment\//.test(file)).length,
      chunks: bundle.filter((file) => /^pagefind\/(?:[^/]+\/)*index\//.test(file)).length
    },
    pagefindSeconds,
    downloads: await measureDownloads(cold.out)
  }
}

export const formatSiteBench = (bench: SiteBench, relativeTo: string): string =>
  [
    `${bench.digests} digests, ${bench.papers} papers; ${bench.pages} HTML pages (${(bench.htmlBytes / 1e6).toFixed(1)} MB)`,
    ...bench.runs.map(
      (run) =>
        `  ${run.name}: wall ${run.wallSeconds.toFixed(1)} s, CPU ${run.cpuSeconds.toFixed(1)} s ` +
        `(${run.cpuWithChildrenSeconds.toFixed(1)} s with Pagefind), peak RSS ${run.peakRssMb.toFixed(0)} MB ` +
        `(Pagefind ${run.childPeakRssMb.toFixed(0)} MB), ` +
        `emit ${run.emitSeconds.toFixed(1)} s, days rendered ${run.daysRendered}/${run.days}, files written ` +
        `${run.filesWritten} (pages ${run.pagesWritten}, index ${run.indexFilesWritten}); requests arXiv ` +
        `${run.arxivRequests}, bioRxiv+medRxiv ${run.rxivRequests} (lower bound ${run.rxivLowerBound})`
    ),
    `  delta run's folder equals the cold run's: ${bench.deltaEqualsCold}`,
    `  Pagefind index: ${bench.index.files} files, ${(bench.index.bytes / 1e6).toFixed(2)} MB ` +
      `(${bench.index.chunks} index chunks, ${bench.index.fragments} fragments); Pagefind alone ${bench.pagefindSeconds.toFixed(1)} s`,
    ...bench.downloads.map(
      (d) =>
        `  ${d.what}: ${d.requests} requests, ${(d.bytes / 1024).toFixed(0)} KiB (${(d.gzipBytes / 1024).toFixed(0)} KiB gzip where a host compresses)`
    ),
    `  (outputs under ${relative(REPO_ROOT, relativeTo) || relativeTo})`
  ].join("\n")
