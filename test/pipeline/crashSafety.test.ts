/**
 * Crash safety: the real CLI killed with SIGKILL while syncing, enriching, staging and moving outputs into place.
 * The assertions are what the code guarantees for a kill at any moment after the point is reached (where exactly
 * the kill lands depends on the machine's speed): every output and state file is the previous or the new version,
 * never partial; a manifest only ever vouches for one complete set; and a rerun gives exactly what a run that
 * was never interrupted gives.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type FakeArxiv, startFakeArxiv } from "../fakes/FakeArxiv.ts"
import { type FakeGitHub, fixtureDigest, startFakeGitHub } from "../fakes/FakeGitHub.ts"
import { type FakeRxiv, startFakeRxiv } from "../fakes/FakeRxiv.ts"
import { hashTree, repoRoot, runCli, tempDir } from "../support/cli.ts"

let github: FakeGitHub
let arxiv: FakeArxiv
let rxiv: FakeRxiv
let baseline: { out: string; state: string }
let baselineHashes: Record<string, string>
let uninterrupted: Record<string, string>
let baselineState: Record<string, string>
let referenceState: Record<string, string>
let referenceMemoKey: string
let reference: { out: string; state: string }

const env = () => ({
  GITHUB_API_URL: github.url,
  ARXIV_API_URL: arxiv.url,
  RXIV_API_URL: rxiv.url,
  DIGEST_FEEDS_TIME_SCALE: "0.01"
})
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

/** A kill leaves the temporary sibling of the atomic write in progress (`NAME.tmp-PID`): never read by anyone. */
const TEMPORARY = /\.tmp-\d+$/
const STAGING = ".staging/"
/** The one output recording the run itself (durations): complete, but its bytes differ from run to run. */
const REPORT = "report.json"
const OUT_MANIFEST = ".manifest.json"
/** The state file recording the run itself (its report): complete, its bytes differ from run to run. */
const RUN_MEMO = "last-run.json"

const parses = (file: string) => {
  try {
    JSON.parse(readFileSync(file, "utf8"))
    return true
  } catch {
    return false
  }
}

const settled = (hashes: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(hashes).filter(
      ([file]) => !file.startsWith(STAGING) && !TEMPORARY.test(file) && file !== REPORT
    )
  )

/**
 * What publishOutputs guarantees for a kill at any moment. Every file is renamed into place whole, so each
 * output holds either the previous run's bytes or the new run's, never a partial file. The output manifest is
 * removed before the first rename and written after the last: while it is there, it vouches for exactly one
 * complete set (the previous outputs or the new ones); a mix of old and new files can only exist without it,
 * and then the next run renders everything.
 */
const expectOutputsOldOrNew = (out: string) => {
  const now = hashTree(out)
  const files = settled(now)
  const before = settled(baselineHashes)
  const after = settled(uninterrupted)
  for (const [file, hash] of Object.entries(files))
    expect([before[file], after[file]], `${file} is the previous or the new version`).toContain(hash)
  expect(parses(join(out, REPORT)), "report.json is complete").toBe(true)
  const manifest = now[OUT_MANIFEST]
  if (manifest === before[OUT_MANIFEST])
    expect(files, "the manifest vouches for the previous outputs").toEqual(before)
  else if (manifest === after[OUT_MANIFEST])
    expect(files, "the manifest vouches for the new outputs").toEqual(after)
  else expect(manifest, "no manifest vouches for a mix").toBeUndefined()
}

/**
 * Every state file is written atomically: each holds the previous run's bytes or the new run's (the memo, which
 * records the run's durations, is complete and names the new listing); none is partial.
 */
const expectStateOldOrNew = (state: string) => {
  const now = hashTree(state)
  for (const [file, hash] of Object.entries(now)) {
    if (TEMPORARY.test(file)) continue
    if (file === RUN_MEMO && hash !== baselineState[file]) {
      expect(JSON.parse(readFileSync(join(state, file), "utf8")).key, file).toBe(referenceMemoKey)
      continue
    }
    expect(
      [baselineState[file], referenceState[file]],
      `${file} is the previous or the new version`
    ).toContain(hash)
  }
}

