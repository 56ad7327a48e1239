/**
 * Parser benchmark: the digest parser against remark + remark-gfm on the same >= 50 MB corpus of real rows
 * (bench/corpus.ts): time, MB/s, rows/s, rows recovered with the right arXiv id, peak memory.
 * Run: `node --expose-gc --import tsx bench/parser.ts [--mb 50] [--rows 10] [--seed 1] [--remark-mb N]` (or
 * `npx tsx bench/parser.ts`); remark-gfm reads the whole corpus (about a minute) unless `--remark-mb` asks
 * for a spread subset, whose time is then extrapolated and said to be.
 */
import { pathToFileURL } from "node:url"
import { parseDigest } from "../src/parse/parseDigest.ts"
import { type CorpusFile, generateCorpus } from "./corpus.ts"
import { remarkReader } from "./parseRemark.ts"
import { formatParserBench } from "./parseReport.ts"

export { formatParserBench }

export interface ParserBenchOptions {
  /** Corpus size to reach (days are chosen for it); ignored when `days` is given. */
  readonly megabytes?: number
  readonly days?: number
  readonly rowsPerDay?: number
  readonly seed?: number
  /** remark-gfm is measured on a spread subset of about this size and extrapolated; null (default): all. */
  readonly remarkMegabytes?: number | null
  /** Parser runs; the fastest counts (the first pays for JIT warm-up; other processes add noise). */
  readonly runs?: number
}

export interface ReaderResult {
  readonly files: number
  readonly megabytes: number
  readonly seconds: number
  readonly megabytesPerSecond: number
  readonly rowsPerSecond: number
  /** Rows whose PDF cell gave the expected id, and how many ids were expected, in the files read. */
  readonly recovered: number
  readonly expected: number
  readonly peakRssMegabytes: number
  /** RSS when the reader started (the corpus is in memory by then). */
  readonly startRssMegabytes: number
}

export interface ParserBenchResult {
  readonly corpus: {
    readonly files: number
    readonly megabytes: number
    readonly rows: number
    readonly ids: number
  }
  readonly parser: ReaderResult & { readonly runSeconds: ReadonlyArray<number> }
  readonly remark: ReaderResult & { readonly subset: boolean; readonly extrapolatedSeconds: number }
  /** Speed ratio in MB/s, parser over remark-gfm. */
  readonly speedup: number
  /** Ids remark-gfm did not recover (in the files it read), and how many of those the parser did. */
  readonly lostByRemark: number
  readonly lostByRemarkRecoveredByParser: number
}

const bytesOf = (files: ReadonlyArray<CorpusFile>) =>
  files.reduce((sum, f) => sum + Buffer.byteLength(f.content), 0)

/** Enough days of the real layout mix for `megabytes`, from a one-timeline probe. */
const buildCorpus = (options: ParserBenchOptions): ReadonlyArray<CorpusFile> => {
  const rowsPerDay = options.rowsPerDay ?? 10
  const seed = options.seed ?? 1
  if (options.days !== undefined) return [...generateCorpus({ days: options.days, rowsPerDay, seed })]
  const target = (options.megabytes ?? 50) * 1e6
  const probe = bytesOf([...generateCorpus({ days: 530, rowsPerDay, seed })])
  let days = Math.ceil((530 * target * 1.02) / probe)
  for (;;) {
    const files = [...generateCorpus({ days, rowsPerDay, seed })]
    if (bytesOf(files) >= target) return files
    days = Math.ceil(days * 1.05)
  }
}

/** How many expected ids a list of found ids covers (each expected id once), and which expected ones it misses. */
const match = (expected: ReadonlyArray<string | null>, found: ReadonlyArray<string | null>) => {
  const left = new Map<string, number>()
  for (const id of found) if (id !== null) left.set(id, (left.get(id) ?? 0) + 1)
  let recovered = 0
  const missed: Array<string> = []
  for (const id of expected) {
    if (id === null) continue
    const n = left.get(id) ?? 0
    if (n > 0) {
      recovered++
      left.set(id, n - 1)
    } else missed.push(id)
  }
  return { recovered, missed }
}

const tryGc = () => (globalThis as { gc?: () => void }).gc?.()

