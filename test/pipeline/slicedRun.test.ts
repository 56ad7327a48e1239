/**
 * A run that renders every day by slices of `sliceDays` digest dates: it publishes the bytes of the same run
 * unsliced, its report describes the whole run, the next night builds on it, and a run killed between slices
 * leaves the previous outputs as they were.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { RunReport } from "../../src/pipeline/RunReport.ts"
import { type FakeArxiv, startFakeArxiv } from "../fakes/FakeArxiv.ts"
import { type FakeGitHub, fixtureDigest, fixtureRepoFiles, startFakeGitHub } from "../fakes/FakeGitHub.ts"
import { type FakeRxiv, startFakeRxiv } from "../fakes/FakeRxiv.ts"
import { hashTree, repoRoot, runCli, tempDir } from "../support/cli.ts"
import { runInProcess } from "../support/runInProcess.ts"

const FOLDER = "docs/daily-papers"
const LATER = "2026-08-21-arxiv.md"
const SLICE_DAYS = 4

let github: FakeGitHub
let arxiv: FakeArxiv
let rxiv: FakeRxiv

beforeEach(async () => {
  github = await startFakeGitHub({ files: fixtureRepoFiles().filter((file) => !file.path.endsWith(LATER)) })
  arxiv = await startFakeArxiv({ seed: 5 })
  rxiv = await startFakeRxiv()
})
afterEach(async () => {
  await github.close()
  await arxiv.close()
  await rxiv.close()
})

const TOPICS = [
  { name: "models", title: "模型", any: ["模型", "model", "models"], days: 5 },
  { name: "security", title: "安全", categories: ["cs.CR", "cs.SE"], authors: ["nguyen"] }
]

/** A folder holding pipeline `sliced` (the same name either way: the name is part of what a run publishes). */
const pipelines = (sliceDays: number, title?: string) => {
  const dir = tempDir("slices-pipelines")
  const pipeline = JSON.parse(readFileSync(join(repoRoot, "pipelines/arxiv-daily/pipeline.json"), "utf8"))
  mkdirSync(join(dir, "sliced"))
  writeFileSync(
    join(dir, "sliced", "pipeline.json"),
    JSON.stringify({
      ...pipeline,
      name: "sliced",
      ...(title === undefined ? {} : { title }),
      feeds: { days: 3, maxItems: 100 },
      enrich: { ...pipeline.enrich, refreshDays: 2 },
      searchBundleBytes: 1,
      sliceDays,
      topics: TOPICS
    })
  )
  return dir
}

const env = () => ({
  GITHUB_API_URL: github.url,
  ARXIV_API_URL: arxiv.url,
  RXIV_API_URL: rxiv.url,
  DIGEST_FEEDS_TIME_SCALE: "0.001"
})

/** The first night's run date and code; a later night may run another day, under another build. */
const FIRST_NIGHT = { now: "2026-11-30T00:20:00Z", codeFingerprint: "test-build" }

const run = (
  pipelinesDir: string,
  dirs: { out: string; state: string },
  logs?: Array<string>,
  night: typeof FIRST_NIGHT = FIRST_NIGHT
) =>
  runInProcess({
    now: night.now,
    pipeline: "sliced",
    pipelinesDir,
    outDir: dirs.out,
    stateDir: dirs.state,
    codeFingerprint: night.codeFingerprint,
    env: env(),
    ...(logs === undefined ? {} : { logs })
  })

const folders = (name: string) => ({ out: tempDir(`${name}-out`), state: tempDir(`${name}-state`) })

/**
 * Everything a report says but how long the run took and how many requests it sent. The files written are the
 * same; a sliced run lists the ones its last slice kept from the slice before after the ones it wrote.
 */
const described = (report: RunReport | undefined) => {
  if (report === undefined) return undefined
  const { durationsMs: _durations, requests: _requests, upstream, outputs, ...rest } = report
  return {
    ...rest,
    outputs: { ...outputs, written: [...outputs.written].sort() },
    upstream: { ...upstream, publishedAfterMinutes: null }
  }
}

const archiveOf = (state: string) => {
  const { stamps: _stamps, ...archive } = JSON.parse(readFileSync(join(state, "archive.json"), "utf8"))
  return archive
}

const sliceLines = (logs: ReadonlyArray<string>) => logs.filter((line) => line.startsWith("slice "))

