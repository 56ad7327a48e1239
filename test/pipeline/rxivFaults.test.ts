/**
 * The bioRxiv/medRxiv API's faults (RXIV.md) injected into a whole run of the arxiv-daily pipeline: every run
 * publishes valid outputs with every paper, a fault that passes is retried away, one that stays leaves its DOIs
 * pending, and the next run asks only for those.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type FakeArxiv, startFakeArxiv } from "../fakes/FakeArxiv.ts"
import { type FakeGitHub, startFakeGitHub } from "../fakes/FakeGitHub.ts"
import { type FakeRxiv, startFakeRxiv } from "../fakes/FakeRxiv.ts"
import type { RxivFault } from "../fakes/RxivFakeApi.ts"
import { tempDir } from "../support/cli.ts"
import { runInProcess } from "../support/runInProcess.ts"

// The fixture repository's 660 arXiv papers and the 20 DOIs of its 2025-05-20 bioRxiv and medRxiv digests.
const ARXIV_PAPERS = 660
const DOIS = 20

let github: FakeGitHub
let arxiv: FakeArxiv
let rxiv: FakeRxiv
let out: string
let state: string

beforeEach(async () => {
  github = await startFakeGitHub()
  arxiv = await startFakeArxiv({ seed: 4 })
  rxiv = await startFakeRxiv()
  out = tempDir("rxiv-faults-out")
  state = tempDir("rxiv-faults-state")
})
afterEach(async () => {
  await github.close()
  await arxiv.close()
  await rxiv.close()
})

const run = () =>
  runInProcess({
    pipeline: "arxiv-daily",
    outDir: out,
    stateDir: state,
    env: {
      GITHUB_API_URL: github.url,
      ARXIV_API_URL: arxiv.url,
      RXIV_API_URL: rxiv.url,
      DIGEST_FEEDS_TIME_SCALE: "0.001"
    }
  })

interface PreprintItem {
  readonly _preprint?: {
    readonly doi: string
    readonly category: string | null
    readonly authors_complete: boolean
    readonly authors: ReadonlyArray<{ readonly family?: string }>
  }
}

const preprints = () =>
  (JSON.parse(readFileSync(join(out, "papers.json"), "utf8")).items as ReadonlyArray<PreprintItem>).flatMap(
    (item) => (item._preprint === undefined ? [] : [item._preprint])
  )

/** Every DOI published, each with its category and every author (family names) from the API. */
const expectEnrichedFromApi = () => {
  const items = preprints()
  expect(items).toHaveLength(DOIS)
  for (const item of items) {
    expect(item.category, item.doi).not.toBeNull()
    expect(item.authors_complete, item.doi).toBe(true)
    expect(
      item.authors.every((author) => (author.family ?? "") !== ""),
      item.doi
    ).toBe(true)
  }
}

describe("bioRxiv/medRxiv API faults in a whole run", () => {
  const passing: ReadonlyArray<readonly [string, RxivFault]> = [
    ["a hang past the timeout", { kind: "hang" }],
    ["a malformed body", { kind: "malformed" }],
    ["Error : (2002)", { kind: "error-2002" }],
    ["an empty body", { kind: "empty" }],
    ["a 503", { kind: "status", status: 503 }],
    ["a reset connection", { kind: "reset" }]
  ]
  for (const [name, fault] of passing) {
    it(`${name}, once: retried, every paper published with the API's authors and category`, async () => {
      rxiv.setFaults([fault])
      const result = await run()
      expect(result.exitCode, result.error).toBe(0)
      expect(rxiv.log.some((request) => request.fault === fault.kind)).toBe(true)
      expect(result.report?.pending).toEqual([])
      expect(result.report?.counts.papers).toBe(ARXIV_PAPERS + DOIS)
      expect(result.report?.counts.withMetadata).toBe(ARXIV_PAPERS + DOIS)
      expectEnrichedFromApi()
    })
  }

  it("an API that stays down: published digest-only, the DOIs pending; the next run asks only for them", async () => {
    rxiv.setFaults([], { kind: "status", status: 503 })
    const down = await run()
    expect(down.exitCode, down.error).toBe(0)
    const pending = new Set<string>(down.report?.pending.filter((key) => key.startsWith("10.")))
    expect(pending.size).toBe(DOIS)
    expect(down.report?.counts.withMetadata).toBe(ARXIV_PAPERS)
    expect(preprints()).toHaveLength(DOIS)

    rxiv.setFaults([])
    const asked = rxiv.log.length
    const next = await run()
    expect(next.exitCode, next.error).toBe(0)
    expect(next.report?.pending).toEqual([])
    const doiRequests = rxiv.log.slice(asked).filter((request) => request.kind === "doi")
    for (const request of doiRequests) expect(pending.has(request.doi ?? "")).toBe(true)
    expectEnrichedFromApi()

    // Nothing new and nothing pending: the bioRxiv/medRxiv API is not asked again.
    const before = rxiv.log.length
    const quiet = await run()
    expect(quiet.exitCode, quiet.error).toBe(0)
    expect(rxiv.log.length).toBe(before)
  })
})
