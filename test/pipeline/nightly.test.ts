/**
 * The nightly job's own steps ("Run the pipeline", "Did the outputs change?") run locally against the fake
 * GitHub (serving the real fixture digests) and the fake arXiv API: cold sync, a rerun that changes nothing,
 * then a night with one new digest.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type FakeArxiv, latestVersionsInFixtures, startFakeArxiv } from "../fakes/FakeArxiv.ts"
import { type FakeGitHub, fixtureDigest, startFakeGitHub } from "../fakes/FakeGitHub.ts"
import { type FakeRxiv, startFakeRxiv } from "../fakes/FakeRxiv.ts"
import { hashTree, repoRoot, tempDir } from "../support/cli.ts"
import { findStep, readWorkflow, runStepAsync } from "../workflows/workflowFile.ts"

const workflow = readWorkflow("nightly.yml")
const runPipelineStep = findStep(workflow, "build", "Run the pipeline")
const hashStep = findStep(workflow, "build", "hash")

/** A checkout-like folder: the project's files linked in, outputs/ and .digest-feeds/ its own. */
const makeWorkspace = (): string => {
  const workspace = join(tempDir("nightly"), "repo")
  mkdirSync(workspace)
  for (const entry of ["package.json", "node_modules", "bin", "src", "pipelines"])
    symlinkSync(join(repoRoot, entry), join(workspace, entry))
  return workspace
}

const readReport = (workspace: string) =>
  JSON.parse(readFileSync(join(workspace, "outputs", "report.json"), "utf8"))