describe("SIGKILL at several points", () => {
  beforeAll(async () => {
    github = await startFakeGitHub()
    rxiv = await startFakeRxiv()
    // Slow answers, so the kill "during enrichment" lands while a request is in flight.
    arxiv = await startFakeArxiv({ seed: 5, latencyMs: 300 })
    baseline = { out: tempDir("base-out"), state: tempDir("base-state") }
    expect((await runCli(args(baseline), env())).code).toBe(0)
    baselineHashes = hashTree(baseline.out)
    baselineState = hashTree(baseline.state)
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
    reference = copyBaseline()
    expect((await runCli(args(reference), env())).code).toBe(0)
    uninterrupted = hashTree(reference.out, [REPORT])
    referenceState = hashTree(reference.state)
    referenceMemoKey = JSON.parse(readFileSync(join(reference.state, RUN_MEMO), "utf8")).key
    expect(settled(uninterrupted)).not.toEqual(settled(baselineHashes))
  })
  afterAll(async () => {
    await github.close()
    await arxiv.close()
    await rxiv.close()
  })

  type Dirs = { readonly out: string; readonly state: string }
  interface KillPoint {
    readonly name: string
    readonly prepare: () => void
    /** Made before the child starts; true once the child has reached the point. */
    readonly reached: (dirs: Dirs) => () => boolean
    /** What the code guarantees beyond the invariants once the point was reached, whenever the kill lands. */
    readonly guarantees?: (dirs: Dirs) => void
  }

  const points: ReadonlyArray<KillPoint> = [
    {
      name: "during the sync",
      // Slow answers, so the kill lands while the sync waits for the next one.
      prepare: () => github.setLatency(2000),
      reached: () => {
        const seen = github.log.length
        return () => github.log.length > seen
      }
    },
    {
      name: "during enrichment",
      prepare: () => github.setLatency(0),
      reached: () => {
        const seen = arxiv.log.length
        return () => arxiv.log.length > seen
      }
    },
    {
      name: "while staging the outputs",
      prepare: () => github.setLatency(0),
      reached: (dirs) => () => existsSync(join(dirs.out, STAGING))
    },
    {
      name: "while moving the staged files into place",
      prepare: () => github.setLatency(0),
      // The output manifest is removed just before the first rename.
      reached: (dirs) => () => !existsSync(join(dirs.out, OUT_MANIFEST)),
      // It is never written back with the previous contents: from here on it is absent or the new one, in
      // the output folder as in the state folder.
      guarantees: (dirs) => {
        expect([undefined, uninterrupted[OUT_MANIFEST]]).toContain(hashTree(dirs.out)[OUT_MANIFEST])
        const stateManifest = hashTree(dirs.state)["outputs-manifest.json"]
        expect([undefined, referenceState["outputs-manifest.json"]]).toContain(stateManifest)
      }
    }
  ]

  it("the checks reject a mix under the previous manifest, a partial file and a partial state file", () => {
    const changed = Object.keys(settled(uninterrupted)).find(
      (file) =>
        file !== OUT_MANIFEST &&
        baselineHashes[file] !== undefined &&
        baselineHashes[file] !== uninterrupted[file]
    )
    expect(changed).toBeDefined()
    const mixed = copyBaseline()
    cpSync(join(reference.out, changed!), join(mixed.out, changed!))
    expect(() => expectOutputsOldOrNew(mixed.out)).toThrow(/previous outputs/)
    rmSync(join(mixed.out, OUT_MANIFEST))
    expectOutputsOldOrNew(mixed.out)
    const text = readFileSync(join(mixed.out, changed!))
    writeFileSync(join(mixed.out, changed!), text.subarray(0, text.length >> 1))
    expect(() => expectOutputsOldOrNew(mixed.out)).toThrow(/previous or the new version/)
    expectStateOldOrNew(mixed.state)
    writeFileSync(join(mixed.state, "github-sync.json"), "{")
    expect(() => expectStateOldOrNew(mixed.state)).toThrow(/github-sync.json/)
  })

  for (const point of points) {
    it(`killed ${point.name}: every file old or new, no manifest over a mix, the rerun completes identically`, async () => {
      point.prepare()
      const dirs = copyBaseline()
      const reached = point.reached(dirs)
      const child = start(dirs)
      await waitFor(reached)
      await kill(child)
      expectOutputsOldOrNew(dirs.out)
      expectStateOldOrNew(dirs.state)
      point.guarantees?.(dirs)
      github.setLatency(0)
      const rerun = await runCli(args(dirs), env())
      expect(rerun.code).toBe(0)
      expect(hashTree(dirs.out, [REPORT])).toEqual(uninterrupted)
      const state = Object.keys(hashTree(dirs.state)).filter((file) => !TEMPORARY.test(file))
      expect(state.sort()).toEqual(Object.keys(referenceState).sort())
    })
  }
})