describe("a cold run by slices", () => {
  it("publishes the bytes of the run unsliced, reports the whole run, and asks at most one more request a slice", async () => {
    const whole = folders("slices-whole")
    const arxivBefore = arxiv.log.length
    const unsliced = await run(pipelines(0), whole)
    expect(unsliced.exitCode, unsliced.error).toBe(0)
    const unslicedArxiv = arxiv.log.length - arxivBefore

    const sliced = folders("slices-sliced")
    const logs: Array<string> = []
    const before = { arxiv: arxiv.log.length, rxiv: rxiv.log.length }
    const result = await run(pipelines(SLICE_DAYS), sliced, logs)
    expect(result.exitCode, result.error).toBe(0)
    const slices = sliceLines(logs).length
    // 24 digest dates (bioRxiv and medRxiv share one) by 4
    expect(slices).toBe(6)
    expect(sliceLines(logs).at(-1)).toContain("slice=6/6")
    // Pagefind once, in the last slice: one bundle a month (1-byte budget) and the recent one, built once each
    expect(logs.filter((line) => line.startsWith("search index built")).length).toBeGreaterThan(1)
    expect(logs.findLastIndex((line) => line.startsWith("slice "))).toBeLessThan(
      logs.findIndex((line) => line.startsWith("search index built"))
    )

    expect(hashTree(sliced.out, ["report.json"])).toEqual(hashTree(whole.out, ["report.json"]))
    expect(described(result.report)).toEqual(described(unsliced.report))
    expect(result.report?.counts.daysRendered).toBe(result.report?.counts.days)
    // what the next run builds on: the same archive, key registry and memo key
    expect(archiveOf(sliced.state)).toEqual(archiveOf(whole.state))
    expect(readFileSync(join(sliced.state, "bibkeys.tsv"), "utf8")).toBe(
      readFileSync(join(whole.state, "bibkeys.tsv"), "utf8")
    )
    const memoKey = (state: string) => JSON.parse(readFileSync(join(state, "last-run.json"), "utf8")).key
    expect(memoKey(sliced.state)).toBe(memoKey(whole.state))
    expect(existsSync(join(sliced.state, "slices"))).toBe(false)

    // the report sums every slice's requests; each slice adds at most one a server to the unsliced plan
    const requests = result.report?.requests
    expect(requests?.arxiv).toBe(arxiv.log.length - before.arxiv)
    expect((requests?.biorxiv ?? 0) + (requests?.medrxiv ?? 0)).toBe(rxiv.log.length - before.rxiv)
    expect(requests?.arxiv).toBeGreaterThan(0)
    expect(requests?.arxiv).toBeLessThanOrEqual(unslicedArxiv + slices)
    expect(requests?.biorxiv).toBeLessThanOrEqual((unsliced.report?.requests.biorxiv ?? 0) + slices)
    expect(requests?.medrxiv).toBeLessThanOrEqual((unsliced.report?.requests.medrxiv ?? 0) + slices)
  })

  it("is followed by a delta night, then a quiet one, as the run unsliced is", async () => {
    const whole = folders("slices-next-whole")
    const sliced = folders("slices-next-sliced")
    expect((await run(pipelines(0), whole)).exitCode).toBe(0)
    expect((await run(pipelines(SLICE_DAYS), sliced)).exitCode).toBe(0)

    github.repo.put(`${FOLDER}/${LATER}`, fixtureDigest(LATER))
    const logs: Array<string> = []
    const next = await run(pipelines(SLICE_DAYS), sliced, logs)
    expect(next.exitCode, next.error).toBe(0)
    expect(sliceLines(logs)).toEqual([])
    expect(logs.some((line) => line.startsWith("building on the last run"))).toBe(true)
    expect(next.report?.counts.daysRendered).toBeLessThan(next.report?.counts.days ?? 0)
    const unsliced = await run(pipelines(0), whole)
    expect(unsliced.exitCode, unsliced.error).toBe(0)
    expect(hashTree(sliced.out, ["report.json"])).toEqual(hashTree(whole.out, ["report.json"]))
    expect(described(next.report)).toEqual(described(unsliced.report))

    const quietLogs: Array<string> = []
    const quiet = await run(pipelines(SLICE_DAYS), sliced, quietLogs)
    expect(quiet.exitCode, quiet.error).toBe(0)
    expect(quietLogs.some((line) => line.startsWith("nothing new"))).toBe(true)
    expect(quiet.report?.outputs.written).toEqual([])
  })
})

