/**
 * Runs the real CLI in this process and, at exit, writes what the process used (CPU, peak RSS) to the file
 * named by DIGEST_FEEDS_BENCH_USAGE: the benchmark's way to measure a run without an external `time`.
 * Plain JavaScript, run by node alone as the nightly workflow runs the CLI: loaded through tsx, every module the
 * bundle imports went through tsx's loader hooks (about 2 s of CPU in a quiet run, paid by the benchmark only).
 */
import { writeFileSync } from "node:fs"

const usageFile = process.env.DIGEST_FEEDS_BENCH_USAGE
if (usageFile !== undefined) {
  process.on("exit", (code) => {
    const usage = process.resourceUsage()
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000
    writeFileSync(usageFile, JSON.stringify({ code, cpuMs, peakRssBytes: usage.maxRSS * 1024 }))
  })
}
await import(new URL("../bin/digest-feeds.js", import.meta.url).href)
