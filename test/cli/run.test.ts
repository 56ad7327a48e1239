import { spawnSync } from "node:child_process"
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { hashTree, repoRoot, runCli, tempDir } from "../support/cli.ts"

const EXPECTED = [
  "rss.xml",
  "atom.xml",
  "feed.json",
  "papers.json",
  "papers.bib",
  "papers.csl.json",
  "feeds.opml",
  "index.html",
  "report.json",
  "code/rss.xml",
  "bib/2025-10-06.bib"
]

/** One cold run of the sample, made once: the tests that start from a published sample work on copies. */
let cold: {
  readonly out: string
  readonly state: string
  readonly result: Awaited<ReturnType<typeof runCli>>
}

beforeAll(async () => {
  const out = tempDir("out")
  const state = tempDir("state")
  cold = { out, state, result: await runCli(["run", "--out", out, "--state", state]) }
})

/** `--out` and `--state` folders holding a copy of the cold run (what it would leave), as CLI arguments. */
const afterColdRun = (): Array<string> => {
  expect(cold.result.code).toBe(0)
  const out = tempDir("out")
  const state = tempDir("state")
  cpSync(cold.out, out, { recursive: true })
  cpSync(cold.state, state, { recursive: true })
  return ["--out", out, "--state", state]
}

describe("digest-feeds run on the bundled sample", () => {
  it("publishes every artifact offline, and a rerun changes no byte", async () => {
    const first = cold.result
    expect(first.stderr).not.toMatch(/level=(ERROR|FATAL)/)
    expect(first.code).toBe(0)
    const files = hashTree(cold.out)
    for (const file of EXPECTED) expect(files).toHaveProperty([file])

    const report = JSON.parse(readFileSync(join(cold.out, "report.json"), "utf8"))
    expect(report.status).toBe("published")
    expect(report.requests).toEqual({ github: 0, arxiv: 0, biorxiv: 0, medrxiv: 0, rxivLowerBound: 0 })
    expect(report.counts.papers).toBeGreaterThan(300)
    expect(report.problems.some((p: { code: string }) => p.code === "pdf-missing")).toBe(true)
    expect(first.stdout).toContain("sample: published")

    // The reruns work on a copy: the other tests start from the cold run's folders.
    const [, out = "", , state = ""] = afterColdRun()
    const second = await runCli(["run", "--out", out, "--state", state])
    expect(second.code).toBe(0)
    const { ["report.json"]: _firstReport, ...before } = files
    const { ["report.json"]: _secondReport, ...after } = hashTree(out)
    expect(after).toEqual(before)
    const secondReport = JSON.parse(readFileSync(join(out, "report.json"), "utf8"))
    expect(secondReport.outputs.written).toEqual([])

    // A range covering every digest is not quiet: everything is rendered again, and nothing is rewritten.
    const full = await runCli(["run", "--out", out, "--state", state, "--since", "2000-01-01"])
    expect(full.code).toBe(0)
    const fullReport = JSON.parse(readFileSync(join(out, "report.json"), "utf8"))
    expect(fullReport.durationsMs.emit).toBeGreaterThan(0)
    // every file but .manifest.json, the publisher's own record of the others
    const artifacts = Object.keys(before).filter((file) => file !== ".manifest.json")
    expect(fullReport.outputs).toEqual({ written: [], unchanged: artifacts.length, removed: [] })

    // A fresh state folder (a new clone) gives the same bytes too: keys and order depend on the input only.
    const fresh = tempDir("out")
    expect((await runCli(["run", "--out", fresh, "--state", tempDir("state")])).code).toBe(0)
    const { ["report.json"]: _freshReport, ...again } = hashTree(fresh)
    expect(again).toEqual(before)
  })

  it("a changed local digest is what the next run calls new, measured against the last run", async () => {
    const digests = tempDir("digests")
    cpSync(join(repoRoot, "pipelines", "sample", "digests"), digests, { recursive: true })
    const dirs = ["--digests", digests, "--out", tempDir("out"), "--state", tempDir("state")]
    expect((await runCli(["run", ...dirs])).code).toBe(0)
    const file = join(digests, "2025-10-06-arxiv.md")
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("arxiv.org/pdf/2510.03232v1", "arxiv.org/pdf/2510.99999v1")
    )
    expect((await runCli(["run", ...dirs])).code).toBe(0)
    const report = JSON.parse(readFileSync(join(dirs[3] ?? "", "report.json"), "utf8"))
    expect(report.counts.filesChanged).toBe(1)
    expect(report.newPapers).toHaveLength(10)
    expect(report.newPapers).toContain("2510.99999")
    expect(report.newPapers).not.toContain("2510.03232")
  })

  it("--since/--until rebuild a date range", async () => {
    const out = tempDir("out")
    const result = await runCli([
      "run",
      "--out",
      out,
      "--state",
      tempDir("state"),
      "--since",
      "2025-10-01",
      "--until",
      "2025-10-31"
    ])
    expect(result.code).toBe(0)
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"))
    expect(report.range).toEqual({ since: "2025-10-01", until: "2025-10-31" })
    expect(report.upstream.newestDigest).toBe("2025-10-06")
    const archive = JSON.parse(readFileSync(join(out, "papers.json"), "utf8"))
    expect(archive.items).toHaveLength(10)
  })

  it("exit status 2 for usage and configuration errors, with a message naming the problem", async () => {
    const badDate = await runCli(["run", "--since", "2025-13-01"])
    expect(badDate.code).toBe(2)
    const noPipeline = await runCli(["run", "--pipeline", "does-not-exist", "--out", tempDir("out")])
    expect(noPipeline.code).toBe(2)
    expect(noPipeline.stderr).toContain('no pipeline "does-not-exist"')
    const offlineGitHub = await runCli([
      "run",
      "--pipeline",
      "arxiv-daily",
      "--offline",
      "--out",
      tempDir("out")
    ])
    expect(offlineGitHub.code).toBe(2)
    expect(offlineGitHub.stderr).toContain("--offline")
  })

  it("exit status 1 when nothing could be published", async () => {
    const result = await runCli(["run", "--out", "/dev/null/outputs", "--state", tempDir("state")])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain("writing the outputs failed")
  })

  it("the bundle run without bin hashes itself to the fingerprint bin hands it; another hash is another build", () => {
    const [, out = "", , state = ""] = afterColdRun()
    // bin hashed the bundle to name its code cache and passed the hash on (DIGEST_FEEDS_BUNDLE_SHA256): the
    // bundle run by itself must come to the same fingerprint, or the nightly would never be quiet
    const quietLine = /nothing new: the outputs are current/
    const runs = (env: Record<string, string>) => {
      const result = spawnSync(
        process.execPath,
        [join(repoRoot, "dist", "digest-feeds.cjs"), "run", "--out", out, "--state", state],
        { encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } }
      )
      expect(result.status).toBe(0)
      return result.stderr
    }
    expect(runs({})).toMatch(quietLine)
    // a hash handed to another bundle (a child process of another checkout) is not taken: still quiet
    expect(runs({ DIGEST_FEEDS_BUNDLE_SHA256: `${"0".repeat(64)} /elsewhere/digest-feeds.cjs` })).toMatch(
      quietLine
    )
    const bundle = join(repoRoot, "dist", "digest-feeds.cjs")
    expect(runs({ DIGEST_FEEDS_BUNDLE_SHA256: `${"0".repeat(64)} ${bundle}` })).not.toMatch(quietLine)
  })

  it("a date-range rebuild does not leave the next run quiet over a partial site", async () => {
    const dirs = afterColdRun()
    expect((await runCli(["run", ...dirs, "--since", "2025-10-01", "--until", "2025-10-31"])).code).toBe(0)
    expect((await runCli(["run", ...dirs])).code).toBe(0)
    const archive = JSON.parse(readFileSync(join(dirs[1] ?? "", "papers.json"), "utf8"))
    expect(archive.items.length).toBeGreaterThan(300)
  })

  it("refuses to publish nothing, or far fewer papers than last time, unless told to (exit 1)", async () => {
    const empty = await runCli([
      "run",
      "--digests",
      tempDir("digests"),
      "--out",
      tempDir("out"),
      "--state",
      tempDir("state")
    ])
    expect(empty.code).toBe(1)
    expect(empty.stderr).toContain("nothing to publish")

    const dirs = afterColdRun()
    const before = hashTree(dirs[1] ?? "", ["report.json"])
    const fewer = tempDir("digests")
    cpSync(join(repoRoot, "pipelines/sample/digests/2025-10-06-arxiv.md"), join(fewer, "2025-10-06-arxiv.md"))
    const shrunk = await runCli(["run", "--digests", fewer, ...dirs])
    expect(shrunk.code).toBe(1)
    expect(shrunk.stderr).toContain("--allow-shrink")
    expect(hashTree(dirs[1] ?? "", ["report.json"])).toEqual(before)
    expect((await runCli(["run", "--digests", fewer, "--allow-shrink", ...dirs])).code).toBe(0)
  })

  it("a corrupt BibTeX key registry stops the run (exit 2) instead of renaming cited keys", async () => {
    const dirs = afterColdRun()
    const state = dirs[3] ?? ""
    const table = join(state, "bibkeys.tsv")
    writeFileSync(table, readFileSync(table, "utf8").replace(/\t\S+\n$/, "\tcut short"))
    rmSync(join(state, "last-run.json")) // else the run is quiet and never reads the registry
    const result = await runCli(["run", ...dirs])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/bibkeys\.tsv is corrupt .*line \d+: the last line has no line break/)
  })

  it("an unreadable digest is a problem of that file; the rest is published", async () => {
    const digests = tempDir("digests")
    cpSync(
      join(repoRoot, "pipelines/sample/digests/2025-10-06-arxiv.md"),
      join(digests, "2025-10-06-arxiv.md")
    )
    mkdirSync(join(digests, "2025-10-07-arxiv.md")) // a folder where a file should be: reading it fails
    const out = tempDir("out")
    const result = await runCli(["run", "--digests", digests, "--out", out, "--state", tempDir("state")])
    expect(result.code).toBe(0)
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"))
    expect(report.problems).toContainEqual(
      expect.objectContaining({ file: "2025-10-07-arxiv.md", code: "unreadable" })
    )
    expect(report.counts.papers).toBe(10)
  })

  it("--help works on every command", async () => {
    for (const args of [["--help"], ["run", "--help"], ["parse", "--help"]]) {
      const result = await runCli(args)
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/USAGE/)
    }
  })
})
