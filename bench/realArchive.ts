/**
 * The real archive, end to end: every arXiv, bioRxiv and medRxiv digest of a checkout of the upstream
 * (`DIR/*rxiv.md`) and the daily JSON beside it (`DIR/../api/daily/*.json`) through the arxiv-daily pipeline
 * (its servers, topics and settings, the source swapped for that local folder) against the loopback fake arXiv,
 * twice from nothing, then every feed through the validators the tests use. Prints what differs between the two
 * runs, what the validators said, and the parse totals per server (compare with `digest-feeds parse`).
 *   npx tsx bench/realArchive.ts ../upstream/docs/daily-papers /tmp/realrun
 */
import { execFile } from "node:child_process"
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { promisify } from "node:util"
import { readBibtex, validateAtom, validateJsonFeed, wellFormedWithLibxml2 } from "../test/emit/readers.ts"
import { startFakeArxiv } from "../test/fakes/FakeArxiv.ts"
import { startFakeRxiv } from "../test/fakes/FakeRxiv.ts"

const [digests, work] = process.argv.slice(2)
if (digests === undefined || work === undefined) throw new Error("usage: realArchive.ts DIGESTS_DIR WORK_DIR")

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
const rxiv = await startFakeRxiv()
// The fakes answer from this process: the CLI must run beside it, not block it.
const run = async (name: string, options: { readonly fresh: boolean } = { fresh: true }) => {
  const out = join(work, name)
  if (options.fresh) {
    rmSync(out, { recursive: true, force: true })
    rmSync(join(work, `${name}-state`), { recursive: true, force: true })
  }
  mkdirSync(out, { recursive: true })
  const started = performance.now()
  await promisify(execFile)(
    "node",
    [
      "bin/digest-feeds.js",
      "run",
      "--pipeline",
      pipelineFile,
      "--out",
      out,
      "--state",
      join(work, `${name}-state`)
    ],
    {
      env: {
        ...process.env,
        ARXIV_API_URL: fake.url,
        RXIV_API_URL: rxiv.url,
        DIGEST_FEEDS_TIME_SCALE: "0.01"
      },
      maxBuffer: 1 << 26
    }
  )
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"))
  console.log(
    `${name}${options.fresh ? "" : " (again, nothing new)"}: ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
      `status ${report.status}, requests ${JSON.stringify(report.requests)}, pending ${report.pending.length}`
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