/** Times `read` over the files, sampling RSS after every few files (reads are synchronous). */
const measure = (
  files: ReadonlyArray<CorpusFile>,
  read: (file: CorpusFile) => ReadonlyArray<string | null>
) => {
  tryGc()
  const start = process.memoryUsage.rss()
  let peak = start
  const found: Array<ReadonlyArray<string | null>> = []
  const started = performance.now()
  files.forEach((file, i) => {
    found.push(read(file))
    if (i % 16 === 0) peak = Math.max(peak, process.memoryUsage.rss())
  })
  const seconds = (performance.now() - started) / 1000
  peak = Math.max(peak, process.memoryUsage.rss())
  return { seconds, found, peakRssMegabytes: peak / 1e6, startRssMegabytes: start / 1e6 }
}

const parserIds = (file: CorpusFile) =>
  parseDigest({ path: file.path, date: file.date, kind: "arxiv", content: file.content }).rows.map(
    (r) => r.arxivId
  )

const reader = (files: ReadonlyArray<CorpusFile>, timing: ReturnType<typeof measure>): ReaderResult => {
  const megabytes = bytesOf(files) / 1e6
  let recovered = 0
  let expected = 0
  files.forEach((file, i) => {
    recovered += match(file.expectedIds, timing.found[i]!).recovered
    expected += file.expectedIds.filter((id) => id !== null).length
  })
  const rows = files.reduce((sum, f) => sum + f.expectedIds.length, 0)
  return {
    files: files.length,
    megabytes,
    seconds: timing.seconds,
    megabytesPerSecond: megabytes / timing.seconds,
    rowsPerSecond: rows / timing.seconds,
    recovered,
    expected,
    peakRssMegabytes: timing.peakRssMegabytes,
    startRssMegabytes: timing.startRssMegabytes
  }
}

export const runParserBench = async (options: ParserBenchOptions = {}): Promise<ParserBenchResult> => {
  const corpus = buildCorpus(options)
  const totalMegabytes = bytesOf(corpus) / 1e6
  let best: ReturnType<typeof measure> | undefined
  const runSeconds: Array<number> = []
  for (let run = 0; run < (options.runs ?? 5); run++) {
    const timing = measure(corpus, parserIds)
    runSeconds.push(timing.seconds)
    if (best === undefined || timing.seconds < best.seconds) best = timing
  }
  const parser = { ...reader(corpus, best!), runSeconds }

  // A spread subset (every k-th file) keeps the layout mix of the whole timeline.
  const remarkMegabytes = options.remarkMegabytes ?? null
  const step = remarkMegabytes === null ? 1 : Math.max(1, Math.floor(totalMegabytes / remarkMegabytes))
  const subset = corpus.filter((_, i) => i % step === 0)
  const remarkTiming = measure(subset, remarkReader())
  const remarkResult = reader(subset, remarkTiming)

  let lost = 0
  let rescued = 0
  corpus.forEach((file, i) => {
    if (i % step !== 0) return
    const missed = match(file.expectedIds, remarkTiming.found[i / step]!).missed
    const ours = new Set(best!.found[i]!)
    lost += missed.length
    rescued += missed.filter((id) => ours.has(id)).length
  })
  return {
    corpus: {
      files: corpus.length,
      megabytes: totalMegabytes,
      rows: corpus.reduce((sum, f) => sum + f.expectedIds.length, 0),
      ids: corpus.reduce((sum, f) => sum + f.expectedIds.filter((id) => id !== null).length, 0)
    },
    parser,
    remark: {
      ...remarkResult,
      subset: step > 1,
      extrapolatedSeconds: totalMegabytes / remarkResult.megabytesPerSecond
    },
    speedup: parser.megabytesPerSecond / remarkResult.megabytesPerSecond,
    lostByRemark: lost,
    lostByRemarkRecoveredByParser: rescued
  }
}

const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name)
  return at < 0 ? undefined : process.argv[at + 1]
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const number = (name: string) => (argument(name) === undefined ? undefined : Number(argument(name)))
  const result = await runParserBench({
    ...(number("--mb") === undefined ? {} : { megabytes: number("--mb")! }),
    ...(number("--rows") === undefined ? {} : { rowsPerDay: number("--rows")! }),
    ...(number("--seed") === undefined ? {} : { seed: number("--seed")! }),
    remarkMegabytes: number("--remark-mb") ?? null
  })
  console.log(formatParserBench(result))
}
