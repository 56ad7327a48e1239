/**
 * What the delta-run tests share (deltaRun*.test.ts): per test, a fake GitHub holding the fixture repository but
 * its later digests and a fake arXiv; a pipeline ("delta") with short windows and topics spanning most days; a
 * run in process; and a run from nothing beside a delta run's state, whose outputs the delta run must equal.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterEach, beforeEach, expect } from "vitest"
import type { RunReport } from "../../src/pipeline/RunReport.ts"
import { type FakeArxiv, startFakeArxiv } from "../fakes/FakeArxiv.ts"
import { type FakeGitHub, fixtureRepoFiles, startFakeGitHub } from "../fakes/FakeGitHub.ts"
import { tempDir } from "../support/cli.ts"
import { runInProcess } from "../support/runInProcess.ts"

export const FOLDER = "docs/daily-papers"
/** Digests the fake repository starts without: the tests add them as new days. */
export const LATER = ["2026-06-19-arxiv.md", "2026-08-21-arxiv.md"]

export const DELTA_TOPICS = [
  { name: "models", title: "模型", any: ["模型", "model", "models"], none: ["综述", "survey"], days: 5 },
  { name: "with-code", title: "有代码", hasCode: true, days: 4 },
  // arXiv's metadata (the fake's synthetic entries are cs.CR, by Quan Thoi Minh Nguyen)
  { name: "security", title: "安全", categories: ["cs.CR", "cs.SE"], authors: ["nguyen"], none: ["模型"] }
]

/** One test's services and settings; a test may replace the fake arXiv or move the run date. */
export interface Delta {
  github: FakeGitHub
  arxiv: FakeArxiv
  pipelines: string
  /** The run date of every run: the ask schedule counts run dates, so a test is never split by midnight. */
  now: string
  /**
   * Pagefind's answers remembered across the file's runs (runInProcess), but in a test that compares a delta
   * night's search bundles with a run from nothing: there each run asks Pagefind's process, as the CLI does.
   */
  searchIndexer: "memo" | "process"
}

/** The "delta" pipeline with these topics: the repository's arxiv-daily one with short windows. */
export const writePipeline = (
  delta: Delta,
  pipeline: Record<string, unknown>,
  topics: ReadonlyArray<Record<string, unknown>>
) =>
  writeFileSync(
    join(delta.pipelines, "delta", "pipeline.json"),
    JSON.stringify({
      ...pipeline,
      name: "delta",
      feeds: { days: 3, maxItems: 100 },
      enrich: { ...(pipeline["enrich"] as object), refreshDays: 2 },
      // every month of the archive a search bundle of its own: the fixtures' pages are far below the default
      searchBundleBytes: 1,
      topics
    })
  )

/** Starts the fakes and writes the pipeline before each test of the calling file; stops them after. */
export const useDelta = (): Delta => {
  const delta = { now: "", searchIndexer: "memo" } as Delta
  beforeEach(async () => {
    delta.now = "2026-11-30T00:20:00Z"
    delta.searchIndexer = "memo"
    delta.github = await startFakeGitHub({
      files: fixtureRepoFiles().filter((file) => !LATER.some((name) => file.path.endsWith(name)))
    })
    delta.arxiv = await startFakeArxiv({ seed: 5 })
    delta.pipelines = tempDir("delta-pipelines")
    const pipeline = JSON.parse(
      readFileSync(new URL("../../pipelines/arxiv-daily/pipeline.json", import.meta.url), "utf8")
    )
    // A short refresh window and feed window, so most days of the fixtures are neither; topics whose papers.bib
    // spans most days (copied, not rendered, on a delta night) and whose windows reach beyond the feeds'.
    mkdirSync(join(delta.pipelines, "delta"))
    writePipeline(delta, pipeline, DELTA_TOPICS)
  })
  afterEach(async () => {
    await delta.github.close()
    await delta.arxiv.close()
  })
  return delta
}

export const run = (
  delta: Delta,
  outDir: string,
  stateDir: string,
  allowShrink = true,
  logs?: Array<string>,
  codeFingerprint = "test-build"
) =>
  runInProcess({
    now: delta.now,
    allowShrink,
    ...(logs === undefined ? {} : { logs }),
    pipeline: "delta",
    pipelinesDir: delta.pipelines,
    outDir,
    stateDir,
    codeFingerprint,
    searchIndexer: delta.searchIndexer,
    env: {
      GITHUB_API_URL: delta.github.url,
      ARXIV_API_URL: delta.arxiv.url,
      DIGEST_FEEDS_TIME_SCALE: "0.001"
    }
  })

/** A run from nothing but the arXiv cache (and the key registry) the delta run had: its outputs. */
export const fullRunBeside = async (delta: Delta, stateDir: string) => {
  const state = tempDir("delta-full-state")
  const out = tempDir("delta-full-out")
  cpSync(stateDir, state, { recursive: true })
  for (const file of ["last-run.json", "archive.json", "outputs-manifest.json"])
    rmSync(join(state, file), { force: true })
  const result = await run(delta, out, state)
  expect(result.exitCode, result.error).toBe(0)
  return { out, report: result.report }
}

/** What a report says of the archive, whatever the run rendered or found new. */
export const comparable = (report: RunReport | undefined) =>
  report === undefined
    ? undefined
    : {
        problems: report.problems,
        pending: report.pending,
        // How long after the upstream commit the run published records the run itself, like its durations.
        upstream: { ...report.upstream, publishedAfterMinutes: null },
        counts: { ...report.counts, daysRendered: 0, filesChanged: 0, newPapers: 0 }
      }

/** The fake repository's arXiv digests, under FOLDER. */
export const digestPaths = (delta: Delta) =>
  [...(delta.github.repo.resolve("main")?.files.keys() ?? [])].filter(
    (path) => path.startsWith(`${FOLDER}/`) && path.endsWith("-arxiv.md")
  )
