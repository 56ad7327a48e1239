/**
 * Pagefind through its Node API (test/pipeline/pagefindNodeApiReference.ts) or as a process of its own (pagefindProcess.ts),
 * over the day pages of a built site: `node --import tsx bench/pagefindProcess.ts OUT_DIR api|cli [MAX_PAGES]
 * [BUNDLE_DIR]`. Prints one JSON line: this process's CPU seconds, and the Pagefind process's peak RSS (VmHWM)
 * and CPU seconds as last sampled from /proc (every 50 ms; Linux only). Run it under `/usr/bin/time` or a
 * getrusage wrapper for the exact total of both processes' CPU.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { Effect } from "effect"
import { buildSearchIndexWithPagefindProcess } from "../src/pipeline/pagefindProcess.ts"
import { isIndexedPage } from "../src/pipeline/searchIndex.ts"
import { buildSearchIndexWithNodeApi as buildSearchIndex } from "../test/pipeline/pagefindNodeApiReference.ts"
import { sampleChildren } from "./childUsage.ts"

const [out, mode, max, bundleDir] = process.argv.slice(2)
if (out === undefined || (mode !== "api" && mode !== "cli"))
  throw new Error("usage: OUT_DIR api|cli [MAX_PAGES] [BUNDLE_DIR]")
const pages = readdirSync(join(out, "day"))
  .map((name) => `day/${name}`)
  .filter(isIndexedPage)
  .sort()
  .slice(0, max === undefined ? undefined : Number(max))
const read = (path: string) => Effect.sync(() => readFileSync(join(out, path), "utf8"))

const sampler = sampleChildren()
const before = process.cpuUsage()
const started = performance.now()
const build =
  mode === "api" ? buildSearchIndex(pages, read) : buildSearchIndexWithPagefindProcess(pages, read)
Effect.runPromise(build).then((files) => {
  const pagefind = sampler.stop()
  const cpu = process.cpuUsage(before)
  process.stdout.write(
    `${JSON.stringify({
      mode,
      pages: pages.length,
      files: files.length,
      bytes: files.reduce((sum, file) => sum + file.bytes.length, 0),
      wallS: Math.round(performance.now() - started) / 1000,
      nodeCpuS: (cpu.user + cpu.system) / 1e6,
      pagefindPeakRssMb: Math.max(0, ...pagefind.map((p) => p.peakRssMb)),
      pagefindCpuS: pagefind.reduce((sum, p) => sum + p.cpuSeconds, 0)
    })}\n`
  )
  if (bundleDir !== undefined)
    for (const file of files) {
      mkdirSync(dirname(join(bundleDir, file.path)), { recursive: true })
      writeFileSync(join(bundleDir, file.path), file.bytes)
    }
})
