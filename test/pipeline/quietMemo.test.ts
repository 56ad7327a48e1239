/**
 * The run memo keeps the report's bulky lists out of what a quiet night decodes: the problems live beside it
 * (last-run-problems.json, vouched for by a hash in the memo), the new papers' ids are not kept. A quiet night
 * still reports every problem; a memo of the earlier format, or a problems file the memo does not vouch for,
 * makes a normal run, never a failure.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type GitHubNights, githubNights } from "../support/githubNights.ts"

const QUIET = "nothing new: the outputs are current"

describe("the run memo and a quiet night", () => {
  let nights: GitHubNights
  let stateDir: string
  let outDir: string
  /** The first (full) run's report.json, parsed. */
  let full: Record<string, unknown> & { problems: Array<unknown>; newPapers: Array<string> }
  const memoFile = () => join(stateDir, "last-run.json")
  const problemsFile = () => join(stateDir, "last-run-problems.json")
  const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"))
  const night = async () => {
    const logs: Array<string> = []
    await nights.night({ logs })
    return {
      quiet: logs.some((line) => line.startsWith(QUIET)),
      report: readJson(join(outDir, "report.json"))
    }
  }

  beforeAll(async () => {
    nights = await githubNights("memo")
    ;({ stateDir, outDir } = nights)
  })
  afterAll(() => nights.close())

  it("a full run keeps its problems beside a memo without the bulky lists", async () => {
    const run = await night()
    expect(run.quiet).toBe(false)
    full = run.report as typeof full
    expect(full.problems.length).toBeGreaterThan(0)
    expect(full.newPapers.length).toBeGreaterThan(0)
    const memo = readJson(memoFile())
    expect(Object.keys(memo.report)).not.toContain("problems")
    expect(Object.keys(memo.report)).not.toContain("newPapers")
    expect(memo.report.counts).toEqual(full["counts"])
    expect(memo.problemsSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(readJson(problemsFile())).toEqual(full.problems)
  })

  it("a quiet night reports the full run's problems, in report.json's order of fields", async () => {
    const memoBefore = readFileSync(memoFile(), "utf8")
    const syncState = join(stateDir, "github-sync.json")
    const syncBefore = statSync(syncState).mtimeMs
    const { quiet, report } = await night()
    expect(quiet).toBe(true)
    expect(Object.keys(report)).toEqual(Object.keys(full))
    expect(report.problems).toEqual(full.problems)
    expect(report.newPapers).toEqual([])
    expect(report.pending).toEqual(full["pending"])
    const counts = full["counts"] as Record<string, number>
    expect(report.counts).toEqual({ ...counts, filesChanged: 0, newPapers: 0, daysRendered: 0 })
    expect(report.outputs.written).toEqual([])
    // A quiet night leaves the memo as the full run wrote it, and the unchanged sync state unwritten.
    expect(readFileSync(memoFile(), "utf8")).toBe(memoBefore)
    expect(statSync(syncState).mtimeMs).toBe(syncBefore)
  })

  it("a problems file the memo does not vouch for makes a normal run, which records a good one", async () => {
    const problems = readJson(problemsFile())
    writeFileSync(problemsFile(), `${JSON.stringify(problems.slice(1), null, 1)}\n`)
    const normal = await night()
    expect(normal.quiet).toBe(false)
    expect(normal.report.problems).toEqual(full.problems)
    expect(readJson(problemsFile())).toEqual(full.problems)
    const { quiet, report } = await night()
    expect(quiet).toBe(true)
    expect(report.problems).toEqual(full.problems)
  })

  it("a published file lost or cut short makes a normal run that puts it back, then quiet nights again", async () => {
    const day = readdirSync(join(outDir, "day")).sort()[0]!
    const lost = join(outDir, "day", day)
    const cut = join(outDir, "rss.xml")
    const before = { lost: readFileSync(lost), cut: readFileSync(cut) }
    rmSync(lost)
    writeFileSync(cut, before.cut.subarray(0, 100))
    // the outputs are checked beside the sync (runPipeline): the damage is seen all the same
    const normal = await night()
    expect(normal.quiet).toBe(false)
    expect(readFileSync(lost)).toEqual(before.lost)
    expect(readFileSync(cut)).toEqual(before.cut)
    expect((await night()).quiet).toBe(true)
  })

  it("a memo of the earlier format (the whole report inside) makes a normal run, then quiet nights again", async () => {
    const memo = readJson(memoFile())
    writeFileSync(
      memoFile(),
      `${JSON.stringify({ key: memo.key, listing: memo.listing, report: full }, null, 1)}\n`
    )
    rmSync(problemsFile())
    const normal = await night()
    expect(normal.quiet).toBe(false)
    expect(normal.report.problems).toEqual(full.problems)
    expect(readJson(memoFile()).problemsSha256).toMatch(/^[0-9a-f]{64}$/)
    const { quiet, report } = await night()
    expect(quiet).toBe(true)
    expect(report.problems).toEqual(full.problems)
  })
})
