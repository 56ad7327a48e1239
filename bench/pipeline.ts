/**
 * End-to-end benchmark: the real CLI against loopback fakes of GitHub, arXiv and the bioRxiv/medRxiv API serving a
 * generated archive (arXiv only, or mixed: bench/benchArchive.ts). Cold run (backfill of the whole archive), warm
 * run (nothing new), incremental run (one new day).
 */
import { execFile } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type FakeArxiv, startFakeArxiv } from "../test/fakes/FakeArxiv.ts"
import { type FakeGitHub, startFakeGitHub } from "../test/fakes/FakeGitHub.ts"
import { type FakeRxiv, startFakeRxiv } from "../test/fakes/FakeRxiv.ts"
import { benchArchive, filesOf, type Mix, warmTarball } from "./benchArchive.ts"

export interface PipelineBenchOptions {
  /** `mixed`: arXiv + bioRxiv + medRxiv digests and the daily JSON, as users run; `arxiv`: arXiv digests only. */
  readonly mix: Mix
  readonly days: number
  readonly rowsPerDay: number
  /** arXiv's 3 s spacing, the bioRxiv API's 1 s and every retry wait are multiplied by this (loopback only). */
  readonly timeScale: number
  readonly githubLatencyMs: number
  readonly arxivLatencyMs: number
  readonly batchSize: number
  /** V8 heap cap of the CLI runs, as the nightly workflow sets it (NODE_OPTIONS); null for V8's default. */
  readonly heapMb: number | null
}

export interface RunFigures {
  readonly name: string
  readonly exitCode: number
  readonly wallSeconds: number
  readonly cpuSeconds: number
  /** The CLI and the processes it waited for (the Pagefind binary). */
  readonly cpuWithChildrenSeconds: number
  /** The CLI's own peak (VmHWM: bench/measuredRun.mjs says why not ru_maxrss). */
  readonly peakRssMb: number
  /** The largest child's peak (the Pagefind binary), sampled every 100 ms; 0 when the run started none. */
  readonly childPeakRssMb: number
  readonly papers: number
  readonly newPapers: number
  readonly githubRequests: number
  readonly githubLowerBound: number
  readonly arxivRequests: number
  /** ceil(new arXiv ids / batch size): bioRxiv/medRxiv papers are not asked of arXiv. */
  readonly arxivLowerBound: number
  /** Requests the bioRxiv/medRxiv fake answered, per server (retries included). */
  readonly biorxivRequests: number
  readonly medrxivRequests: number
  /** The run's own lower bound (report.json `requests.rxivLowerBound`): Σ per server ceil(DOIs asked / 30). */
  readonly rxivLowerBound: number
  /** Time the arXiv spacing alone forces (requests after the first × scaled spacing), as a share of wall time. */
  readonly arxivSpacingShare: number
  readonly filesWritten: number
  /** Announcement days rendered afresh, of all days (the others were copied from the published files). */
  readonly daysRendered: number
  readonly days: number
  /** Size of papers.json + papers.bib + papers.csl.json after the run: what a run copies and hashes. */
  readonly cumulativeMb: number
  readonly durationsMs: Readonly<Record<string, number>>
}

const REPO_ROOT = new URL("..", import.meta.url).pathname

interface Usage {
  readonly code: number
  readonly cpuMs: number
  readonly peakRssBytes: number
  readonly childrenPeakRssBytes?: number
  readonly childrenCpuMs: number | null
}

export const runCli = (
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  usageFile: string,
  nodeArgs: ReadonlyArray<string> = []
) =>
  new Promise<{ code: number; wallMs: number; usage: Usage; stderr: string }>((resolve) => {
    const start = performance.now()
    execFile(
      process.execPath,
      [...nodeArgs, join(REPO_ROOT, "bench", "measuredRun.mjs"), ...args],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env["PATH"] ?? "", ...env, DIGEST_FEEDS_BENCH_USAGE: usageFile },
        maxBuffer: 256 * 1024 * 1024
      },
      (error, _stdout, stderr) => {
        const wallMs = performance.now() - start
        // A run aborted by V8 (heap cap reached) never writes its usage: say how it ended instead.
        if (!existsSync(usageFile))
          throw new Error(`the run died (${String(error?.message)}):\n${stderr.slice(-3000)}`)
        const usage = JSON.parse(readFileSync(usageFile, "utf8")) as Usage
        resolve({ code: error === null ? 0 : usage.code, wallMs, usage, stderr })
      }
    )
  })

/** The arxiv-daily pipeline under the name "bench", written into `folder`: its path. */
export const benchPipelineFile = (folder: string, batchSize: number, sliceDays?: number): string => {
  const file = join(folder, "pipeline.json")
  const pipeline = JSON.parse(readFileSync(join(REPO_ROOT, "pipelines/arxiv-daily/pipeline.json"), "utf8"))
  pipeline.name = "bench"
  pipeline.enrich = { ...pipeline.enrich, batchSize }
  // Absent: the pipeline's default (sliced by 100 days); sliceDays is no part of the run key.
  if (sliceDays !== undefined) pipeline.sliceDays = sliceDays
  writeFileSync(file, JSON.stringify(pipeline))
  return file
}

