/**
 * Runs the nightly job's own shell steps (restore state, push state, hash outputs, record the deploy) in
 * bash against a local bare repository standing in for origin, over three nights. The pipeline step is
 * replaced by files the test writes, so this checks the workflow's plumbing, not the pipeline.
 */
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { afterAll, assert, describe, it } from "@effect/vitest"
import { findStep, readWorkflow, runStep } from "./workflowFile.ts"

const nightly = readWorkflow("nightly.yml")
const STATE_BRANCH = nightly.env!["STATE_BRANCH"]!
const root = mkdtempSync(join(tmpdir(), "digest-feeds-nightly-"))
const origin = join(root, "origin.git")

const IDENTITY = {
  GIT_AUTHOR_NAME: "test",
  GIT_AUTHOR_EMAIL: "test@example.invalid",
  GIT_COMMITTER_NAME: "test",
  GIT_COMMITTER_EMAIL: "test@example.invalid"
}
const git = (cwd: string, ...args: Array<string>): string =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env["PATH"], HOME: root, GIT_CONFIG_NOSYSTEM: "1", ...IDENTITY }
  }).trim()

const write = (folder: string, files: Readonly<Record<string, string>>): void => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true })
    writeFileSync(join(folder, path), text)
  }
}

// origin: a bare repository whose main holds one commit, as GitHub would.
git(root, "init", "--quiet", "--bare", "--initial-branch=main", origin)
const seed = join(root, "seed")
git(root, "init", "--quiet", "--initial-branch=main", seed)
write(seed, { ".gitignore": "/.digest-feeds/\n/outputs/*\n", "README.md": "project\n" })
git(seed, "add", ".")
git(seed, "commit", "--quiet", "-m", "main")
git(seed, "push", "--quiet", origin, "main")

afterAll(() => rmSync(root, { recursive: true, force: true }))

/** One scheduled run of the build job, with the pipeline replaced by `pipelineWrites`. */
const night = (n: number, pipelineWrites: Readonly<Record<string, string>>, forceDeploy = false) => {
  const workspace = join(root, `night-${n}`)
  git(root, "clone", "--quiet", "--depth=1", `file://${origin}`, workspace)
  const github = { GITHUB_RUN_ID: String(1000 + n), GITHUB_EVENT_NAME: "schedule" }
  const restore = runStep(nightly, findStep(nightly, "build", "restore"), workspace, { github })
  const stateBefore = existsSync(join(workspace, ".digest-feeds/arxiv-daily/bibkeys.tsv"))
    ? readFileSync(join(workspace, ".digest-feeds/arxiv-daily/bibkeys.tsv"), "utf8")
    : null
  write(workspace, pipelineWrites)
  const push = runStep(nightly, findStep(nightly, "build", "Push the state back"), workspace, { github })
  const hash = runStep(nightly, findStep(nightly, "build", "hash"), workspace, {
    expressions: { "inputs.force_deploy": forceDeploy ? "true" : "" }
  })
  return { restore, stateBefore, push, hash }
}

/** The record-deploy job: a checkout of the state branch, then its script. */
const recordDeploy = (n: number, deployedHash: string): void => {
  const workspace = join(root, `record-${n}`)
  git(root, "clone", "--quiet", "--depth=1", "--branch", STATE_BRANCH, `file://${origin}`, workspace)
  runStep(nightly, findStep(nightly, "record-deploy", "Remember what is deployed"), workspace, {
    expressions: { "needs.build.outputs.hash": deployedHash },
    github: { GITHUB_RUN_ID: String(2000 + n) }
  })
}

const stateCommits = (): number => Number(git(origin, "rev-list", "--count", STATE_BRANCH))

const SITE = { "outputs/index.html": "<!doctype html>\n", "outputs/rss.xml": "<rss/>\n" }

describe("nightly.yml state and deploy steps, run locally", () => {
  it("night 1: starts from empty state, pushes it to a new orphan branch, and asks for a deploy", () => {
    const { restore, stateBefore, push, hash } = night(1, {
      ".digest-feeds/arxiv-daily/bibkeys.tsv": "2510.03232\tlin2025leaml\n",
      ".digest-feeds/arxiv-daily/bibkeys.tsv.tmp-42": "half-written",
      ...SITE,
      "outputs/report.json": '{"durationMs":1}\n'
    })
    assert.include(restore.stdout, `No ${STATE_BRANCH} branch yet`)
    assert.isNull(stateBefore)
    assert.notInclude(push.stdout, "State unchanged")
    assert.strictEqual(stateCommits(), 1)
    assert.strictEqual(
      git(origin, "log", "-1", "--format=%s", STATE_BRANCH),
      "State after run 1001 (schedule)"
    )
    // Orphan: the state branch shares no history with main, and holds only state.
    assert.strictEqual(git(origin, "rev-list", "--count", `main..${STATE_BRANCH}`), "1")
    assert.deepStrictEqual(git(origin, "ls-tree", "-r", "--name-only", STATE_BRANCH).split("\n"), [
      ".gitignore",
      "arxiv-daily/bibkeys.tsv"
    ])
    assert.strictEqual(hash.outputs["changed"], "true")
    assert.match(hash.outputs["hash"] ?? "", /^[0-9a-f]{64}$/)
    recordDeploy(1, hash.outputs["hash"]!)
    assert.strictEqual(
      git(origin, "show", `${STATE_BRANCH}:deployed/arxiv-daily.sha256`),
      hash.outputs["hash"]
    )
  })

  it("night 2: restores the state, and the same outputs with a new report deploy nothing and commit nothing", () => {
    const before = stateCommits()
    const { stateBefore, push, hash } = night(2, { ...SITE, "outputs/report.json": '{"durationMs":2}\n' })
    assert.strictEqual(stateBefore, "2510.03232\tlin2025leaml\n", "the key registry survived")
    assert.include(push.stdout, "State unchanged.")
    assert.strictEqual(stateCommits(), before)
    assert.strictEqual(hash.outputs["changed"], "false")
  })

  it("night 3: a changed output deploys again; a forced run deploys even when nothing changed", () => {
    const changedSite = { ...SITE, "outputs/rss.xml": "<rss><channel/></rss>\n" }
    const { hash } = night(3, changedSite)
    assert.strictEqual(hash.outputs["changed"], "true")
    recordDeploy(3, hash.outputs["hash"]!)
    assert.strictEqual(night(4, changedSite).hash.outputs["changed"], "false")
    assert.strictEqual(night(5, changedSite, true).hash.outputs["changed"], "true")
  })
})
