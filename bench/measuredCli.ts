/**
 * Runs the real CLI as the nightly workflow does (node, no heap cap) through bench/measuredRun.mjs, beside
 * the benchmark's loopback fakes (asynchronously: the fakes answer from this process), and measures it: wall
 * time, the CLI's own CPU and peak RSS, and CPU with its children (the Pagefind binary the emit stage runs),
 * which is what to compare on a shared machine where wall time measures the load. Runs may overlap: each one's
 * figures are its own process's.
 */
import { execFile } from "node:child_process"
import { existsSync, readFileSync, rmSync } from "node:fs"
import { join } from "node:path"

const REPO_ROOT = new URL("..", import.meta.url).pathname
export interface MeasuredRun {
  readonly wallSeconds: number
  /** The CLI process alone (user + system). */
  readonly cpuSeconds: number
  /** The CLI and the processes it waited for (Pagefind's binary), from its /proc children's times. */
  readonly cpuWithChildrenSeconds: number
  readonly peakRssMb: number
  /** The largest child's peak (the Pagefind binary), sampled every 100 ms; 0 when the run started none. */
  readonly childPeakRssMb: number
}

export const runMeasuredCli = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>>,
  usageFile: string
): Promise<MeasuredRun> =>
  new Promise((resolve, reject) => {
    rmSync(usageFile, { force: true })
    const started = performance.now()
    execFile(
      process.execPath,
      [join(REPO_ROOT, "bench", "measuredRun.mjs"), ...args],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env["PATH"] ?? "",
          ...env,
          DIGEST_FEEDS_BENCH_USAGE: usageFile
        },
        maxBuffer: 1 << 28
      },
      (error, _stdout, stderr) => {
        const wallSeconds = (performance.now() - started) / 1000
        if (error !== null || !existsSync(usageFile))
          return reject(new Error(`the run failed (${String(error?.message)}):\n${stderr.slice(-3000)}`))
        const usage = JSON.parse(readFileSync(usageFile, "utf8")) as {
          cpuMs: number
          peakRssBytes: number
          childrenPeakRssBytes?: number
          childrenCpuMs: number | null
        }
        resolve({
          wallSeconds,
          cpuSeconds: usage.cpuMs / 1000,
          cpuWithChildrenSeconds: (usage.cpuMs + (usage.childrenCpuMs ?? 0)) / 1000,
          peakRssMb: usage.peakRssBytes / 2 ** 20,
          childPeakRssMb: (usage.childrenPeakRssBytes ?? 0) / 2 ** 20
        })
      }
    )
  })
