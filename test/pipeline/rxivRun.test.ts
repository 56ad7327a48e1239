/**
 * bioRxiv and medRxiv through a whole run on the bundled sample: every row becomes a paper or a reported
 * problem, English titles come from the upstream JSON, and runs that build on the last one render only what a
 * new digest or a changed JSON file can change, publishing exactly what a run from nothing publishes.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { beforeEach, describe, expect, it } from "vitest"
import { formatJobSummary, formatSummary } from "../../src/cli/summary.ts"
import type { RunReport } from "../../src/pipeline/RunReport.ts"
import { hashTree, repoRoot, sharedFixtures, tempDir } from "../support/cli.ts"
import { runInProcess } from "../support/runInProcess.ts"

const SAMPLE = join(repoRoot, "pipelines", "sample")
const DIGESTS = join(SAMPLE, "digests")

/** Rows and DOIs of a server's sample digests, read the simplest way: one `[PDF](` link per row (RXIV.md). */
const countServer = (folder: string, server: "biorxiv" | "medrxiv") => {
  let rows = 0
  const dois = new Set<string>()
  for (const name of readdirSync(folder).filter((file) => file.endsWith(`-${server}.md`))) {
    const text = readFileSync(join(folder, name), "utf8")
    rows += text.split("[PDF](").length - 1
    for (const match of text.matchAll(
      /\[PDF\]\(https:\/\/(?:doi\.org|www\.(?:bio|med)rxiv\.org\/content)\/([^)]+?)(?:v1\.full\.pdf)?\)/g
    ))
      dois.add(match[1]!.toLowerCase())
  }
  return { rows, dois }
}

interface FeedItem {
  readonly id: string
  readonly _preprint?: { readonly server: string; readonly doi: string; readonly title_en: string | null }
}
const papersOf = (out: string): ReadonlyArray<FeedItem> =>
  (JSON.parse(readFileSync(join(out, "papers.json"), "utf8")) as { items: Array<FeedItem> }).items

let pipelines: string
let digests: string

/** A copy of the sample under `name`, with its own digests folder and pipeline overrides. */
const copySample = (overrides: Record<string, unknown> = {}) => {
  pipelines = tempDir("rxiv-pipelines")
  const folder = join(pipelines, "rxiv")
  mkdirSync(folder)
  digests = join(folder, "digests")
  cpSync(DIGESTS, digests, { recursive: true })
  const pipeline = JSON.parse(readFileSync(join(SAMPLE, "pipeline.json"), "utf8"))
  writeFileSync(join(folder, "pipeline.json"), JSON.stringify({ ...pipeline, name: "rxiv", ...overrides }))
}

/** A run from nothing but the key registry the delta run had (keys never change once assigned): its outputs. */
const fullRunBeside = async (stateDir: string) => {
  const state = tempDir("rxiv-full-state")
  const out = tempDir("rxiv-full-out")
  cpSync(stateDir, state, { recursive: true })
  for (const file of ["last-run.json", "archive.json", "outputs-manifest.json"])
    rmSync(join(state, file), { force: true })
  const result = await run(out, state)
  expect(result.exitCode, result.error).toBe(0)
  return { out, report: result.report! }
}

/** What a report says of the archive, whatever the run rendered or found new. */
const comparable = (report: RunReport) => ({
  problems: report.problems,
  counts: { ...report.counts, daysRendered: 0, filesChanged: 0, newPapers: 0 }
})

const run = (outDir: string, stateDir: string) =>
  runInProcess({
    pipeline: "rxiv",
    pipelinesDir: pipelines,
    outDir,
    stateDir,
    offline: true,
    allowShrink: true,
    codeFingerprint: "test-build",
    now: "2026-11-30T00:20:00Z",
    env: {}
  })

