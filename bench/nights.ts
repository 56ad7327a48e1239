/**
 * The quiet night and the one-new-day night, repeatable: `node --import tsx bench/nights.ts DIR [--profile]`
 * backfills DIR once (cold run, kept), then runs each night on a fresh copy of that state, so a change to the
 * nightly path is measured (and profiled with --cpu-prof into DIR/profiles) without paying a cold run each time.
 * Options: --days N --rows M (default 1000 x 200), --runs K (nights of each kind, default 1), --only
 * quiet|one-new-day (one kind of night), --mix arxiv|mixed (the archive, bench/benchArchive.ts; default mixed
 * for a new DIR; a DIR whose cold state was built before the option existed is arXiv-only, and DIR/mix records
 * the mix of every state built since, so replays match it).
 * --slice-days N: the pipeline's sliceDays (default 0 here: the cold run unsliced; N > 0 renders it by slices of
 * N digest dates, as the pipelines' default of 100 does). The nights are delta or quiet runs either way.
 * --rekey: re-key the kept cold state to the current bundle (its code fingerprint is part of every run key, so
 * any rebuild would otherwise make the night a full render), stamp its spliced files if it has no stamps, and
 * move an earlier memo's problems out of it (last-run-problems.json) as the current run records them.
 * Only for code changes that keep every output byte (the golden and delta-vs-full tests say so); `npm run bench`
 * always measures a real cold run.
 */
import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { Effect, Either } from "effect"
import { BibKeyTable } from "../src/emit/BibKeyTable.ts"
import { BIBKEYS_STATE_FILE, LEGACY_BIBKEYS_STATE_FILE } from "../src/pipeline/bibKeyRegistry.ts"
import { problemsText, RUN_PROBLEMS_FILE, runKey, sha256Of } from "../src/pipeline/incremental/RunMemo.ts"
import { decodePipeline } from "../src/pipeline/loadPipeline.ts"
import { startFakeArxiv } from "../test/fakes/FakeArxiv.ts"
import { startFakeGitHub } from "../test/fakes/FakeGitHub.ts"
import { startFakeRxiv } from "../test/fakes/FakeRxiv.ts"
import { benchArchive, filesOf, MIXES, type Mix, warmTarball } from "./benchArchive.ts"
import { benchPipelineFile, runCli } from "./pipeline.ts"

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name)
  return at < 0 ? fallback : Number(process.argv[at + 1])
}
const dir = resolve(process.argv[2] ?? "/tmp/digest-feeds-nights")
const days = argument("--days", 1000)
const rows = argument("--rows", 200)
const nights = argument("--runs", 1)
const profile = process.argv.includes("--profile")
/** The value after `name`, one of `allowed` (exit 2 otherwise), or `fallback` when `name` is not given. */
const choice = <A extends string>(name: string, allowed: ReadonlyArray<A>, fallback: A | undefined) => {
  const at = process.argv.indexOf(name)
  const value = at < 0 ? fallback : process.argv[at + 1]
  if (value !== undefined && !allowed.includes(value as A)) {
    process.stderr.write(`${name} ${value}: expected ${allowed.join(" or ")}\n`)
    process.exit(2)
  }
  return value as A | undefined
}
const only = choice("--only", ["quiet", "one-new-day"], undefined)
const mixFile = join(dir, "mix")
const builtMix: Mix | null = existsSync(mixFile)
  ? (readFileSync(mixFile, "utf8").trim() as Mix)
  : existsSync(join(dir, "cold", "out", "report.json"))
    ? "arxiv"
    : null
const mix = choice("--mix", MIXES, builtMix ?? "mixed") as Mix
if (builtMix !== null && builtMix !== mix) {
  process.stderr.write(`--mix ${mix}: ${dir} holds a cold state built from the ${builtMix} archive\n`)
  process.exit(2)
}

const archive = benchArchive(mix, { days, rowsPerDay: rows })
const day = archive.days[archive.days.length - 1]!
// arXiv-only states were built from the first `days` dates (failure days included): kept so they still replay.
const corpus = archive.days.slice(0, mix === "arxiv" ? days : archive.archiveDates)
const github = await startFakeGitHub({ files: filesOf(corpus), latencyMs: 20 })
const arxiv = await startFakeArxiv({ seed: 1, latencyMs: 20, versions: archive.arxivVersions })
const rxiv = await startFakeRxiv({ posted: archive.posted })
mkdirSync(dir, { recursive: true })
const pipelineFile = benchPipelineFile(dir, 100, argument("--slice-days", 0))
const env = {
  GITHUB_API_URL: github.url,
  ARXIV_API_URL: arxiv.url,
  RXIV_API_URL: rxiv.url,
  DIGEST_FEEDS_TIME_SCALE: "0.001",
  // The production timeout: the scaled one's 10 s floor cut the mixed archive's tarball transfer under load.
  DIGEST_FEEDS_GITHUB_TIMEOUT_SECONDS: "120"
}
const args = (work: string) => [
  "run",
  "--pipeline",
  pipelineFile,
  "--out",
  join(work, "out"),
  "--state",
  join(work, "state")
]
const line = (name: string, r: Awaited<ReturnType<typeof runCli>>) =>
  process.stdout.write(
    `${name.padEnd(12)} exit ${r.code}  wall ${(r.wallMs / 1000).toFixed(2)} s  CPU ${(r.usage.cpuMs / 1000).toFixed(2)} s  ` +
      `(${((r.usage.cpuMs + (r.usage.childrenCpuMs ?? 0)) / 1000).toFixed(2)} s with Pagefind)  ` +
      `peak RSS ${(r.usage.peakRssBytes / 1024 / 1024).toFixed(0)} MB ` +
      `(Pagefind ${((r.usage.childrenPeakRssBytes ?? 0) / 1024 / 1024).toFixed(0)} MB)\n`
  )

