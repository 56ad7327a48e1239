/**
 * Freshness: the report says which upstream commit a run read and how long after it the feeds were published,
 * and `digest-feeds check-upstream` tells a poll whether to run, with one conditional request to the fake GitHub.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { formatJobSummary, formatSummary } from "../../src/cli/summary.ts"
import { ArxivId } from "../../src/domain/ArxivId.ts"
import { decideRun } from "../../src/pipeline/checkUpstream.ts"
import { RunReport, Upstream } from "../../src/pipeline/RunReport.ts"
import { type FakeArxiv, latestVersionsInFixtures, startFakeArxiv } from "../fakes/FakeArxiv.ts"
import { type FakeGitHub, fixtureDigest, fixtureRepoFiles, startFakeGitHub } from "../fakes/FakeGitHub.ts"
import { runCli, tempDir } from "../support/cli.ts"
import { runInProcess } from "../support/runInProcess.ts"

const FOLDER = "docs/daily-papers"
const FIRST = ["2025-10-06-arxiv.md", "2026-05-20-arxiv.md"]

let github: FakeGitHub
let arxiv: FakeArxiv
let pipelineFile: string
let state: string
let out: string

beforeAll(async () => {
  github = await startFakeGitHub({
    files: fixtureRepoFiles().filter((file) => FIRST.some((name) => file.path === `${FOLDER}/${name}`))
  })
  arxiv = await startFakeArxiv({ seed: 3, versions: latestVersionsInFixtures() })
  const folder = tempDir("fresh-pipeline")
  const pipeline = JSON.parse(
    readFileSync(new URL("../../pipelines/arxiv-daily/pipeline.json", import.meta.url), "utf8")
  )
  pipelineFile = join(folder, "pipeline.json")
  writeFileSync(pipelineFile, JSON.stringify({ ...pipeline, name: "fresh" }))
  state = tempDir("fresh-state")
  out = tempDir("fresh-out")
})
afterAll(async () => {
  await github.close()
  await arxiv.close()
})

const env = () => ({
  GITHUB_API_URL: github.url,
  ARXIV_API_URL: arxiv.url,
  DIGEST_FEEDS_TIME_SCALE: "0.001"
})

const runAt = async (now: string) => {
  const result = await runInProcess({
    pipeline: pipelineFile,
    outDir: out,
    stateDir: state,
    codeFingerprint: "test-build",
    env: env(),
    now
  })
  expect(result.exitCode, result.error).toBe(0)
  return result.report!
}

/** The CLI as the workflow calls it: its stdout lines, and the GitHub requests it made. */
const check = async () => {
  const before = github.log.length
  const result = await runCli(["check-upstream", "--pipeline", pipelineFile, "--state", state], env())
  expect(result.code, result.stderr).toBe(0)
  const outputs = Object.fromEntries(
    result.stdout
      .trim()
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)])
  )
  const requests = github.log.slice(before).map((entry) => `${entry.status}${entry.conditional ? " if" : ""}`)
  return { outputs, requests }
}

describe("freshness against the upstream commit", () => {
  it("a poll before any run says run; the run reports the commit and when it published", async () => {
    const head = github.repo.commit({
      put: [{ path: `${FOLDER}/2026-06-19-arxiv.md`, content: fixtureDigest("2026-06-19-arxiv.md") }],
      at: "2026-11-30T23:31:00Z"
    })
    const first = await check()
    expect(first.outputs["run"]).toBe("true")
    expect(first.outputs["reason"]).toMatch(/no earlier run/)
    expect(first.outputs).toMatchObject({ commit: head, "commit-time": "2026-11-30T23:31:00Z" })
    expect(first.requests).toEqual(["200"])

    const report = await runAt("2026-12-01T00:08:00Z")
    expect(report.upstream).toMatchObject({
      commit: head,
      commitTime: "2026-11-30T23:31:00Z",
      publishedAfterMinutes: 37
    })
    expect(formatSummary(report, out)).toContain(
      `upstream: commit ${head.slice(0, 7)} of 2026-11-30 23:31 UTC; its digests published 37 min after it`
    )
    expect(formatJobSummary(report, undefined)).toMatch(/\| upstream \| commit \w{7} of .*published 37 min/)
    expect(JSON.parse(readFileSync(join(out, "report.json"), "utf8")).upstream.publishedAfterMinutes).toBe(37)
  })

  it("a poll with nothing new costs one free 304 and says skip; a rerun reports no new digest", async () => {
    const polled = await check()
    expect(polled.outputs["run"]).toBe("false")
    expect(polled.outputs["reason"]).toMatch(/still at \w{7}, published by the run of 2026-12-01/)
    expect(polled.requests).toEqual(["304 if"])

    const rerun = await runAt("2026-12-01T03:47:00Z")
    expect(rerun.upstream.commit).toBe(github.repo.head)
    expect(rerun.upstream.publishedAfterMinutes).toBeNull()
    expect(formatSummary(rerun, out)).toContain("no digest changed since the last run")
  })

  it("a new upstream commit makes the next poll run; so does a lost record of the last run", async () => {
    const head = github.repo.commit({
      put: [{ path: `${FOLDER}/2026-08-21-arxiv.md`, content: fixtureDigest("2026-08-21-arxiv.md") }],
      at: "2026-12-01T23:42:00Z"
    })
    const moved = await check()
    expect(moved.outputs).toMatchObject({ run: "true", commit: head, "commit-time": "2026-12-01T23:42:00Z" })
    expect(moved.outputs["reason"]).toMatch(/the upstream moved: \w{7} -> \w{7}/)
    expect(moved.requests).toEqual(["200 if"])
    const report = await runAt("2026-12-02T00:23:00Z")
    expect(report.upstream.publishedAfterMinutes).toBe(41)
    expect((await check()).outputs["run"]).toBe("false")

    rmSync(join(state, "last-run.json"))
    expect((await check()).outputs["run"]).toBe("true")
  })
})

describe("decideRun", () => {
  const report = (
    fields: Partial<{ status: "published" | "failed"; pending: Array<string>; commit: string | null }>
  ) => {
    const base = Schema.decodeUnknownSync(RunReport)(
      JSON.parse(readFileSync(join(out, "report.json"), "utf8"))
    )
    return RunReport.make({
      ...base,
      status: fields.status ?? "published",
      pending: (fields.pending ?? []).map((id) => ArxivId.make(id)),
      upstream: Upstream.make({
        ...base.upstream,
        commit: fields.commit === undefined ? "a".repeat(40) : fields.commit
      })
    })
  }
  const synced = { commit: "a".repeat(40), commitTime: "2026-11-30T23:31:00Z" }

  it("runs after a failed run, with papers pending, or without a commit to compare; skips otherwise", () => {
    const decide = (lastRun: RunReport) => decideRun({ lastRun, synced, head: "unchanged" }).run
    expect(decide(report({}))).toBe(false)
    expect(decide(report({ status: "failed" }))).toBe(true)
    expect(decide(report({ pending: ["2510.00001"] }))).toBe(true)
    expect(decide(report({ commit: null }))).toBe(true)
    // The sync moved past what the last run published (that run failed after syncing): run.
    expect(decideRun({ lastRun: report({ commit: "b".repeat(40) }), synced, head: "unchanged" }).run).toBe(
      true
    )
  })
})
