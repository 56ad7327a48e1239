/**
 * The nightly workflow's check job, run locally: its shell steps read the last run from a state branch on a
 * local bare origin (as on GitHub, blob-less), then ask the fake GitHub through `digest-feeds check-upstream`.
 * The state on the branch is a real run's, against the fakes.
 */
import { execFileSync } from "node:child_process"
import { existsSync, symlinkSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type FakeArxiv, latestVersionsInFixtures, startFakeArxiv } from "../fakes/FakeArxiv.ts"
import { type FakeGitHub, fixtureDigest, fixtureRepoFiles, startFakeGitHub } from "../fakes/FakeGitHub.ts"
import { repoRoot, tempDir } from "../support/cli.ts"
import { runInProcess } from "../support/runInProcess.ts"
import { findStep, readWorkflow, runStepAsync } from "./workflowFile.ts"

const nightly = readWorkflow("nightly.yml")
const PIPELINE = nightly.env!["PIPELINE"]!
const STATE_BRANCH = nightly.env!["STATE_BRANCH"]!
const readState = findStep(nightly, "check", "Read the last run from the state branch")
const checkStep = findStep(nightly, "check", "check")

const root = tempDir("check-job")
const origin = join(root, "origin.git")
const git = (cwd: string, ...args: Array<string>): string =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      PATH: process.env["PATH"],
      HOME: root,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_NAME: "test",
      GIT_AUTHOR_EMAIL: "test@example.invalid",
      GIT_COMMITTER_NAME: "test",
      GIT_COMMITTER_EMAIL: "test@example.invalid"
    }
  }).trim()

let github: FakeGitHub
let arxiv: FakeArxiv

beforeAll(async () => {
  github = await startFakeGitHub({
    files: fixtureRepoFiles().filter((file) => file.path.endsWith("2025-10-06-arxiv.md"))
  })
  arxiv = await startFakeArxiv({ seed: 9, versions: latestVersionsInFixtures() })
  // origin: main with one commit; GitHub serves partial clones, so the bare repository does too.
  git(root, "init", "--quiet", "--bare", "--initial-branch=main", origin)
  git(origin, "config", "uploadpack.allowFilter", "true")
  const seed = join(root, "seed")
  git(root, "init", "--quiet", "--initial-branch=main", seed)
  git(seed, "commit", "--quiet", "--allow-empty", "-m", "main")
  git(seed, "push", "--quiet", origin, "main")
})
afterAll(async () => {
  await github.close()
  await arxiv.close()
})

/** A real run whose state folder is pushed to the state branch, as the build job does. */
const runAndPushState = async () => {
  const stateRepo = join(root, "state")
  if (!existsSync(stateRepo)) git(root, "init", "--quiet", `--initial-branch=${STATE_BRANCH}`, stateRepo)
  const result = await runInProcess({
    pipeline: PIPELINE,
    outDir: join(root, "outputs"),
    stateDir: join(stateRepo, PIPELINE),
    codeFingerprint: "test-build",
    env: { GITHUB_API_URL: github.url, ARXIV_API_URL: arxiv.url, DIGEST_FEEDS_TIME_SCALE: "0.001" }
  })
  expect(result.exitCode, result.error).toBe(0)
  git(stateRepo, "add", "--all")
  git(stateRepo, "commit", "--quiet", "-m", "state")
  git(stateRepo, "push", "--quiet", "--force", origin, `HEAD:refs/heads/${STATE_BRANCH}`)
}

let poll = 0
/** A fresh checkout running the check job's two shell steps for a scheduled poll at `cron`. */
const check = async (cron: string, apiUrl: string = github.url) => {
  const workspace = join(root, `poll-${++poll}`)
  git(root, "clone", "--quiet", "--depth=1", `file://${origin}`, workspace)
  for (const entry of ["package.json", "node_modules", "bin", "src", "pipelines"])
    symlinkSync(join(repoRoot, entry), join(workspace, entry))
  const github_ = { GITHUB_API_URL: apiUrl, DIGEST_FEEDS_TIME_SCALE: "0.01" }
  const read = await runStepAsync(nightly, readState, workspace, { github: github_ })
  expect(read.code, read.stderr).toBe(0)
  const before = github.log.length
  const result = await runStepAsync(nightly, checkStep, workspace, {
    expressions: {
      "secrets.GITHUB_TOKEN": "",
      "github.event_name": "schedule",
      "github.event.schedule": cron
    },
    github: github_
  })
  expect(result.code, result.stderr).toBe(0)
  return {
    ...result,
    readStdout: read.stdout,
    stateFiles: ["last-run.json", "github-sync.json"].filter((file) =>
      existsSync(join(workspace, ".digest-feeds", PIPELINE, file))
    ),
    requests: github.log.slice(before).map((entry) => `${entry.status}${entry.conditional ? " if" : ""}`)
  }
}

describe("the check job, run locally against a state branch and the fake GitHub", () => {
  it("without a state branch yet: run", async () => {
    const first = await check("52 23 * * *")
    expect(first.readStdout).toContain(`No ${STATE_BRANCH} branch yet`)
    expect(first.outputs["run"]).toBe("true")
    expect(first.outputs["reason"]).toMatch(/no earlier run/)
  })

  it("after a run, a poll with nothing new reads two files, asks once (a free 304) and skips", async () => {
    await runAndPushState()
    const quiet = await check("52 23 * * *")
    expect(quiet.stateFiles).toEqual(["last-run.json", "github-sync.json"])
    expect(quiet.outputs["run"]).toBe("false")
    expect(quiet.requests).toEqual(["304 if"])
  })

  it("an upstream commit makes the next poll run; the daily poll runs without asking", async () => {
    github.repo.put("docs/daily-papers/2026-05-20-arxiv.md", fixtureDigest("2026-05-20-arxiv.md"))
    const moved = await check("7 0 * * *")
    expect(moved.outputs).toMatchObject({ run: "true", commit: github.repo.head })
    expect(moved.requests).toEqual(["200 if"])
    await runAndPushState()
    expect((await check("23 0 * * *")).outputs["run"]).toBe("false")

    const daily = await check(nightly.env!["DAILY_CRON"]!)
    expect(daily.outputs["run"]).toBe("true")
    expect(daily.requests).toEqual([])
  })

  it("a check that cannot reach GitHub runs the pipeline, with a warning", async () => {
    const unreachable = await check("41 0 * * *", "http://127.0.0.1:9")
    expect(unreachable.outputs["run"]).toBe("true")
    expect(unreachable.stdout).toContain("::warning::The upstream check failed")
  })
})
