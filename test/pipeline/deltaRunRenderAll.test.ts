/**
 * What makes a run build on nothing and render everything again (a failed run, a change of the topics, outputs
 * edited by hand or from another night, a lost key registry), and what does not (a file only touched, papers
 * asked again at arXiv on their due day): either way the bytes of a run from nothing. Harness: deltaHarness.ts.
 */
import { cpSync, existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { latestVersionsInFixtures, startFakeArxiv } from "../fakes/FakeArxiv.ts"
import { fixtureDigest } from "../fakes/FakeGitHub.ts"
import { hashTree, tempDir } from "../support/cli.ts"
import {
  DELTA_TOPICS,
  digestPaths,
  FOLDER,
  fullRunBeside,
  LATER,
  run,
  useDelta,
  writePipeline
} from "./deltaHarness.ts"

const delta = useDelta()

describe("what makes a run render everything again", () => {
  const nightWith = async (out: string, state: string) => {
    const result = await run(delta, out, state)
    expect(result.exitCode, result.error).toBe(0)
    return result.report?.counts
  }
  const addLaterDay = () => delta.github.repo.put(`${FOLDER}/${LATER[0]}`, fixtureDigest(LATER[0] ?? ""))

  it("a run that failed after enriching: the next one renders all, as a run from nothing", async () => {
    const out = tempDir("delta-fail-out")
    const state = tempDir("delta-fail-state")
    await nightWith(out, state)
    const whole = delta.github.repo.head
    delta.github.repo.commit({ remove: digestPaths(delta) })
    const failed = await run(delta, out, state, false)
    expect(failed.exitCode).toBe(1)
    expect(existsSync(join(state, "archive.json"))).toBe(false)
    delta.github.repo.head = whole
    addLaterDay()
    const counts = await nightWith(out, state)
    expect(counts?.daysRendered).toBe(counts?.days)
  })

  it("a paper arXiv answered at an older version than its digest links is asked again the next day, as a full run would", async () => {
    delta.now = "2026-11-30T00:20:00Z"
    const out = tempDir("delta-version-out")
    const state = tempDir("delta-version-state")
    await nightWith(out, state)
    const archive = JSON.parse(readFileSync(join(state, "archive.json"), "utf8"))
    expect(archive.askAgain.length).toBeGreaterThan(0)
    const stale = new Set<string>(archive.askAgain)
    // arXiv catches up: it now answers every paper at the version the digests link
    await delta.arxiv.close()
    delta.arxiv = await startFakeArxiv({ seed: 5, versions: latestVersionsInFixtures() })
    const staleAsked = () => delta.arxiv.log.flatMap((request) => request.ids).filter((id) => stale.has(id))

    // The same run date: a new digest, but nobody asked today is asked again.
    addLaterDay()
    const sameDay = await nightWith(out, state)
    expect(sameDay?.daysRendered).toBeLessThan(sameDay?.days ?? 0)
    expect(staleAsked()).toEqual([])
    const sameDayFull = await fullRunBeside(delta, state)
    expect(hashTree(out, ["report.json"])).toEqual(hashTree(sameDayFull.out, ["report.json"]))

    // The next day they are due: asked once, caught up, and published at arXiv's version.
    delta.now = "2026-12-01T00:20:00Z"
    delta.github.repo.put(`${FOLDER}/${LATER[1]}`, fixtureDigest(LATER[1] ?? ""))
    const nextDay = await nightWith(out, state)
    expect(nextDay?.daysRendered).toBeLessThan(nextDay?.days ?? 0)
    expect(new Set(staleAsked())).toEqual(stale)
    expect(JSON.parse(readFileSync(join(state, "archive.json"), "utf8")).askAgain).toEqual([])
    const full = await fullRunBeside(delta, state)
    expect(hashTree(out, ["report.json"])).toEqual(hashTree(full.out, ["report.json"]))

    // Caught up: the day after, they are not asked again.
    const asked = staleAsked().length
    delta.now = "2026-12-02T00:20:00Z"
    delta.github.repo.put(`${FOLDER}/2026-09-01-arxiv.md`, fixtureDigest(LATER[1] ?? ""))
    await nightWith(out, state)
    expect(staleAsked()).toHaveLength(asked)
  })

  it("a change of the topics: everything is rendered, as a run from nothing", async () => {
    const out = tempDir("delta-topics-out")
    const state = tempDir("delta-topics-state")
    await nightWith(out, state)
    const pipeline = JSON.parse(readFileSync(join(delta.pipelines, "delta", "pipeline.json"), "utf8"))
    writePipeline(delta, pipeline, [
      ...DELTA_TOPICS.slice(1),
      { name: "agents", title: "智能体", any: ["智能体", "agent"] }
    ])
    const counts = await nightWith(out, state)
    expect(counts?.daysRendered).toBe(counts?.days)
    expect(existsSync(join(out, "topic", "models", "papers.bib"))).toBe(false)
    expect(existsSync(join(out, "topic", "agents", "papers.bib"))).toBe(true)
  })

  it("a published file edited by hand to the same size: everything is rendered; one only touched is still spliced", async () => {
    const out = tempDir("delta-edit-out")
    const state = tempDir("delta-edit-state")
    await nightWith(out, state)
    const stamps = JSON.parse(readFileSync(join(state, "archive.json"), "utf8")).stamps
    expect(Object.keys(stamps)).toEqual(
      expect.arrayContaining(["papers.json", "papers.bib", "papers.csl.json"])
    )
    const aMinuteLater = (file: string) => {
      const at = new Date(statSync(file).mtime.getTime() + 60_000)
      utimesSync(file, at, at)
    }
    // the same bytes with a later mtime (a copy, a restore): hashed, found intact, spliced from
    aMinuteLater(join(out, "papers.json"))
    addLaterDay()
    const touched = await nightWith(out, state)
    expect(touched?.daysRendered).toBeLessThan(touched?.days ?? 0)

    // one letter changed in place: the size the manifest records, a later mtime
    const csl = join(out, "papers.csl.json")
    const text = readFileSync(csl, "utf8")
    const at = text.indexOf(`"publisher":"arXiv"`)
    expect(at).toBeGreaterThan(0)
    writeFileSync(csl, `${text.slice(0, at)}"publisher":"arxiv"${text.slice(at + 19)}`)
    aMinuteLater(csl)
    delta.github.repo.put(`${FOLDER}/${LATER[1]}`, fixtureDigest(LATER[1] ?? ""))
    const edited = await nightWith(out, state)
    expect(edited?.daysRendered).toBe(edited?.days)
    const full = await fullRunBeside(delta, state)
    expect(hashTree(out, ["report.json"])).toEqual(hashTree(full.out, ["report.json"]))
  })

  it("a lost key registry, or outputs from another night: everything is rendered", async () => {
    const out = tempDir("delta-stale-out")
    const state = tempDir("delta-stale-state")
    await nightWith(out, state)
    const firstNight = tempDir("delta-stale-copy")
    cpSync(out, firstNight, { recursive: true })
    addLaterDay()
    const second = await nightWith(out, state)
    expect(second?.daysRendered).toBeLessThan(second?.days ?? 0)

    // the outputs of the first night come back (a stale Actions cache entry), the state is the second's
    rmSync(out, { recursive: true })
    cpSync(firstNight, out, { recursive: true })
    delta.github.repo.put(`${FOLDER}/${LATER[1]}`, fixtureDigest(LATER[1] ?? ""))
    const third = await nightWith(out, state)
    expect(third?.daysRendered).toBe(third?.days)
    const full = await fullRunBeside(delta, state)
    expect(hashTree(out, ["report.json"])).toEqual(hashTree(full.out, ["report.json"]))

    rmSync(join(state, "bibkeys.tsv"))
    delta.github.repo.put(`${FOLDER}/2026-09-01-arxiv.md`, fixtureDigest(LATER[1] ?? ""))
    const fourth = await nightWith(out, state)
    expect(fourth?.daysRendered).toBe(fourth?.days)
  })
})
