/**
 * The real archive, end to end: every arXiv, bioRxiv and medRxiv digest of a checkout of the upstream
 * (`DIR/*rxiv.md`) and the daily JSON beside it (`DIR/../api/daily/*.json`) through the arxiv-daily pipeline
 * (its servers, topics and settings, the source swapped for that local folder) against the loopback fake arXiv
 * and a fake bioRxiv/medRxiv API that lists the archive's DOIs on their posting days (archiveRxivFake.ts), twice
 * from nothing, then once more with nothing new (a warm night), then every feed through the validators the tests
 * use. Prints each run's wall and CPU time, stages and requests, what differs between the two cold runs, what
 * the validators said, and the parse totals per server (compare with `digest-feeds parse`); with RESULTS, also
 * writes them as JSON there.
 *   npx tsx bench/realArchive.ts ../upstream/docs/daily-papers /tmp/realrun [bench/results/NAME.json]
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { startFakeArxiv } from "../test/fakes/FakeArxiv.ts"
import { startArchiveRxivFake } from "./archiveRxivFake.ts"
import { runMeasuredCli } from "./measuredCli.ts"
import { validateOutputs } from "./validateOutputs.ts"

const [digests, work, resultsFile] = process.argv.slice(2)
if (digests === undefined || work === undefined)
  throw new Error("usage: realArchive.ts DIGESTS_DIR WORK_DIR [RESULTS.json]")

const files = (root: string): Array<string> =>
  readdirSync(root).flatMap((name) => {
    const full = join(root, name)
    return statSync(full).isDirectory() ? files(full) : [full]
  })

// arxiv-daily as it is, reading the checkout instead of GitHub: the same globs under a local folder.
const live = JSON.parse(readFileSync("pipelines/arxiv-daily/pipeline.json", "utf8"))
const pipelineFile = join(resolve(work), "pipeline.json")
mkdirSync(resolve(work), { recursive: true })
writeFileSync(
  pipelineFile,
  JSON.stringify({
    ...live,
    source: {
      type: "local",
      path: [join(resolve(digests), "*rxiv.md"), join(dirname(resolve(digests)), "api", "daily", "*.json")]
    }
  })
)

const fake = await startFakeArxiv({ seed: 1 })
const rxiv = await startArchiveRxivFake(resolve(digests))
const runs: Array<Record<string, unknown>> = []
const run = async (name: string, options: { readonly fresh: boolean } = { fresh: true }) => {
  const out = join(work, name)
  if (options.fresh) {
    rmSync(out, { recursive: true, force: true })
    rmSync(join(work, `${name}-state`), { recursive: true, force: true })
  }
  mkdirSync(out, { recursive: true })
  const measured = await runMeasuredCli(
    ["run", "--pipeline", pipelineFile, "--out", out, "--state", join(work, `${name}-state`)],
    { ARXIV_API_URL: fake.url, RXIV_API_URL: rxiv.url, DIGEST_FEEDS_TIME_SCALE: "0.01" },
    join(work, "usage.json")
  )
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"))
  const figures = {
    name: options.fresh ? `${name}, from nothing` : `${name} again, nothing new`,
    ...measured,
    status: report.status,
    stagesMs: report.durationsMs,
    requests: report.requests,
    pending: report.pending.length,
    withMetadata: report.counts.withMetadata,
    daysRendered: report.counts.daysRendered,
    filesWritten: report.outputs.written.length
  }
  runs.push(figures)
  console.log(
    `${figures.name}: wall ${measured.wallSeconds.toFixed(1)} s, CPU ${measured.cpuSeconds.toFixed(1)} s ` +
      `(${measured.cpuWithChildrenSeconds.toFixed(1)} s with Pagefind), peak RSS ${measured.peakRssMb.toFixed(0)} MB; ` +
      `status ${report.status}, stages ${JSON.stringify(report.durationsMs)}, requests ${JSON.stringify(report.requests)}, ` +
      `pending ${report.pending.length}, days rendered ${report.counts.daysRendered}, files written ${figures.filesWritten}`
  )
  return out
}
const first = await run("first")
const second = await run("second")
// The warm night: the same archive again, nothing new upstream.
await run("second", { fresh: false })
await fake.close()
await rxiv.close()

const listed = files(first)
  .map((file) => relative(first, file))
  .filter((file) => file !== "report.json")
const differing = listed.filter(
  (file) => !readFileSync(join(first, file)).equals(readFileSync(join(second, file)))
)
console.log(
  `files: ${listed.length}; differing between the two runs: ${differing.length} ${differing.slice(0, 5).join(" ")}`
)

const validated = await validateOutputs(first)

if (resultsFile !== undefined) {
  writeFileSync(
    resultsFile,
    `${JSON.stringify(
      {
        digests: relative(process.cwd(), resolve(digests)),
        heapMb: null,
        timeScale: 0.01,
        runs,
        differingBetweenColdRuns: differing,
        ...validated
      },
      null,
      2
    )}\n`
  )
  console.log(`results written to ${resultsFile}`)
}
