/**
 * Decoder benchmark: the single-pass arXiv Atom decoder (src/enrich/decodeArxivFeed.ts) against the previous
 * fast-xml-parser one (test/enrich/decodeArxivFeedReference.ts), per entry, on the recorded responses and on
 * the fake's 100-entry answers, and its parts (scan, check + classes, a bare indexOf scan: decoderFloor.ts).
 * Run: `npx tsx bench/decoder.ts [--answers 2000]` or `npm run bench -- --only decoder`.
 */
import { pathToFileURL } from "node:url"
import { Either } from "effect"
import { decodeArxivFeed } from "../src/enrich/decodeArxivFeed.ts"
import { decodeArxivFeedReference } from "../test/enrich/decodeArxivFeedReference.ts"
import { fakeAnswers, recordedAnswers } from "./decoderCorpora.ts"
import { measureFloors } from "./decoderFloor.ts"
import { type AnswerWork, type DecoderResult, measure } from "./decoderMeasure.ts"

export type { DecoderResult } from "./decoderMeasure.ts"

export interface DecoderBenchOptions {
  /** Fake answers of 100 entries each to decode (default 2,000: 200,000 entries). */
  readonly answers?: number
  /** The previous decoder stops after this many seconds per corpus (at ~2,000 entries/s it would take minutes). */
  readonly budgetSeconds?: number
  /** The single-pass decoder's parts too (decoderFloor.ts; default true). */
  readonly floors?: boolean
}

type Decode = typeof decodeArxivFeed

const entriesOf =
  (decode: Decode): AnswerWork =>
  (xml) => {
    const result = decode(xml)
    return Either.isRight(result) ? result.right.entries.length : 0
  }

export const runDecoderBench = (options: DecoderBenchOptions = {}): ReadonlyArray<DecoderResult> => {
  const budget = options.budgetSeconds ?? 10
  const recorded = recordedAnswers()
  // The 14 recordings hold 23 entries (21 papers): decode them 1,000 times over for a measurable time.
  const recordedRuns = Array.from({ length: 1000 }, () => recorded).flat()
  const fake = fakeAnswers(options.answers ?? 2000)
  const recordedCorpus = "recorded (14 files x 1000)"
  const fakeCorpus = `fake (${fake.length} x 100 entries)`
  const everything = Number.POSITIVE_INFINITY
  return [
    measure(recordedCorpus, "previous", entriesOf(decodeArxivFeedReference), recordedRuns, budget),
    measure(recordedCorpus, "single-pass", entriesOf(decodeArxivFeed), recordedRuns, everything),
    ...(options.floors === false ? [] : measureFloors(recordedCorpus, recordedRuns)),
    measure(fakeCorpus, "previous", entriesOf(decodeArxivFeedReference), fake, budget),
    measure(fakeCorpus, "single-pass", entriesOf(decodeArxivFeed), fake, everything),
    ...(options.floors === false ? [] : measureFloors(fakeCorpus, fake))
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
