/**
 * Runs the real CLI in this process and, at exit, writes what the process used (CPU, peak RSS) to the file
 * named by DIGEST_FEEDS_BENCH_USAGE: the benchmark's way to measure a run without an external `time`.
 * Plain JavaScript, run by node alone as the nightly workflow runs the CLI: loaded through tsx, every module the
 * bundle imports went through tsx's loader hooks (about 2 s of CPU in a quiet run, paid by the benchmark only).
 */
import { readFileSync, writeFileSync } from "node:fs"

/**
 * CPU of the processes this one started and waited for (the Pagefind binary), which resourceUsage leaves out:
 * cutime + cstime of /proc/self/stat, in clock ticks of 1/100 s; null where there is no /proc.
 */
const childrenCpuMs = () => {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return (Number(fields[13]) + Number(fields[14])) * 10
  } catch {
    return null
  }
}

/** A process's high-water RSS in bytes (VmHWM), null when it is gone or there is no /proc. */
const highWater = (pid) => {
  try {
    const kb = /VmHWM:\s*(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))
    return kb === null ? null : Number(kb[1]) * 1024
  } catch {
    return null
  }
}

/**
 * This process's own peak. Not resourceUsage().maxRSS: Linux carries ru_maxrss over from the forked image, so a
 * run started by a benchmark holding 600 MB reported at least 600 MB however little it used (measured:
 * a bare `node -e` child of a 674 MB parent reported 604 MB, its VmHWM 40 MB). VmHWM starts afresh at exec.
 */
const selfPeakBytes = () => highWater("self") ?? process.resourceUsage().maxRSS * 1024

/**
 * The largest child's peak (the Pagefind binary), sampled every 100 ms: the main thread's children (libuv
 * spawns from it) from /proc's `children` file, a cheap read, then their VmHWM, which only grows, so the sample
 * misses at most a child's last 100 ms. 0 when no child was seen.
 */
let childrenPeakBytes = 0
const childrenFile = `/proc/${process.pid}/task/${process.pid}/children`
const sampleChildren = () => {
  let pids
  try {
    pids = readFileSync(childrenFile, "utf8")
      .split(" ")
      .filter((pid) => pid !== "")
  } catch {
    return
  }
  for (const pid of pids) childrenPeakBytes = Math.max(childrenPeakBytes, highWater(pid) ?? 0)
}

const usageFile = process.env.DIGEST_FEEDS_BENCH_USAGE
if (usageFile !== undefined) {
  setInterval(sampleChildren, 100).unref()
  process.on("exit", (code) => {
    const usage = process.resourceUsage()
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000
    writeFileSync(
      usageFile,
      JSON.stringify({
        code,
        cpuMs,
        peakRssBytes: selfPeakBytes(),
        childrenPeakRssBytes: childrenPeakBytes,
        childrenCpuMs: childrenCpuMs()
      })
    )
  })
}
await import(new URL("../bin/digest-feeds.js", import.meta.url).href)