describe("the nightly job, end to end against fake GitHub and arXiv", () => {
  let github: FakeGitHub
  let arxiv: FakeArxiv
  let rxiv: FakeRxiv
  let workspace: string
  const night = () =>
    runStepAsync(workflow, runPipelineStep, workspace, {
      expressions: { "secrets.GITHUB_TOKEN": "" },
      github: {
        GITHUB_API_URL: github.url,
        ARXIV_API_URL: arxiv.url,
        RXIV_API_URL: rxiv.url,
        // Loopback only: arXiv's 3 s spacing becomes 30 ms, so the test does not wait minutes.
        DIGEST_FEEDS_TIME_SCALE: "0.01",
        GITHUB_ACTIONS: "true",
        GITHUB_STEP_SUMMARY: join(workspace, "..", "step-summary.md")
      }
    })

  beforeAll(async () => {
    github = await startFakeGitHub()
    // Real arXiv answers a version-less query with the latest version, never older than a digest's link.
    arxiv = await startFakeArxiv({ seed: 7, versions: latestVersionsInFixtures() })
    rxiv = await startFakeRxiv()
    workspace = makeWorkspace()
  })
  afterAll(async () => {
    await github.close()
    await arxiv.close()
    await rxiv.close()
  })

  it("first night: backfills with a handful of requests, enriches in batches, publishes", async () => {
    const run = await night()
    expect(run.stderr).not.toMatch(/level=(ERROR|FATAL)/)
    expect(run.code).toBe(0)
    const report = readReport(workspace)
    expect(report.status).toBe("published")
    expect(report.requests.github).toBeLessThanOrEqual(4)
    // arXiv's papers: the fixture repository's bioRxiv/medRxiv DOIs are published without asking arXiv.
    const withIds = report.counts.servers["arxiv"]!.papers
    expect(withIds).toBeGreaterThan(500)
    expect(report.counts.papers).toBe(
      withIds + report.counts.servers["biorxiv"]!.papers + report.counts.servers["medrxiv"]!.papers
    )
    expect(report.requests.arxiv).toBe(Math.ceil(withIds / 100))
    expect(
      arxiv.log.every((request) => request.ids.length <= 100 && request.maxResults === request.ids.length)
    ).toBe(true)
    // Every paper: arXiv's from the arXiv fake, the DOIs' from the bioRxiv/medRxiv fake.
    expect(report.counts.withMetadata).toBe(report.counts.papers)
    expect(report.requests.biorxiv + report.requests.medrxiv).toBeGreaterThan(0)
    expect(report.pending).toEqual([])
    // Annotations for GitHub's UI, with file and line.
    expect(run.stdout).toMatch(
      /::warning file=docs\/daily-papers\/2025-11-11-arxiv\.md,line=\d+,title=pdf-missing::/
    )
    expect(readFileSync(join(workspace, "..", "step-summary.md"), "utf8")).toContain(
      "## digest-feeds: arxiv-daily"
    )
    const files = hashTree(join(workspace, "outputs"))
    expect(Object.keys(files).some((file) => file.startsWith("category/"))).toBe(true)
    const hashed = await runStepAsync(workflow, hashStep, workspace, {
      expressions: { "inputs.force_deploy": "" }
    })
    expect(hashed.outputs["changed"]).toBe("true")
    // What the record-deploy job stores on the state branch after a successful deploy.
    mkdirSync(join(workspace, ".digest-feeds", "deployed"), { recursive: true })
    writeFileSync(
      join(workspace, ".digest-feeds", "deployed", "arxiv-daily.sha256"),
      `${hashed.outputs["hash"]}\n`
    )
  })

  it("second night with nothing new, from a fresh checkout: one 304, no arXiv request, nothing to deploy", async () => {
    const before = hashTree(join(workspace, "outputs"), ["report.json"])
    // The runner starts every night from a fresh checkout: outputs/ is not kept, the state branch is.
    rmSync(join(workspace, "outputs"), { recursive: true })
    const githubBefore = github.log.length
    const arxivBefore = arxiv.log.length
    const run = await night()
    expect(run.code).toBe(0)
    const requests = github.log.slice(githubBefore)
    expect(requests).toHaveLength(1)
    expect(requests[0]?.status).toBe(304)
    expect(arxiv.log.slice(arxivBefore).map((r) => r.ids.join(","))).toEqual([])
    expect(hashTree(join(workspace, "outputs"), ["report.json"])).toEqual(before)
    const report = readReport(workspace)
    expect(report.counts.filesChanged).toBe(0)
    expect(report.newPapers).toEqual([])
    const hashed = await runStepAsync(workflow, hashStep, workspace, {
      expressions: { "inputs.force_deploy": "" }
    })
    expect(hashed.outputs["changed"]).toBe("false")
  })

  it("run by hand over kept outputs, a night with nothing new is quiet, and notices a missing file", async () => {
    const quiet = await night()
    expect(quiet.code).toBe(0)
    // Nothing new and arXiv already asked today: the run reuses the last one and renders nothing.
    expect(readReport(workspace).durationsMs.emit).toBe(0)
    expect(readReport(workspace).outputs.written).toEqual([])
    rmSync(join(workspace, "outputs", "rss.xml"))
    const run = await night()
    expect(run.code).toBe(0)
    const report = readReport(workspace)
    expect(report.outputs.written).toEqual(["rss.xml"])
    expect(readFileSync(join(workspace, "outputs", "rss.xml"), "utf8")).toContain("<rss")
  })

  it("a night with one new digest costs a few GitHub requests and one arXiv batch", async () => {
    github.repo.commit({
      put: [
        { path: "docs/daily-papers/2026-08-22-arxiv.md", content: renamedDigest("2026-08-21", "2026-08-22") }
      ]
    })
    const githubBefore = github.log.length
    const arxivBefore = arxiv.log.length
    const run = await night()
    expect(run.code).toBe(0)
    expect(github.log.length - githubBefore).toBeLessThanOrEqual(3)
    const report = readReport(workspace)
    expect(report.counts.filesChanged).toBe(1)
    expect(report.newPapers).toHaveLength(10)
    expect(arxiv.log.length - arxivBefore).toBe(1)
    expect(report.outputs.written).toContain("rss.xml")
  })
})

/** The 2026-08-21 digest as if published a day later with ten new ids (a synthetic night, built from real text). */
const renamedDigest = (from: string, to: string): string =>
  fixtureDigest(`${from}-arxiv.md`)
    .toString("utf8")
    .replace(`# arXiv ${from}`, `# arXiv ${to}`)
    .replace(/arxiv\.org\/pdf\/(\d{4})\.(\d{5})v/g, (_, month: string, number: string) => {
      return `arxiv.org/pdf/${month}.${String(99_999 - Number(number)).padStart(5, "0")}v`
    })
