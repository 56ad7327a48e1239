/**
 * The fault matrix: for GitHub and arXiv each, a fault injected into a whole run. Every run must end with the
 * documented exit code, leave valid outputs (or none, never partial ones), readable state, lose no paper, and
 * the next run, with the fault gone, must complete.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { XMLValidator } from "fast-xml-parser"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type ArxivFault, type FakeArxiv, startFakeArxiv } from "../fakes/FakeArxiv.ts"
import { type FakeGitHub, type Fault, startFakeGitHub } from "../fakes/FakeGitHub.ts"
import { tempDir } from "../support/cli.ts"
import { runInProcess } from "../support/runInProcess.ts"

// The fixture repository holds 660 distinct arXiv papers with an id (see the nightly test), and the 20 DOIs of
// its bioRxiv and medRxiv digests of 2025-05-20 (not enriched: only arXiv is asked so far).
const ARXIV_PAPERS = 660
const PAPERS = ARXIV_PAPERS + 20

let github: FakeGitHub
let arxiv: FakeArxiv
let out: string
let state: string

beforeEach(async () => {
  github = await startFakeGitHub()
  arxiv = await startFakeArxiv({ seed: 3 })
  out = tempDir("faults-out")
  state = tempDir("faults-state")
})
afterEach(async () => {
  await github.close()
  await arxiv.close()
})

const run = () =>
  runInProcess({
    pipeline: "arxiv-daily",
    outDir: out,
    stateDir: state,
    // Loopback only: spacing 3 ms, backoff from 5 ms, timeouts 1-2 s.
    env: { GITHUB_API_URL: github.url, ARXIV_API_URL: arxiv.url, DIGEST_FEEDS_TIME_SCALE: "0.001" }
  })

const walk = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]
  )

/** Every published file parses; no staging folder or temporary file is left behind. */
const expectValidOutputs = () => {
  const files = walk(out)
  expect(files.some((file) => file.includes(".staging") || file.includes(".tmp-"))).toBe(false)
  for (const file of files) {
    const text = readFileSync(file, "utf8")
    if (file.endsWith(".xml") || file.endsWith(".opml")) expect(XMLValidator.validate(text), file).toBe(true)
    if (file.endsWith(".json")) expect(() => JSON.parse(text), file).not.toThrow()
  }
  const archive = JSON.parse(readFileSync(join(out, "papers.json"), "utf8"))
  expect(archive.items).toHaveLength(PAPERS)
}

/** Every state file is complete JSON; nothing had to be moved aside as corrupt. */
const expectReadableState = () => {
  for (const file of walk(state).filter((f) => f.endsWith(".json"))) {
    expect(() => JSON.parse(readFileSync(file, "utf8")), file).not.toThrow()
  }
  expect(walk(state).filter((file) => file.endsWith(".corrupt"))).toEqual([])
}

const recovers = async () => {
  github.setFaults([])
  arxiv.setFaults([])
  const next = await run()
  expect(next.exitCode).toBe(0)
  expect(next.report?.pending).toEqual([])
  // Every paper: arXiv's from the arXiv fake, the 20 DOIs' from the bioRxiv/medRxiv fake (support/cli.ts).
  expect(next.report?.counts.withMetadata).toBe(PAPERS)
  expectValidOutputs()
}

describe("GitHub faults", () => {
  const transient: ReadonlyArray<readonly [string, Fault]> = [
    ["429 with Retry-After", { kind: "secondary-429", retryAfter: 1, match: "/git/trees/" }],
    ["403 secondary limit", { kind: "secondary-403", retryAfter: 1, match: "/commits/" }],
    ["5xx burst", { kind: "server-error", status: 502, times: 2, match: "/git/trees/" }],
    ["connection reset", { kind: "reset", match: "/commits/" }],
    ["hang past the timeout", { kind: "hang", match: "/git/trees/" }],
    ["truncated body", { kind: "truncate", match: "/_codeload/" }],
    ["malformed JSON", { kind: "malformed", match: "/git/trees/" }]
  ]
  for (const [name, fault] of transient) {
    it(`${name}: retried, published in full`, async () => {
      github.setFaults([fault])
      const result = await run()
      expect(result.error).toBeUndefined()
      expect(result.exitCode).toBe(0)
      expect(github.log.some((entry) => entry.fault === fault.kind)).toBe(true)
      expect(result.report?.counts.papers).toBe(PAPERS)
      expectValidOutputs()
      expectReadableState()
      await recovers()
    })
  }

  it("persistent 5xx on a first sync: exit 1, nothing published, the next run completes", async () => {
    github.setFaults([{ kind: "server-error", status: 503, times: 1000 }])
    const result = await run()
    expect(result.exitCode).toBe(1)
    expect(existsSync(join(out, "rss.xml"))).toBe(false)
    expectReadableState()
    await recovers()
  })

  it("partial results (a cut tarball every time): what arrived is kept, the rest comes next run", async () => {
    github.setFaults([{ kind: "truncate", match: "/_codeload/", times: 1000 }])
    const result = await run()
    expect(result.exitCode).toBe(0)
    expect(result.report?.problems.map((p) => p.code)).toContain("sync-incomplete")
    expect(result.report?.counts.papers).toBeLessThan(PAPERS)
    expectReadableState()
    await recovers()
  })
})

describe("arXiv faults", () => {
  const transient: ReadonlyArray<readonly [string, ArxivFault]> = [
    ["429 with Retry-After", { kind: "status", status: 429, retryAfter: "0" }],
    ["5xx burst", { kind: "status", status: 503 }],
    ["Rate exceeded.", { kind: "rate-exceeded" }],
    ["connection reset", { kind: "reset" }],
    ["hang past the timeout", { kind: "hang" }],
    ["truncated XML", { kind: "truncated" }],
    ["partial results", { kind: "partial" }]
  ]
  for (const [name, fault] of transient) {
    it(`${name}: retried, every paper enriched`, async () => {
      arxiv.setFaults([fault, fault])
      const result = await run()
      expect(result.error).toBeUndefined()
      expect(result.exitCode).toBe(0)
      expect(arxiv.log.filter((request) => request.fault === fault.kind)).toHaveLength(2)
      expect(result.report?.pending).toEqual([])
      expect(result.report?.counts.withMetadata).toBe(PAPERS)
      expectValidOutputs()
      expectReadableState()
    })
  }

  it("a service that keeps failing: published digest-only, papers pending, enriched on the next run", async () => {
    arxiv.setFaults([], { kind: "status", status: 503 })
    const result = await run()
    expect(result.exitCode).toBe(0)
    expect(result.report?.pending).toHaveLength(ARXIV_PAPERS)
    // Only the bioRxiv/medRxiv papers, from their own API.
    expect(result.report?.counts.withMetadata).toBe(PAPERS - ARXIV_PAPERS)
    expect(result.report?.problems.some((p) => p.code === "arxiv-batch-failed")).toBe(true)
    expectValidOutputs()
    expectReadableState()
    await recovers()
  })
})
