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
import { readBibtex, validateAtom, validateJsonFeed, wellFormedWithLibxml2 } from "../test/emit/readers.ts"
import { startFakeArxiv } from "../test/fakes/FakeArxiv.ts"
import { startArchiveRxivFake } from "./archiveRxivFake.ts"
import { NIGHTLY_HEAP_MB, runMeasuredCli } from "./measuredCli.ts"

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

const of = (suffix: string) =>
  listed.filter((file) => file.endsWith(suffix)).map((file) => readFileSync(join(first, file), "utf8"))
const atom = await validateAtom(of("atom.xml"))
console.log(
  `Atom RELAX NG: ${of("atom.xml").length} files, valid ${atom.valid}, errors ${atom.errors.length} ${atom.errors.slice(0, 3).join(" | ")}`
)
const rss = await wellFormedWithLibxml2([...of("rss.xml"), ...of(".opml")])
console.log(`RSS and OPML well-formed (libxml2): errors ${rss.errors.length}`)
const feeds = [...of("feed.json"), readFileSync(join(first, "papers.json"), "utf8")]
const jsonErrors = feeds.flatMap((text) => validateJsonFeed(JSON.parse(text)))
console.log(
  `JSON Feed 1.1 schema: ${feeds.length} files, errors ${jsonErrors.length} ${jsonErrors.slice(0, 3).join(" | ")}`
)
const bib = readBibtex(readFileSync(join(first, "papers.bib"), "utf8"))
console.log(`papers.bib: ${bib.entries.length} entries, ${bib.errors.length} parser errors`)
const csl = JSON.parse(readFileSync(join(first, "papers.csl.json"), "utf8")) as Array<{ type: string }>
console.log(
  `papers.csl.json: ${csl.length} items, types ${[...new Set(csl.map((item) => item.type))].join(", ")}`
)
const report = JSON.parse(readFileSync(join(first, "report.json"), "utf8")) as {
  counts: { servers: Record<string, unknown> }
  requests: unknown
  problems: ReadonlyArray<{ code: string }>
}
console.log(`report counts: ${JSON.stringify(report.counts)}; requests ${JSON.stringify(report.requests)}`)
for (const [server, counts] of Object.entries(report.counts.servers))
  console.log(`${server}: ${JSON.stringify(counts)}`)
const codes = new Map<string, number>()
for (const problem of report.problems) codes.set(problem.code, (codes.get(problem.code) ?? 0) + 1)
console.log(`problems by code: ${JSON.stringify(Object.fromEntries([...codes].sort()))}`)

// Every bioRxiv/medRxiv paper's authors and category from the API (the fake's), and Zotero's fields.
const archive = JSON.parse(readFileSync(join(first, "papers.json"), "utf8")) as {
  items: Array<{ _preprint?: { server: string; category: string | null; authors_complete: boolean } }>
}
const preprints = archive.items.flatMap((item) => (item._preprint === undefined ? [] : [item._preprint]))
const fromApi = preprints.filter((item) => item.category !== null && item.authors_complete).length
console.log(
  `papers.json: ${preprints.length} bioRxiv/medRxiv items, ${fromApi} with the API's authors and category`
)
const cslPreprints = csl.filter(
  (item) =>
    (item as { publisher?: string }).publisher === "bioRxiv" ||
    (item as { publisher?: string }).publisher === "medRxiv"
)
const bibWithDoi = bib.entries.filter((entry) =>
  /^10\.(1101|64898)\//.test(String(entry.fields["doi"] ?? ""))
).length
console.log(
  `CSL-JSON items with publisher bioRxiv/medRxiv: ${cslPreprints.length}; BibTeX entries with a bioRxiv/medRxiv DOI: ${bibWithDoi}`
)

if (resultsFile !== undefined) {
  writeFileSync(
    resultsFile,
    `${JSON.stringify(
      {
        digests: relative(process.cwd(), resolve(digests)),
        heapMb: NIGHTLY_HEAP_MB,
        timeScale: 0.01,
        runs,
        files: listed.length,
        differingBetweenColdRuns: differing,
        validators: {
          atom: { files: of("atom.xml").length, valid: atom.valid, errors: atom.errors.length },
          rssAndOpmlErrors: rss.errors.length,
          jsonFeed: { files: feeds.length, errors: jsonErrors.length },
          bibtex: { entries: bib.entries.length, errors: bib.errors.length, rxivDois: bibWithDoi },
          csl: { items: csl.length, rxivPublisher: cslPreprints.length }
        },
        preprints: { items: preprints.length, withApiAuthorsAndCategory: fromApi },
        counts: report.counts,
        problems: Object.fromEntries([...codes].sort())
      },
      null,
      2
    )}\n`
  )
  console.log(`results written to ${resultsFile}`)
}
