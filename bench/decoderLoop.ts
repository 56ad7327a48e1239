/**
 * The decoder alone in a loop over one corpus, for profiling (`node --cpu-prof --import tsx
 * bench/decoderLoop.ts recorded|fake [seconds]`): prints entries and MB per CPU second at the steady state.
 */
import { Either } from "effect"
import { decodeArxivFeed } from "../src/enrich/decodeArxivFeed.ts"
import { fakeAnswers, recordedAnswers } from "./decoderCorpora.ts"

const corpus = process.argv[2] ?? "recorded"
const seconds = Number(process.argv[3] ?? 5)
const docs = corpus === "recorded" ? recordedAnswers() : fakeAnswers(20)
let entries = 0
let characters = 0
const cpu = process.cpuUsage()
const started = performance.now()
while ((performance.now() - started) / 1000 < seconds) {
  for (const xml of docs) {
    const decoded = decodeArxivFeed(xml)
    if (Either.isRight(decoded)) entries += decoded.right.entries.length
    characters += xml.length
  }
}
const { user, system } = process.cpuUsage(cpu)
const cpuSeconds = (user + system) / 1e6
process.stdout.write(
  `${corpus}: ${entries} entries in ${cpuSeconds.toFixed(2)} CPU s, ${(entries / cpuSeconds).toFixed(0)} entries/CPU s, ` +
    `${(characters / 1e6 / cpuSeconds).toFixed(1)} MB/CPU s\n`
)
