/** Prints the parser benchmark as a table, saying which figures are measured and which extrapolated. */
import type { ParserBenchResult, ReaderResult } from "./parser.ts"

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
const median = (values: ReadonlyArray<number>) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const pct = (part: number, whole: number) => `${fmt(part)} / ${fmt(whole)} (${fmt((100 * part) / whole, 1)}%)`

export const formatParserBench = (result: ParserBenchResult): string => {
  const { corpus, parser, remark: rm } = result
  const line = (name: string, r: ReaderResult, seconds: string) =>
    [
      name.padEnd(20),
      seconds.padStart(16),
      fmt(r.megabytesPerSecond, 2).padStart(9),
      fmt(r.rowsPerSecond).padStart(10),
      pct(r.recovered, r.expected).padStart(28),
      `${fmt(r.peakRssMegabytes)} MB (${fmt(r.startRssMegabytes)})`.padStart(20)
    ].join("  ")
  const remarkSeconds = rm.subset
    ? `${fmt(rm.seconds, 2)} s (~${fmt(rm.extrapolatedSeconds)} s)`
    : `${fmt(rm.seconds, 2)} s`
  return [
    `corpus: ${fmt(corpus.files)} digests, ${fmt(corpus.megabytes, 1)} MB, ${fmt(corpus.rows)} rows (${fmt(corpus.ids)} with an arXiv id)`,
    "",
    [
      "reader".padEnd(20),
      "time".padStart(16),
      "MB/s".padStart(9),
      "rows/s".padStart(10),
      "rows with the right id".padStart(28),
      "peak RSS (at start)".padStart(20)
    ].join("  "),
    line("digest parser", parser, `${fmt(parser.seconds, 3)} s`),
    line("remark + remark-gfm", rm, remarkSeconds),
    "",
    rm.subset
      ? `remark-gfm was run on ${fmt(rm.megabytes, 1)} MB (${fmt(rm.files)} digests, every ${fmt(corpus.files / rm.files)}th of the corpus): its rows and ids are for that subset; its time for the whole corpus is extrapolated from its MB/s (~).`
      : "remark-gfm was run on the whole corpus.",
    `parser runs: ${parser.runSeconds.map((s) => fmt(s, 3)).join(", ")} s (the table shows the best; median ${fmt(median(parser.runSeconds), 3)} s).`,
    `the parser is ${fmt(result.speedup, 1)}x faster than remark-gfm in MB/s (${fmt((result.speedup * parser.seconds) / median(parser.runSeconds), 1)}x with the parser's median run; remark-gfm: one run).`,
    `rows remark-gfm loses (in the digests it read): ${fmt(result.lostByRemark)}; of these the parser recovers ${fmt(result.lostByRemarkRecoveredByParser)}.`
  ].join("\n")
}