/**
 * The stamps a publish by the current build records (publishedStamps): a state built by an earlier build has
 * none, so its first night would hash the spliced files instead of measuring the stamped path.
 */
const stampsOf = (out: string, manifestFile: string) => {
  const files = JSON.parse(readFileSync(manifestFile, "utf8")).files as Record<
    string,
    { sha256: string; bytes: number }
  >
  const spliced = Object.keys(files).filter((path) =>
    /^(papers\.(json|bib|csl\.json)|topic\/[^/]+\/papers\.bib)$/.test(path)
  )
  return Object.fromEntries(
    spliced.map((path) => [path, { ...files[path], mtimeMs: statSync(join(out, path)).mtime.getTime() }])
  )
}

/**
 * The key registry as the current build keeps it: a state built before the table has the JSON registry, which
 * the first night would move over (and so render everything); the table is written beside it instead, which
 * an older build, reading the JSON, ignores.
 */
const bibKeysTable = (state: string) => {
  const table = join(state, BIBKEYS_STATE_FILE)
  const legacy = join(state, LEGACY_BIBKEYS_STATE_FILE)
  if (!existsSync(table) && existsSync(legacy))
    writeFileSync(
      table,
      BibKeyTable.fromRecord(JSON.parse(readFileSync(legacy, "utf8")))
        .pipe(Either.getOrThrow)
        .withAdded(new Map())
        .join("")
    )
  return table
}

/** Rewrites the keys of the kept state (last-run.json, archive.json) as the current bundle would compute them. */
const rekey = (state: string) => {
  const codeFingerprint = createHash("sha256")
    .update(readFileSync(new URL("../dist/digest-feeds.cjs", import.meta.url)))
    .digest("hex")
  const pipeline = Effect.runSync(decodePipeline(pipelineFile, readFileSync(pipelineFile, "utf8")))
  const memoFile = join(state, "last-run.json")
  const archiveFile = join(state, "archive.json")
  const memo = JSON.parse(readFileSync(memoFile, "utf8"))
  const { newPapers: _ids, problems, ...report } = memo.report
  // A memo of the earlier format (the whole report inside) moves its problems out, as the current run does.
  if (problems !== undefined) {
    const text = problemsText(problems)
    writeFileSync(join(state, RUN_PROBLEMS_FILE), text)
    Object.assign(memo, { report, problemsSha256: sha256Of(text) })
  }
  const listing = Object.entries(memo.listing as Record<string, string>).map(([path, sha]) => ({
    path,
    sha,
    date: "",
    changed: false
  }))
  const base = { codeFingerprint, pipeline, range: { since: null, until: null }, offline: false }
  // biome-ignore lint/suspicious/noExplicitAny: a dev tool patching two JSON fields
  const key = runKey({ ...base, listing: listing as any })
  const archive = JSON.parse(readFileSync(archiveFile, "utf8"))
  writeFileSync(memoFile, `${JSON.stringify({ ...memo, key }, null, 1)}\n`)
  const stamps = archive.stamps ?? stampsOf(join(state, "..", "out"), join(state, "outputs-manifest.json"))
  const bibKeysSha256 = sha256Of(readFileSync(bibKeysTable(state), "utf8"))
  writeFileSync(
    archiveFile,
    `${JSON.stringify({ ...archive, runKey: key, baseKey: runKey({ ...base, listing: [] }), stamps, bibKeysSha256 }, null, 1)}\n`
  )
}

try {
  const cold = join(dir, "cold")
  if (process.argv.includes("--rekey")) rekey(join(cold, "state"))
  if (!existsSync(join(cold, "out", "report.json"))) {
    await warmTarball(github.url)
    const r = await runCli(args(cold), env, join(dir, "cold.usage.json"))
    writeFileSync(mixFile, `${mix}\n`)
    line("cold", r)
    if (r.code !== 0) process.stderr.write(r.stderr.slice(-4000))
    if (process.argv.includes("--log")) process.stderr.write(r.stderr)
  }
  const night = async (name: string) => {
    const work = join(dir, "night")
    rmSync(work, { recursive: true, force: true })
    // Timestamps kept, as a restore of the Actions cache keeps them: the run trusts files whose stamp matches.
    cpSync(cold, work, { recursive: true, preserveTimestamps: true })
    // The copy is 4 GB at 1,000 days: without a sync the kernel writes it back while the night runs, which
    // measured that (quiet nights spread over 1.9-2.9 s).
    execFileSync("sync")
    const r = await runCli(
      args(work),
      env,
      join(dir, `${name}.usage.json`),
      profile ? ["--cpu-prof", `--cpu-prof-dir=${join(dir, "profiles", name)}`] : []
    )
    line(name, r)
    if (r.code !== 0) process.stderr.write(r.stderr.slice(-4000))
    if (process.argv.includes("--log")) process.stderr.write(r.stderr)
  }
  if (only !== "one-new-day") for (let k = 0; k < nights; k++) await night("quiet")
  github.repo.commit({ put: [...day.files] })
  if (only !== "quiet") for (let k = 0; k < nights; k++) await night("one-new-day")
} finally {
  await github.close()
  await arxiv.close()
  await rxiv.close()
}
