/**
 * Decoder benchmark: the single-pass arXiv Atom decoder (src/enrich/decodeArxivFeed.ts) against the previous
 * fast-xml-parser one (test/enrich/decodeArxivFeedReference.ts), per entry, on the recorded responses and on
 * the fake's 100-entry answers. Run: `npx tsx bench/decoder.ts [--answers 2000]` or
 * `npm run bench -- --only decoder`.
 */
import { pathToFileURL } from "node:url"
import { Either } from "effect"
import { decodeArxivFeed } from "../src/enrich/decodeArxivFeed.ts"
import { decodeArxivFeedReference } from "../test/enrich/decodeArxivFeedReference.ts"
import { fakeAnswers, recordedAnswers } from "./decoderCorpora.ts"

export interface DecoderResult {
  readonly corpus: string
  readonly decoder: "previous" | "single-pass"
  readonly answers: number
  readonly entries: number
  readonly megabytes: number
  readonly seconds: number
  /** CPU time of this process (user + system): on a shared machine wall time also counts other processes. */
  readonly cpuSeconds: number
  readonly entriesPerSecond: number
  readonly entriesPerCpuSecond: number
  readonly megabytesPerSecond: number
}

export interface DecoderBenchOptions {
  /** Fake answers of 100 entries each to decode (default 2,000: 200,000 entries). */
  readonly answers?: number
  /** The previous decoder stops after this many seconds per corpus (at ~2,000 entries/s it would take minutes). */
  readonly budgetSeconds?: number
}

type Decode = typeof decodeArxivFeed

const entriesOf = (decode: Decode, xml: string): number => {
  const result = decode(xml)
  return Either.isRight(result) ? result.right.entries.length : 0
}

/**
 * Decodes the documents in order until done or out of budget. A warm-up of up to 300 documents or 1 s comes
 * first: with only 20, the recordings' timed pass (under 0.5 s) still measured the JIT's tiering up.
 */
const measure = (
  corpus: string,
  decoder: DecoderResult["decoder"],
  decode: Decode,
  docs: ReadonlyArray<string>,
  budget: number
): DecoderResult => {
  const warming = performance.now()
  for (const xml of docs.slice(0, 300)) {
    entriesOf(decode, xml)
    if (performance.now() - warming > 1000) break
  }
  let entries = 0
  let characters = 0
  let answers = 0
  const cpu = process.cpuUsage()
  const started = performance.now()
  for (const xml of docs) {
    entries += entriesOf(decode, xml)
    characters += xml.length
    answers++
    if ((performance.now() - started) / 1000 > budget) break
  }
  const seconds = (performance.now() - started) / 1000
  const { user, system } = process.cpuUsage(cpu)
  const cpuSeconds = (user + system) / 1e6
  const megabytes = characters / 1e6
  return {
    corpus,
    decoder,
    answers,
    entries,
    megabytes,
    seconds,
    cpuSeconds,
    entriesPerSecond: entries / seconds,
    entriesPerCpuSecond: entries / cpuSeconds,
    megabytesPerSecond: megabytes / seconds
  }
}

export const runDecoderBench = (options: DecoderBenchOptions = {}): ReadonlyArray<DecoderResult> => {
  const budget = options.budgetSeconds ?? 10
  const recorded = recordedAnswers()
  // The 14 recordings hold 23 entries (21 papers): decode them 1,000 times over for a measurable time.
  const recordedRuns = Array.from({ length: 1000 }, () => recorded).flat()
  const fake = fakeAnswers(options.answers ?? 2000)
  return [
    measure("recorded (14 files x 1000)", "previous", decodeArxivFeedReference, recordedRuns, budget),
    measure(
      "recorded (14 files x 1000)",
      "single-pass",
      decodeArxivFeed,
      recordedRuns,
      Number.POSITIVE_INFINITY
    ),
    measure(`fake (${fake.length} x 100 entries)`, "previous", decodeArxivFeedReference, fake, budget),
    measure(
      `fake (${fake.length} x 100 entries)`,
      "single-pass",
      decodeArxivFeed,
      fake,
      Number.POSITIVE_INFINITY
    )
  ]
}

export const formatDecoderBench = (
  results: ReadonlyArray<DecoderResult>,
  table: (header: ReadonlyArray<string>, lines: ReadonlyArray<ReadonlyArray<string>>) => string
): string =>
  table(
    [
      "corpus",
      "decoder",
      "answers",
      "entries",
      "MB",
      "s",
      "CPU s",
      "entries/s",
      "entries/CPU s",
      "MB/s",
      "speed-up"
    ],
    results.map((r) => {
      const previous = results.find((other) => other.corpus === r.corpus && other.decoder === "previous")
      return [
        r.corpus,
        r.decoder,
        String(r.answers),
        String(r.entries),
        r.megabytes.toFixed(1),
        r.seconds.toFixed(2),
        r.cpuSeconds.toFixed(2),
        r.entriesPerSecond.toFixed(0),
        r.entriesPerCpuSecond.toFixed(0),
        r.megabytesPerSecond.toFixed(1),
        previous === undefined ? "" : `x${(r.entriesPerSecond / previous.entriesPerSecond).toFixed(1)}`
      ]
    })
  )

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const at = process.argv.indexOf("--answers")
  const answers = at < 0 ? 2000 : Number(process.argv[at + 1])
  const plain = (header: ReadonlyArray<string>, lines: ReadonlyArray<ReadonlyArray<string>>) =>
    [header, ...lines].map((line) => line.join("\t")).join("\n")
  process.stdout.write(`${formatDecoderBench(runDecoderBench({ answers }), plain)}\n`)
}
