/**
 * `npm run bench`: the whole benchmark in one run, printed as tables and written as JSON to bench/results/ so
 * runs can be compared between commits. Options: --days N --rows M (archive size, default 1000 x 200),
 * --mix mixed|arxiv (pipeline: arXiv + bioRxiv + medRxiv digests and the daily JSON, the default, or arXiv only),
 * --scale S (arXiv spacing factor, default 0.001), --remark-mb N (remark-gfm subset, default 10),
 * --heap-mb N (a V8 heap cap for the CLI; default 0, V8's default heap, as the nightly workflow runs it),
 * --only SECTION (pipeline, decoder, parser, emit or site: run just that one), --answers N (decoder: fake
 * 100-entry answers, default 2000), --real DIR (site: the upstream's digest folder, default
 * ../upstream/docs/daily-papers; the section is skipped when it is missing).
 */
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { MIXES, type Mix } from "./benchArchive.ts"
import { formatDecoderBench, runDecoderBench } from "./decoder.ts"
import { runEmitBench } from "./emit.ts"
import { formatParserBench, runParserBench } from "./parser.ts"
import { type RunFigures, runPipelineBench } from "./pipeline.ts"
import { formatSiteBench, runSiteBench } from "./site.ts"

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name)
  return at < 0 ? fallback : Number(process.argv[at + 1])
}

const days = argument("--days", 1000)
const rows = argument("--rows", 200)
const scale = argument("--scale", 0.001)
const remarkMegabytes = argument("--remark-mb", 10)
// Issue 16's memory bound is for V8's default heap (0), as the nightly workflow runs; --heap-mb N to compare a cap.
const heapMb = argument("--heap-mb", 0)
const answers = argument("--answers", 2000)
const mixAt = process.argv.indexOf("--mix")
const mix = (mixAt < 0 ? "mixed" : process.argv[mixAt + 1]) as Mix
if (!MIXES.includes(mix)) throw new Error(`--mix ${mix}: expected ${MIXES.join(" or ")}`)
const onlyAt = process.argv.indexOf("--only")
const only = onlyAt < 0 ? null : (process.argv[onlyAt + 1] ?? null)
const runs = (section: string) => only === null || only === section
const root = new URL("..", import.meta.url).pathname

const table = (header: ReadonlyArray<string>, lines: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => (line[i] ?? "").length)))
  const row = (cells: ReadonlyArray<string>) =>
    cells.map((cell, i) => cell.padStart(widths[i] ?? 0)).join("  ")
  return [row(header), row(widths.map((w) => "-".repeat(w))), ...lines.map(row)].join("\n")
}

const fixed = (n: number, digits = 1) => n.toFixed(digits)

const pipelineTable = (figures: ReadonlyArray<RunFigures>) =>
  table(
    [
      "run",
      "papers",
      "new",
      "wall s",
      "CPU s",
      "CPU s with Pagefind",
      "peak RSS MB",
      "Pagefind peak MB",
      "GitHub req (bound)",
      "arXiv req (bound)",
      "bioRxiv+medRxiv req (bound)",
      "spacing share",
      "files written",
      "days rendered",
      "cumulative MB"
    ],
    figures.map((f) => [
      f.name,
      String(f.papers),
      String(f.newPapers),
      fixed(f.wallSeconds),
      fixed(f.cpuSeconds),
      fixed(f.cpuWithChildrenSeconds),
      fixed(f.peakRssMb, 0),
      fixed(f.childPeakRssMb, 0),
      `${f.githubRequests} (${f.githubLowerBound})`,
      `${f.arxivRequests} (${f.arxivLowerBound})`,
      `${f.biorxivRequests}+${f.medrxivRequests} (${f.rxivLowerBound})`,
      `${fixed(f.arxivSpacingShare * 100)}%`,
      String(f.filesWritten),
      `${f.daysRendered} / ${f.days}`,
      fixed(f.cumulativeMb, 0)
    ])
  )

const commit = (() => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim()
  } catch {
    return "unknown"
  }
})()

