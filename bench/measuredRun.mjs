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

const usageFile = process.env.DIGEST_FEEDS_BENCH_USAGE
if (usageFile !== undefined) {
  process.on("exit", (code) => {
    const usage = process.resourceUsage()
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000
    writeFileSync(
      usageFile,
      JSON.stringify({ code, cpuMs, peakRssBytes: usage.maxRSS * 1024, childrenCpuMs: childrenCpuMs() })
    )
  })
}
await import(new URL("../bin/digest-feeds.js", import.meta.url).href)
