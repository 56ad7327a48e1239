/**
 * Crash safety: the real CLI killed with SIGKILL while syncing, while enriching and while writing. The previous
 * outputs must be byte-identical afterwards, the state readable, and a rerun must give exactly what a run that
 * was never interrupted gives.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type FakeArxiv, startFakeArxiv } from "../fakes/FakeArxiv.ts"
import { type FakeGitHub, fixtureDigest, startFakeGitHub } from "../fakes/FakeGitHub.ts"
import { hashTree, repoRoot, runCli, tempDir } from "../support/cli.ts"

let github: FakeGitHub
let arxiv: FakeArxiv
let baseline: { out: string; state: string }
let baselineHashes: Record<string, string>
let uninterrupted: Record<string, string>

const env = () => ({ GITHUB_API_URL: github.url, ARXIV_API_URL: arxiv.url, DIGEST_FEEDS_TIME_SCALE: "0.01" })
const args = (dirs: { out: string; state: string }) => [
  "run",
  "--pipeline",
  "arxiv-daily",
  "--out",
  dirs.out,
  "--state",
  dirs.state
]

/** A copy of the baseline folders: each kill starts from the same published night. */
const copyBaseline = () => {
  const dirs = { out: tempDir("crash-out"), state: tempDir("crash-state") }
  cpSync(baseline.out, dirs.out, { recursive: true })
  cpSync(baseline.state, dirs.state, { recursive: true })
  return dirs
}

const start = (dirs: { out: string; state: string }): ChildProcess =>
  spawn(process.execPath, [join(repoRoot, "bin", "digest-feeds.js"), ...args(dirs)], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", ...env() },
    stdio: "ignore"
  })

const waitFor = async (condition: () => boolean, limitMs = 30_000) => {
  const deadline = performance.now() + limitMs
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("the kill point was never reached")
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}

const kill = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once("exit", () => resolve())
    child.kill("SIGKILL")
  })

const withoutStaging = (hashes: Record<string, string>) =>
  Object.fromEntries(Object.entries(hashes).filter(([file]) => !file.startsWith(".staging/")))

const expectReadableState = (state: string) => {
  const walk = (dir: string): Array<string> =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]
    )
  for (const file of walk(state).filter((f) => f.endsWith(".json")))
    expect(() => JSON.parse(readFileSync(file, "utf8")), file).not.toThrow()
}

describe("SIGKILL at several points", () => {
  beforeAll(async () => {
    github = await startFakeGitHub()
    // Slow answers, so the kill "during enrichment" lands while a request is in flight.
    arxiv = await startFakeArxiv({ seed: 5, latencyMs: 300 })
    baseline = { out: tempDir("base-out"), state: tempDir("base-state") }
    expect((await runCli(args(baseline), env())).code).toBe(0)
    baselineHashes = hashTree(baseline.out)
    // The next night brings one digest: the real 2026-08-21 text under a new date, with ten new ids.
    github.repo.commit({
      put: [
        {
          path: "docs/daily-papers/2026-08-22-arxiv.md",
          content: fixtureDigest("2026-08-21-arxiv.md")
            .toString("utf8")
            .replace(/2026-08-21/g, "2026-08-22")
            .replace(
              /arxiv\.org\/pdf\/2608\.(\d{5})/g,
              (_, n: string) => `arxiv.org/pdf/2608.${String(99_999 - Number(n))}`
            )
        }
      ]
    })
    const reference = copyBaseline()
    expect((await runCli(args(reference), env())).code).toBe(0)
    uninterrupted = hashTree(reference.out, ["report.json"])
    expect(uninterrupted).not.toEqual(withoutStaging(hashTree(baseline.out, ["report.json"])))
  })
  afterAll(async () => {
    await github.close()
    await arxiv.close()
  })

  const points: ReadonlyArray<readonly [string, (dirs: { out: string }) => () => boolean, () => void]> = [
    [
      "during the sync",
      () => {
        const seen = github.log.length
        return () => github.log.length > seen
      },
      () => github.setLatency(2000)
    ],
    [
      "during enrichment",
      () => {
        const seen = arxiv.log.length
        return () => arxiv.log.length > seen
      },
      () => github.setLatency(0)
    ],
    [
      "while writing the outputs",
      (dirs) => () => existsSync(join(dirs.out, ".staging")),
      () => github.setLatency(0)
    ]
  ]

  for (const [name, point, prepare] of points) {
    it(`killed ${name}: previous outputs intact, state readable, the rerun completes identically`, async () => {
      prepare()
      const dirs = copyBaseline()
      const reached = point(dirs)
      const child = start(dirs)
      await waitFor(reached)
      await kill(child)
      expect(withoutStaging(hashTree(dirs.out))).toEqual(baselineHashes)
      expectReadableState(dirs.state)
      github.setLatency(0)
      const rerun = await runCli(args(dirs), env())
      expect(rerun.code).toBe(0)
      expect(hashTree(dirs.out, ["report.json"])).toEqual(uninterrupted)
    })
  }
})