describe("the sample with bioRxiv and medRxiv", () => {
  beforeEach(() => copySample())

  it("every bioRxiv/medRxiv row becomes a paper (one per DOI) or a problem; English titles from the JSON", async () => {
    const out = tempDir("rxiv-out")
    const result = await run(out, tempDir("rxiv-state"))
    expect(result.error).toBeUndefined()
    const counts = result.report!.counts
    const items = papersOf(out)
    for (const server of ["biorxiv", "medrxiv"] as const) {
      const expected = countServer(digests, server)
      const own = counts.servers[server]!
      expect(own.rows).toBe(expected.rows)
      // No sample row lacks a DOI: rows without one would be problems (rowsWithoutId) and make no paper.
      expect(own.rowsWithoutId).toBe(0)
      expect(own.papers).toBe(expected.dois.size)
      const published = items
        .filter((item) => item._preprint?.server === server)
        .map((item) => item._preprint!.doi)
      expect(published.sort()).toEqual([...expected.dois].sort())
    }
    expect(counts.servers["arxiv"]!.papers).toBe(
      items.filter((item) => item.id.startsWith("https://arxiv.org/")).length
    )
    expect(Object.keys(counts.servers)).toEqual(["arxiv", "biorxiv", "medrxiv"])
    expect(counts.papers).toBe(items.length)

    // Layout C and C4 titles have no English column: the JSON's English title is on every such paper.
    const json = JSON.parse(readFileSync(join(digests, "api/daily/2026-06-19.json"), "utf8")) as {
      papers: Array<{ source: string; title: string; paper_url: string }>
    }
    const bio = json.papers.filter((paper) => paper.source === "biorxiv")
    expect(bio.length).toBeGreaterThan(0)
    for (const paper of bio) {
      const doi = paper.paper_url.replace("https://doi.org/", "").toLowerCase()
      const item = items.find((candidate) => candidate._preprint?.doi === doi)
      expect(item?._preprint?.title_en).toBe(paper.title.replace(/\s+/g, " ").trim())
    }
    expect(result.report!.problems.filter((problem) => problem.code.startsWith("json-"))).toEqual([])

    // The terminal and the job summary give the same per-server split; new DOIs link to doi.org.
    const bioCounts = counts.servers["biorxiv"]!
    const line = `bioRxiv: ${bioCounts.digests} digests, ${bioCounts.rows} rows (0 without id), ${bioCounts.papers} papers`
    expect(formatSummary(result.report!, out)).toContain(line)
    const job = formatJobSummary(result.report!, undefined)
    expect(job).toContain(
      `| medRxiv | ${counts.servers["medrxiv"]!.digests} digests, ${countServer(digests, "medrxiv").rows} rows`
    )
    const someDoi = [...countServer(digests, "biorxiv").dois][0]!
    expect(job).toContain(`[${someDoi}](https://doi.org/${someDoi})`)
  })

  it("a new bioRxiv day renders that day and its neighbours; nothing new is quiet; both equal a run from nothing", async () => {
    copySample({
      servers: ["biorxiv", "medrxiv"],
      topics: [],
      feeds: { days: 1, maxItems: 50 },
      enrich: { refreshDays: 1 }
    })
    const out = tempDir("rxiv-delta-out")
    const state = tempDir("rxiv-delta-state")
    const first = await run(out, state)
    expect(first.exitCode).toBe(0)

    cpSync(join(sharedFixtures, "rxiv", "2026-05-05-biorxiv.md"), join(digests, "2026-05-05-biorxiv.md"))
    const second = await run(out, state)
    expect(second.exitCode).toBe(0)
    const added = countServer(digests, "biorxiv").dois.size - first.report!.counts.servers["biorxiv"]!.papers
    expect(second.report!.newPapers).toHaveLength(added)
    expect(added).toBeGreaterThan(0)
    const days = second.report!.outputs.written.filter((file) => file.startsWith("day/")).sort()
    // The new day, the days before and after it (their pages link it), and the newest (the feeds' window).
    expect(days).toEqual(["day/2026-05-01.html", "day/2026-05-05.html", "day/2026-06-19.html"])
    expect(second.report!.counts.daysRendered).toBe(3)

    const fromNothing = await fullRunBeside(state)
    expect(hashTree(out, ["report.json"])).toEqual(hashTree(fromNothing.out, ["report.json"]))
    expect(comparable(second.report!)).toEqual(comparable(fromNothing.report))

    const third = await run(out, state)
    expect(third.report!.outputs.written).toEqual([])
    expect(third.report!.counts.daysRendered).toBe(0)
  })

  it("a changed JSON file re-reads its day's digests: the new English title is published", async () => {
    copySample({
      servers: ["biorxiv", "medrxiv"],
      topics: [],
      feeds: { days: 1, maxItems: 50 },
      enrich: { refreshDays: 1 }
    })
    const out = tempDir("rxiv-json-out")
    const state = tempDir("rxiv-json-state")
    await run(out, state)
    const file = join(digests, "api/daily/2026-05-01.json")
    const json = JSON.parse(readFileSync(file, "utf8")) as {
      papers: Array<{ source: string; title: string; paper_url: string }>
    }
    const paper = json.papers.find((candidate) => candidate.source === "medrxiv")!
    paper.title = "A corrected English title"
    writeFileSync(file, JSON.stringify(json, null, 2))
    const second = await run(out, state)
    const doi = paper.paper_url.replace("https://doi.org/", "").toLowerCase()
    expect(papersOf(out).find((item) => item._preprint?.doi === doi)?._preprint?.title_en).toBe(
      "A corrected English title"
    )
    expect(second.report!.outputs.written).toContain("day/2026-05-01.html")
    expect(second.report!.outputs.written).not.toContain("day/2025-01-16.html")
    const fromNothing = await fullRunBeside(state)
    expect(hashTree(out, ["report.json"])).toEqual(hashTree(fromNothing.out, ["report.json"]))
    expect(comparable(second.report!)).toEqual(comparable(fromNothing.report))
  })

  it("files of a server the pipeline leaves out are skipped with an info problem each", async () => {
    copySample({ servers: ["arxiv"] })
    const out = tempDir("rxiv-arxiv-out")
    const result = await run(out, tempDir("rxiv-arxiv-state"))
    expect(result.exitCode).toBe(0)
    const skipped = result.report!.problems.filter((problem) => problem.code === "skipped-server")
    const rxivFiles = readdirSync(digests).filter((name) => /-(bio|med)rxiv\.md$/.test(name))
    const jsonFiles = readdirSync(join(digests, "api/daily"))
    expect(skipped.map((problem) => problem.file).sort()).toEqual(
      [...rxivFiles, ...jsonFiles.map((name) => `api/daily/${name}`)].sort()
    )
    expect(skipped.every((problem) => problem.severity === "info")).toBe(true)
    expect(papersOf(out).every((item) => item.id.startsWith("https://arxiv.org/"))).toBe(true)
    expect(Object.keys(result.report!.counts.servers)).toEqual(["arxiv"])
  })
})