const started = performance.now()
process.stdout.write(
  `digest-feeds benchmark at ${commit}: ${days} days x ${rows} rows (${mix}), spacing x${scale}, CLI heap ` +
    `${heapMb === 0 ? "V8 default" : `capped at ${heapMb} MB`}\n\n`
)

const pipeline = !runs("pipeline")
  ? []
  : await runPipelineBench({
      mix,
      days,
      rowsPerDay: rows,
      timeScale: scale,
      githubLatencyMs: 20,
      arxivLatencyMs: 20,
      batchSize: 100,
      heapMb: heapMb === 0 ? null : heapMb
    })
if (runs("pipeline")) {
  process.stdout.write(
    `End to end (real CLI, loopback fakes, GitHub and arXiv with 20 ms latency; arXiv's 3 s spacing scaled to ` +
      `${3000 * scale} ms, the bioRxiv API's 1 s to ${1000 * scale} ms):\n`
  )
  process.stdout.write(`${pipelineTable(pipeline)}\n`)
  process.stdout.write(
    "  bounds: GitHub ref + tree + tarball (its redirect is one more); arXiv ceil(new arXiv ids / 100);\n" +
      "  bioRxiv+medRxiv the run's own (report.json requests.rxivLowerBound: per server ceil(DOIs asked / 30)).\n" +
      `  at the real 3 s spacing the cold run's arXiv requests alone would take ${fixed((((pipeline[0]?.arxivRequests ?? 1) - 1) * 3) / 60)} min.\n\n`
  )
}

const decoder = runs("decoder") ? runDecoderBench({ answers }) : []
if (runs("decoder")) {
  process.stdout.write(
    "arXiv Atom decoder, per entry (previous: fast-xml-parser + Schema, stopped after 10 s; single-pass: " +
      `src/enrich/decodeArxivFeed.ts):\n${formatDecoderBench(decoder, table)}\n\n`
  )
}

const parser = runs("parser") ? await runParserBench({ remarkMegabytes }) : null
if (parser !== null)
  process.stdout.write(`Parser (50 MB corpus from the real digests):\n${formatParserBench(parser)}\n\n`)

const emit = runs("emit") ? await runEmitBench({ papers: 20_000 }) : []
if (runs("emit")) {
  process.stdout.write("Emit (20,000 synthetic papers):\n")
  process.stdout.write(
    `${table(
      ["format", "papers", "MB", "s", "CPU s", "papers/s", "MB/s"],
      emit.map((r) => [
        r.format,
        String(r.items),
        fixed(r.bytes / 1e6),
        fixed(r.seconds, 2),
        fixed(r.cpuSeconds, 2),
        fixed(r.itemsPerSecond, 0),
        fixed(r.mbPerSecond)
      ])
    )}\n\n`
  )
}

const realAt = process.argv.indexOf("--real")
const real = realAt < 0 ? join(root, "..", "upstream", "docs", "daily-papers") : process.argv[realAt + 1]!
const siteWork = join(tmpdir(), "digest-feeds-bench-site")
const site = runs("site") && existsSync(real) ? await runSiteBench({ digests: real, work: siteWork }) : null
if (runs("site"))
  process.stdout.write(
    site === null
      ? `Site: skipped, no real archive at ${real} (--real DIR)\n\n`
      : `Site on the real archive (${real}, arxiv-daily pipeline, fake arXiv and bioRxiv/medRxiv API):\n${formatSiteBench(site, siteWork)}\n\n`
  )

const options = { mix, days, rows, scale, remarkMegabytes, heapMb, answers, only, real }
const results = { commit, options, pipeline, decoder, parser, emit, site }
mkdirSync(join(root, "bench", "results"), { recursive: true })
const file = join(
  root,
  "bench",
  "results",
  `${new Date().toISOString().slice(0, 10)}-${commit}${only === null ? "" : `-${only}`}.json`
)
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
process.stdout.write(`Results: ${file} (${fixed((performance.now() - started) / 1000)} s in all)\n`)