describe("a warm-cache re-render by slices", () => {
  it("asks arXiv and bioRxiv/medRxiv what the run unsliced asks: the whole run's refresh window, once", async () => {
    const cold = folders("slices-warm-cold")
    const first = await run(pipelines(0), cold)
    expect(first.exitCode, first.error).toBe(0)
    const copied = (name: string) => {
      const dirs = folders(name)
      cpSync(cold.out, dirs.out, { recursive: true })
      cpSync(cold.state, dirs.state, { recursive: true })
      return dirs
    }
    // the next day, a new build: every day is rendered again, from a warm cache
    const nextNight = { now: "2026-12-01T00:20:00Z", codeFingerprint: "test-build-2" }
    const asked = async (sliceDays: number, dirs: { out: string; state: string }, logs?: Array<string>) => {
      const before = { arxiv: arxiv.log.length, rxiv: rxiv.log.length }
      const result = await run(pipelines(sliceDays), dirs, logs, nextNight)
      expect(result.exitCode, result.error).toBe(0)
      return {
        report: result.report,
        arxiv: arxiv.log.slice(before.arxiv),
        rxiv: rxiv.log.slice(before.rxiv)
      }
    }
    const whole = copied("slices-warm-whole")
    const unsliced = await asked(0, whole)
    const sliced = copied("slices-warm-sliced")
    const logs: Array<string> = []
    const bySlices = await asked(SLICE_DAYS, sliced, logs)
    expect(sliceLines(logs).length).toBe(6)

    const ids = (log: typeof arxiv.log) => log.flatMap((request) => request.ids).sort()
    const dois = (log: typeof rxiv.log) =>
      log.map((request) => `${request.server} ${request.doi ?? request.interval}`).sort()
    // the refreshes of the papers within refreshDays of the newest digest date, asked once: not each slice's own
    expect(ids(unsliced.arxiv).length).toBeGreaterThan(0)
    expect(ids(bySlices.arxiv)).toEqual(ids(unsliced.arxiv))
    // ids the cache does not know, due again today, go with their own slice: at most one more request a slice
    expect(bySlices.arxiv.length).toBeLessThanOrEqual(unsliced.arxiv.length + sliceLines(logs).length)
    expect(dois(unsliced.rxiv).length).toBeGreaterThan(0)
    expect(dois(bySlices.rxiv)).toEqual(dois(unsliced.rxiv))
    expect(hashTree(sliced.out, ["report.json"])).toEqual(hashTree(whole.out, ["report.json"]))
    expect(described(bySlices.report)).toEqual(described(unsliced.report))
  })
})

const pipelineFile = (dir: string) => join(dir, "sliced", "pipeline.json")
const cli = (pipelinesDir: string, dirs: { out: string; state: string }) => [
  join(repoRoot, "bin", "digest-feeds.js"),
  "run",
  "--pipeline",
  pipelineFile(pipelinesDir),
  "--out",
  dirs.out,
  "--state",
  dirs.state
]

const waitFor = async (condition: () => boolean, limitMs = 60_000) => {
  const deadline = performance.now() + limitMs
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("the kill point was never reached")
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}

const killed = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | null>((resolve) => {
    if (child.exitCode !== null) resolve(null)
    child.once("exit", (_code, signal) => resolve(signal))
    child.kill("SIGKILL")
  })

describe("a sliced run killed between slices", () => {
  it("leaves the previous outputs as they were, and the next run publishes what an uninterrupted one does", async () => {
    const dirs = folders("slices-kill")
    // in process (another code fingerprint than the CLI's: the CLI's run renders everything anyway)
    const first = await run(pipelines(SLICE_DAYS), dirs)
    expect(first.exitCode, first.error).toBe(0)
    const published = hashTree(dirs.out)

    // another title: every page changes, so the next run renders everything, by slices
    const retitled = pipelines(SLICE_DAYS, "Sliced again")
    const child = spawn(process.execPath, cli(retitled, dirs), {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "", ...env() },
      stdio: "ignore"
    })
    // the first slice has published into the slices' folder: five more to go
    await waitFor(() => existsSync(join(dirs.state, "slices", ".manifest.json")))
    expect(await killed(child)).toBe("SIGKILL")
    expect(hashTree(dirs.out)).toEqual(published)

    const rerun = await runCli(cli(retitled, dirs).slice(1), env())
    expect(rerun.code, rerun.stderr).toBe(0)
    expect(existsSync(join(dirs.state, "slices"))).toBe(false)
    const fresh = folders("slices-kill-fresh")
    const reference = await run(retitled, fresh)
    expect(reference.exitCode, reference.error).toBe(0)
    expect(hashTree(dirs.out, ["report.json"])).toEqual(hashTree(fresh.out, ["report.json"]))
    expect(hashTree(dirs.out, ["report.json"])).not.toEqual(published)
    // four runs, two of them processes of the bundle: slow on a loaded machine
  }, 180_000)
})

describe("a sliced run refused for shrinking", () => {
  it("leaves the last run's record as it was, so the next run is refused again", async () => {
    const dirs = folders("refused")
    const first = await run(pipelines(SLICE_DAYS), dirs)
    expect(first.exitCode, first.error).toBe(0)
    const memoBefore = readFileSync(join(dirs.state, "last-run.json"), "utf8")
    const outBefore = hashTree(dirs.out)
    // A digest gone upstream and a new title (every day rendered again, by slices): clearly fewer papers.
    github.repo.remove(`${FOLDER}/2025-01-16-arxiv.md`)
    const second = await run(pipelines(SLICE_DAYS, "Again"), dirs)
    expect(second.exitCode).toBe(1)
    expect(second.error).toMatch(/refusing to publish/)
    expect(readFileSync(join(dirs.state, "last-run.json"), "utf8")).toBe(memoBefore)
    expect(existsSync(join(dirs.state, "archive.json"))).toBe(false)
    expect(hashTree(dirs.out)).toEqual(outBefore)
    const third = await run(pipelines(SLICE_DAYS, "Again"), dirs)
    expect(third.exitCode).toBe(1)
    expect(hashTree(dirs.out)).toEqual(outBefore)
  }, 300_000)
})
