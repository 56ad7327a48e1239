/**
 * Runs the real CLI as the nightly workflow does (node, its V8 heap cap) through bench/measuredRun.mjs, beside
 * the benchmark's loopback fakes (asynchronously: the fakes answer from this process), and measures it: wall
 * time, the CLI's own CPU and peak RSS, and CPU with its children (the Pagefind binary the emit stage runs),
 * which is what to compare on a shared machine where wall time measures the load.
 */
import { execFile } from "node:child_process"
import { existsSync, readFileSync, rmSync } from "node:fs"
import { join } from "node:path"

const REPO_ROOT = new URL("..", import.meta.url).pathname
/** The nightly workflow's `NODE_OPTIONS` (.github/workflows/nightly.yml). */
export const NIGHTLY_HEAP_MB = 640

export interface MeasuredRun {
  readonly wallSeconds: number
  /** The CLI process alone (user + system). */
  readonly cpuSeconds: number
  /** The CLI and every process it waited for (Pagefind's binary), from this process's children's times. */
  readonly cpuWithChildrenSeconds: number
  readonly peakRssMb: number
}

/** CPU seconds of this process's waited-for children so far (Linux: /proc/self/stat cutime + cstime). */
const childrenCpuSeconds = (): number => {
  const stat = readFileSync("/proc/self/stat", "utf8")
  // Fields after the command name, which may hold spaces: state is field 3, cutime 16, cstime 17.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  const ticksPerSecond = 100 // getconf CLK_TCK on Linux
  return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond
}

export const runMeasuredCli = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>>,
  usageFile: string
): Promise<MeasuredRun> =>
  new Promise((resolve, reject) => {
    rmSync(usageFile, { force: true })
    const started = performance.now()
    const childrenBefore = childrenCpuSeconds()
    execFile(
      process.execPath,
      [join(REPO_ROOT, "bench", "measuredRun.mjs"), ...args],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env["PATH"] ?? "",
          NODE_OPTIONS: `--max-old-space-size=${NIGHTLY_HEAP_MB}`,
          ...env,
          DIGEST_FEEDS_BENCH_USAGE: usageFile
        },
        maxBuffer: 1 << 28
      },
      (error, _stdout, stderr) => {
        const wallSeconds = (performance.now() - started) / 1000
        if (error !== null || !existsSync(usageFile))
          return reject(new Error(`the run failed (${String(error?.message)}):\n${stderr.slice(-3000)}`))
        const usage = JSON.parse(readFileSync(usageFile, "utf8")) as { cpuMs: number; peakRssBytes: number }
        resolve({
          wallSeconds,
          cpuSeconds: usage.cpuMs / 1000,
          cpuWithChildrenSeconds: childrenCpuSeconds() - childrenBefore,
          peakRssMb: usage.peakRssBytes / 2 ** 20
        })
      }
    )
  })
