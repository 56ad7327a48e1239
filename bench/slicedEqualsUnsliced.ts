/**
 * Does a backfill by slices publish what the same backfill unsliced does, on the real archive? Every arXiv,
 * bioRxiv and medRxiv digest of DIR through the arxiv-daily pipeline (the source swapped for a copy of those
 * files) against the loopback fake arXiv and the archive's bioRxiv/medRxiv fake (archiveRxivFake.ts: each DOI
 * posted on every digest date listing it, a version a day), from nothing twice side by side: by slices of
 * SLICE_DAYS digest dates (default 100, the pipelines' default) and unsliced. Prints the files that differ
 * (report.json aside) and each run's requests. About 4 minutes for the 529 days of the upstream on 2 cores.
 *   node --import tsx bench/slicedEqualsUnsliced.ts ../upstream/docs/daily-papers /tmp/sliced-vs-unsliced [SLICE_DAYS]
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"
import { startFakeArxiv } from "../test/fakes/FakeArxiv.ts"
import { startArchiveRxivFake } from "./archiveRxivFake.ts"
import { runMeasuredCli } from "./measuredCli.ts"

const [source, work, sliceArgument] = process.argv.slice(2)
if (source === undefined || work === undefined)
  throw new Error("usage: slicedEqualsUnsliced.ts DIGESTS_DIR WORK_DIR [SLICE_DAYS]")
const sliceDays = Number(sliceArgument ?? 100)

rmSync(work, { recursive: true, force: true })
const digests = join(work, "digests")
mkdirSync(digests, { recursive: true })
for (const name of readdirSync(source).filter((n) =>
  /^\d{4}-\d{2}-\d{2}-(?:arxiv|biorxiv|medrxiv)\.md$/.test(n)
))
  writeFileSync(join(digests, name), readFileSync(join(source, name)))

const arxiv = await startFakeArxiv({ seed: 1 })
const rxiv = await startArchiveRxivFake(source)
const run = (name: string, slices: number) => {
  const pipeline = JSON.parse(readFileSync("pipelines/arxiv-daily/pipeline.json", "utf8"))
  pipeline.sliceDays = slices
  writeFileSync(join(work, `${name}.pipeline.json`), JSON.stringify(pipeline))
  return runMeasuredCli(
    [
      "run",
      "--pipeline",
      join(work, `${name}.pipeline.json`),
      "--digests",
      digests,
      "--out",
      join(work, name),
      "--state",
      join(work, `${name}-state`)
    ],
    { ARXIV_API_URL: arxiv.url, RXIV_API_URL: rxiv.url, DIGEST_FEEDS_TIME_SCALE: "0.01" },
    join(work, `${name}.usage.json`)
  )
}
try {
  await Promise.all([run("sliced", sliceDays), run("unsliced", 0)])
} finally {
  await arxiv.close()
  await rxiv.close()
}

const files = (dir: string): Array<string> =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((path) => path !== "report.json")
    .sort()
const sliced = files(join(work, "sliced"))
const unsliced = files(join(work, "unsliced"))
const differ = sliced.filter(
  (path) =>
    !unsliced.includes(path) ||
    !readFileSync(join(work, "sliced", path)).equals(readFileSync(join(work, "unsliced", path)))
)
console.log(`files: ${sliced.length} sliced (by ${sliceDays} days), ${unsliced.length} unsliced`)
console.log(`differ: ${differ.length}${differ.length === 0 ? "" : ` (${differ.slice(0, 20).join(", ")})`}`)
for (const name of ["sliced", "unsliced"]) {
  const report = JSON.parse(readFileSync(join(work, name, "report.json"), "utf8"))
  console.log(`${name}: requests ${JSON.stringify(report.requests)}, pending ${report.counts.pending}`)
}