export const runPipelineBench = async (options: PipelineBenchOptions): Promise<ReadonlyArray<RunFigures>> => {
  const archive = benchArchive(options.mix, options)
  const day = archive.days[archive.days.length - 1]!
  const github: FakeGitHub = await startFakeGitHub({
    files: filesOf(archive.days.slice(0, archive.archiveDates)),
    latencyMs: options.githubLatencyMs
  })
  // Real arXiv answers a version-less query with the latest version, never older than a digest's link.
  const arxiv: FakeArxiv = await startFakeArxiv({
    seed: 1,
    latencyMs: options.arxivLatencyMs,
    versions: archive.arxivVersions
  })
  // Each generated DOI is posted on its digest's date, so the run's interval pages list exactly the archive's DOIs.
  const rxiv: FakeRxiv = await startFakeRxiv({ posted: archive.posted })
  const work = mkdtempSync(join(tmpdir(), "digest-feeds-bench-"))
  const pipelineFile = benchPipelineFile(work, options.batchSize)
  const env = {
    ...(options.heapMb === null ? {} : { NODE_OPTIONS: `--max-old-space-size=${options.heapMb}` }),
    GITHUB_API_URL: github.url,
    ARXIV_API_URL: arxiv.url,
    RXIV_API_URL: rxiv.url,
    DIGEST_FEEDS_TIME_SCALE: String(options.timeScale),
    // The production timeout: the scaled one's 10 s floor cut the mixed archive's tarball transfer under load.
    DIGEST_FEEDS_GITHUB_TIMEOUT_SECONDS: "120"
  }
  const args = ["run", "--pipeline", pipelineFile, "--out", join(work, "out"), "--state", join(work, "state")]
  const figures: Array<RunFigures> = []
  const measure = async (name: string, githubLowerBound: number) => {
    const githubBefore = github.log.length
    const arxivBefore = arxiv.log.length
    const rxivBefore = rxiv.log.length
    const result = await runCli(args, env, join(work, `${name}.usage.json`))
    // The run's own log (stage lines with timestamps and RSS), for reading where the time went.
    mkdirSync(join(REPO_ROOT, "bench", "results"), { recursive: true })
    writeFileSync(join(REPO_ROOT, "bench", "results", `last-${name}.log`), result.stderr)
    const report = JSON.parse(readFileSync(join(work, "out", "report.json"), "utf8"))
    const arxivRequests = arxiv.log.length - arxivBefore
    const rxivLog = rxiv.log.slice(rxivBefore)
    const newArxiv = (report.newPapers as ReadonlyArray<string>).filter(
      (key) => !key.startsWith("10.")
    ).length
    const wallSeconds = result.wallMs / 1000
    const spacingSeconds = Math.max(0, arxivRequests - 1) * 3 * options.timeScale
    figures.push({
      name,
      exitCode: result.code,
      wallSeconds,
      cpuSeconds: result.usage.cpuMs / 1000,
      cpuWithChildrenSeconds: (result.usage.cpuMs + (result.usage.childrenCpuMs ?? 0)) / 1000,
      peakRssMb: result.usage.peakRssBytes / 1024 / 1024,
      childPeakRssMb: (result.usage.childrenPeakRssBytes ?? 0) / 1024 / 1024,
      papers: report.counts.papers,
      newPapers: report.counts.newPapers,
      githubRequests: github.log.length - githubBefore,
      githubLowerBound,
      arxivRequests,
      arxivLowerBound: Math.ceil(newArxiv / options.batchSize),
      biorxivRequests: rxivLog.filter((request) => request.server === "biorxiv").length,
      medrxivRequests: rxivLog.filter((request) => request.server === "medrxiv").length,
      rxivLowerBound: report.requests.rxivLowerBound ?? 0,
      arxivSpacingShare: spacingSeconds / wallSeconds,
      filesWritten: report.outputs.written.length,
      daysRendered: report.counts.daysRendered ?? 0,
      days: report.counts.days ?? 0,
      cumulativeMb:
        ["papers.json", "papers.bib", "papers.csl.json"]
          .map((file) => (existsSync(join(work, "out", file)) ? statSync(join(work, "out", file)).size : 0))
          .reduce((sum, bytes) => sum + bytes, 0) /
        1024 /
        1024,
      durationsMs: report.durationsMs
    })
    if (result.code !== 0) process.stderr.write(result.stderr.slice(-4000))
  }
  try {
    // Cold: ref + tree + tarball (the tarball's redirect is the fourth request).
    await warmTarball(github.url)
    await measure("cold", 3)
    // Warm, nothing new: one conditional request answered 304.
    await measure("warm", 1)
    github.repo.commit({ put: [...day.files] })
    // Incremental: ref, tree, one blob per file of the new day (arXiv; mixed: + bioRxiv, medRxiv, daily JSON).
    await measure("incremental", 2 + day.files.length)
  } finally {
    await github.close()
    await arxiv.close()
    await rxiv.close()
    rmSync(work, { recursive: true, force: true })
  }
  return figures
}
