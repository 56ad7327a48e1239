/**
 * An arXiv pipeline read from the fake GitHub (no enrichment), in temporary folders, whose nights run in this
 * process at one instant: the set-up of the tests that watch what a night reads or remembers.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { expect } from "vitest"
import { type FakeGitHub, startFakeGitHub } from "../fakes/FakeGitHub.ts"
import { tempDir } from "./cli.ts"
import { type InProcessRun, runInProcess } from "./runInProcess.ts"

export const DIGESTS = "docs/daily-papers"

export interface GitHubNights {
  readonly github: FakeGitHub
  readonly stateDir: string
  readonly outDir: string
  /** One night; `logs` and `fileReads` collect as runInProcess does. It must publish or be quiet (exit 0). */
  readonly night: (collect?: {
    readonly logs?: Array<string>
    readonly fileReads?: Array<string>
  }) => Promise<InProcessRun>
  readonly close: () => Promise<void>
}

export const githubNights = async (name: string): Promise<GitHubNights> => {
  const github = await startFakeGitHub()
  const pipelinesDir = tempDir(`${name}-pipelines`)
  const stateDir = tempDir(`${name}-state`)
  const outDir = tempDir(`${name}-out`)
  mkdirSync(join(pipelinesDir, name))
  writeFileSync(
    join(pipelinesDir, name, "pipeline.json"),
    JSON.stringify({
      name,
      title: name,
      siteUrl: "https://example.org/",
      source: { type: "github", owner: "Lcollection", repo: "Arxiv_Daily", path: `${DIGESTS}/*-arxiv.md` },
      servers: ["arxiv"],
      enrich: { arxiv: false }
    })
  )
  const night: GitHubNights["night"] = async (collect = {}) => {
    const run = await runInProcess({
      pipeline: name,
      pipelinesDir,
      outDir,
      stateDir,
      // Loopback only: GitHub's retry waits shrink a thousandfold.
      env: { GITHUB_API_URL: github.url, DIGEST_FEEDS_TIME_SCALE: "0.001" },
      codeFingerprint: `${name}-test`,
      now: "2026-09-01T04:00:00Z",
      ...collect
    })
    expect(run.error).toBeUndefined()
    expect(run.exitCode).toBe(0)
    return run
  }
  const close = async () => {
    await github.close()
    for (const folder of [pipelinesDir, stateDir, outDir]) rmSync(folder, { recursive: true, force: true })
  }
  return { github, stateDir, outDir, night, close }
}
