/** How the decoder benchmark times one decoder (or one part of it) over a corpus of answers, per entry. */

export interface DecoderResult {
  readonly corpus: string
  /** previous: fast-xml-parser + Schema; single-pass: src/; the rest are parts of single-pass (decoderFloor.ts). */
  readonly decoder: "previous" | "single-pass" | "scan only" | "check + classes only" | "indexOf '<' only"
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

/** One answer's work; returns the entries it decoded (or stands for). */
export type AnswerWork = (xml: string, answer: number) => number

/**
 * Runs the work over the answers in order until done or out of budget. A warm-up of up to 300 answers or 1 s
 * comes first: with only 20, the recordings' timed pass (under 0.5 s) still measured the JIT's tiering up.
 */
export const measure = (
  corpus: string,
  decoder: DecoderResult["decoder"],
  work: AnswerWork,
  docs: ReadonlyArray<string>,
  budget: number
): DecoderResult => {
  const warming = performance.now()
  for (let answer = 0; answer < Math.min(docs.length, 300); answer++) {
    work(docs[answer] ?? "", answer)
    if (performance.now() - warming > 1000) break
  }
  let entries = 0
  let characters = 0
  let answers = 0
  const cpu = process.cpuUsage()
  const started = performance.now()
  for (const xml of docs) {
    entries += work(xml, answers)
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
