/**
 * Runs that build on the last one: after new, rewritten and deleted digests, a run parses, enriches and
 * renders only the days that can have changed, copies the others from the published files, and publishes
 * exactly the bytes a run from nothing publishes.
 */
import { createHash } from "node:crypto"
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync
} from "node:fs"
import { join } from "node:path"
import fc from "fast-check"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { RunReport } from "../../src/pipeline/RunReport.ts"
import { type FakeArxiv, latestVersionsInFixtures, startFakeArxiv } from "../fakes/FakeArxiv.ts"
import { type FakeGitHub, fixtureDigest, fixtureRepoFiles, startFakeGitHub } from "../fakes/FakeGitHub.ts"
import { hashTree, tempDir } from "../support/cli.ts"
import { runInProcess } from "../support/runInProcess.ts"

const FOLDER = "docs/daily-papers"
const LATER = ["2026-06-19-arxiv.md", "2026-08-21-arxiv.md"]

let github: FakeGitHub
let arxiv: FakeArxiv
let pipelines: string

beforeEach(async () => {
  now = "2026-11-30T00:20:00Z"
  searchIndexer = "memo"
  github = await startFakeGitHub({
    files: fixtureRepoFiles().filter((file) => !LATER.some((name) => file.path.endsWith(name)))
  })
  arxiv = await startFakeArxiv({ seed: 5 })
  pipelines = tempDir("delta-pipelines")
  const pipeline = JSON.parse(
    readFileSync(new URL("../../pipelines/arxiv-daily/pipeline.json", import.meta.url), "utf8")
  )
  // A short refresh window and feed window, so most days of the fixtures are neither; topics whose papers.bib
  // spans most days (copied, not rendered, on a delta night) and whose windows reach beyond the feeds'.
  mkdirSync(join(pipelines, "delta"))
  writePipeline(pipeline, DELTA_TOPICS)
})

const DELTA_TOPICS = [
  { name: "models", title: "模型", any: ["模型", "model", "models"], none: ["综述", "survey"], days: 5 },
  { name: "with-code", title: "有代码", hasCode: true, days: 4 },
  // arXiv's metadata (the fake's synthetic entries are cs.CR, by Quan Thoi Minh Nguyen)
  { name: "security", title: "安全", categories: ["cs.CR", "cs.SE"], authors: ["nguyen"], none: ["模型"] }
]

const writePipeline = (pipeline: Record<string, unknown>, topics: ReadonlyArray<Record<string, unknown>>) =>
  writeFileSync(
    join(pipelines, "delta", "pipeline.json"),
    JSON.stringify({
      ...pipeline,
      name: "delta",
      feeds: { days: 3, maxItems: 100 },
      enrich: { ...(pipeline["enrich"] as object), refreshDays: 2 },
      // every month of the archive a search bundle of its own: the fixtures' pages are far below the default
      searchBundleBytes: 1,
      topics
    })
  )
afterEach(async () => {
  await github.close()
  await arxiv.close()
})

/** The run date of every run: the ask schedule counts run dates, so a test is never split by midnight. */
let now = "2026-11-30T00:20:00Z"
/**
 * Pagefind's answers remembered across the file's runs (runInProcess), but in a test that compares a delta
 * night's search bundles with a run from nothing: there each run asks Pagefind's process, as the CLI does.
 */
let searchIndexer: "memo" | "process" = "memo"

const run = (
  outDir: string,
  stateDir: string,
  allowShrink = true,
  logs?: Array<string>,
  codeFingerprint = "test-build"
) =>
  runInProcess({
    now,
    allowShrink,
    ...(logs === undefined ? {} : { logs }),
    pipeline: "delta",
    pipelinesDir: pipelines,
    outDir,
    stateDir,
    codeFingerprint,
    searchIndexer,
    env: { GITHUB_API_URL: github.url, ARXIV_API_URL: arxiv.url, DIGEST_FEEDS_TIME_SCALE: "0.001" }
  })

/** A run from nothing but the arXiv cache (and the key registry) the delta run had: its outputs. */
const fullRunBeside = async (stateDir: string) => {
  const state = tempDir("delta-full-state")
  const out = tempDir("delta-full-out")
  cpSync(stateDir, state, { recursive: true })
  for (const file of ["last-run.json", "archive.json", "outputs-manifest.json"])
    rmSync(join(state, file), { force: true })
  const result = await run(out, state)
  expect(result.exitCode, result.error).toBe(0)
  return { out, report: result.report }
}

/** What a report says of the archive, whatever the run rendered or found new. */
const comparable = (report: RunReport | undefined) =>
  report === undefined
    ? undefined
    : {
        problems: report.problems,
        pending: report.pending,
        // How long after the upstream commit the run published records the run itself, like its durations.
        upstream: { ...report.upstream, publishedAfterMinutes: null },
        counts: { ...report.counts, daysRendered: 0, filesChanged: 0, newPapers: 0 }
      }

const relinkFirstPaper = (digest: Buffer): string =>
  digest.toString("utf8").replace(/arxiv\.org\/pdf\/\d{4}\.\d{4,5}/, "arxiv.org/pdf/2508.99999")

describe("a run after the digests changed", () => {
  it("renders only the changed days and publishes the bytes of a run from nothing", async () => {
    const out = tempDir("delta-out")
    const state = tempDir("delta-state")
    const first = await run(out, state)
    expect(first.exitCode, first.error).toBe(0)
    expect(first.report?.counts.daysRendered).toBe(first.report?.counts.days)

    github.repo.commit({
      put: [
        { path: `${FOLDER}/${LATER[0]}`, content: fixtureDigest(LATER[0] ?? "") },
        // an old day rewritten: one paper's link now points to another paper
        {
          path: `${FOLDER}/2025-08-18-arxiv.md`,
          content: relinkFirstPaper(fixtureDigest("2025-08-18-arxiv.md"))
        }
      ],
      remove: [`${FOLDER}/2025-07-04-arxiv.md`]
    })
    const asked = arxiv.log.length
    const second = await run(out, state)
    expect(second.exitCode, second.error).toBe(0)
    const counts = second.report?.counts
    expect(counts?.daysRendered).toBeGreaterThan(0)
    // the changed days, the days of the changed digests' other papers, the days beside the one that came and
    // the one that went (their day pages link them), and each server's feed window (bioRxiv's and medRxiv's
    // end on 2025-05-20 here): 11 of the 15, not all of them
    expect(counts?.daysRendered).toBeLessThan(counts?.days ?? 0)
    expect(arxiv.log.length - asked).toBe(second.report?.requests.arxiv)

    const full = await fullRunBeside(state)
    expect(full.report?.counts.daysRendered).toBe(full.report?.counts.days)
    expect(hashTree(out, ["report.json"])).toEqual(hashTree(full.out, ["report.json"]))
    expect(comparable(second.report)).toEqual(comparable(full.report))
    // the topics' files are there and hold papers, so the comparison covered them
    for (const topic of DELTA_TOPICS) {
      const bib = readFileSync(join(out, "topic", topic.name, "papers.bib"), "utf8")
      expect(bib.match(/^@misc\{/gm)?.length ?? 0, topic.name).toBeGreaterThan(0)
      expect(existsSync(join(out, "topic", topic.name, "feed.json"))).toBe(true)
    }
    const archive = JSON.parse(readFileSync(join(state, "archive.json"), "utf8"))
    const copiedTopicDays = archive.days.filter(
      (day: { topicBibs: Record<string, unknown> }) => Object.keys(day.topicBibs).length > 0
    ).length
    expect(copiedTopicDays).toBeGreaterThan(counts?.daysRendered ?? 0)
  })
})

/**
 * The day pages of a published folder by month, the archive's bundles at a 1-byte budget (the recent tier's
 * left out), newest first.
 */
const dayPagesByMonth = (out: string, recentFrom: string) => {
  const months = new Map<string, number>()
  for (const name of readdirSync(join(out, "day")).filter((name) => name.slice(0, 10) < recentFrom))
    months.set(name.slice(0, 7), (months.get(name.slice(0, 7)) ?? 0) + 1)
  return [...months].sort(([a], [b]) => (a < b ? 1 : -1))
}

const searchLines = (logs: ReadonlyArray<string>) =>
  logs
    .filter((line) => line.startsWith("search index"))
    .map((line) => line.replace(/ (bytes|files|ms)=\d+/g, ""))

describe("the search index on a night with one new day", () => {
  it("builds the recent bundle only, keeps the archive's, and publishes the bytes of a run from nothing", async () => {
    searchIndexer = "process"
    const out = tempDir("delta-search-out")
    const state = tempDir("delta-search-state")
    github.repo.put(`${FOLDER}/${LATER[0]}`, fixtureDigest(LATER[0] ?? ""))
    expect((await run(out, state)).exitCode).toBe(0)
    // a day later in the same month (the refresh window, 2 days, starts in June either way): new papers
    const later = fixtureDigest(LATER[0] ?? "")
      .toString("utf8")
      .replace("# arXiv 2026-06-19", "# arXiv 2026-06-22")
      .replaceAll("arxiv.org/pdf/2606.2", "arxiv.org/pdf/2606.3")
    github.repo.put(`${FOLDER}/2026-06-22-arxiv.md`, later)
    const logs: Array<string> = []
    const night = await run(out, state, true, logs)
    expect(night.exitCode, night.error).toBe(0)
    // the recent tier starts on 2026-06-01; the fixtures' older days fall in months of 2026, 2025 and 2024
    const months = dayPagesByMonth(out, "2026-06-01")
    expect(new Set(months.map(([month]) => month.slice(0, 4)))).toEqual(new Set(["2026", "2025", "2024"]))
    expect(searchLines(logs)).toEqual([
      "search index built pages=2 stage=emit tier=recent",
      ...months.map(([month, pages]) => `search index kept pages=${pages} stage=emit tier=archive/${month}`)
    ])
    for (const [month] of months)
      expect(existsSync(join(out, "pagefind", "archive", month, "pages.json"))).toBe(true)

    const full = await fullRunBeside(state)
    expect(hashTree(out, ["report.json"])).toEqual(hashTree(full.out, ["report.json"]))
    expect(comparable(night.report)).toEqual(comparable(full.report))
  }, 120_000)

  it.each([
    ["two-tier", 1, "archive"],
    ["by-year", 2, "archive/2025"]
  ] as const)(
    "rebuilds a folder published with the %s layout (recipe %i) and removes its files",
    async (layout, recipe, tier) => {
      const out = tempDir(`delta-${layout}-out`)
      const state = tempDir(`delta-${layout}-state`)
      expect((await run(out, state)).exitCode).toBe(0)
      // what 628e983 published (pagefind/recent/ and one pagefind/archive/ bundle, manifests of recipe 1) or the
      // archive by year (pagefind/archive/2025/, recipe 2)
      const manifestText = readFileSync(join(state, "outputs-manifest.json"), "utf8")
      expect(readFileSync(join(out, ".manifest.json"), "utf8")).toBe(manifestText)
      const files: Record<string, { sha256: string; bytes: number }> = JSON.parse(manifestText).files
      const put = (path: string, text: string) => {
        mkdirSync(join(out, path, ".."), { recursive: true })
        writeFileSync(join(out, path), text)
        files[path] = {
          sha256: createHash("sha256").update(text).digest("hex"),
          bytes: Buffer.byteLength(text)
        }
      }
      rmSync(join(out, "pagefind", "archive"), { recursive: true })
      for (const path of Object.keys(files)) if (path.startsWith("pagefind/archive/")) delete files[path]
      const recent = readFileSync(join(out, "pagefind", "recent", "pages.json"), "utf8")
      put("pagefind/recent/pages.json", recent.replace('"recipe": 3', `"recipe": ${recipe}`))
      put(
        `pagefind/${tier}/pages.json`,
        `{\n "pagefind": "1.6.0",\n "recipe": ${recipe},\n "tier": ${JSON.stringify(tier)}\n}\n`
      )
      put(`pagefind/${tier}/pagefind-entry.json`, "{}")
      put(`pagefind/${tier}/zh-cn_0a1b2c3.pf_meta`, "meta")
      put(`pagefind/${tier}/index/zh-cn_0a1b2c3.pf_index`, "index")
      put(`pagefind/${tier}/fragment/zh-cn_0a1b2c3.pf_fragment`, "fragment")
      const sorted = Object.fromEntries(
        Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      )
      const older = `${JSON.stringify({ files: sorted }, null, 1)}\n`
      writeFileSync(join(state, "outputs-manifest.json"), older)
      writeFileSync(join(out, ".manifest.json"), older)

      // the first night of the new code (another bundle, so no quiet night), with nothing new upstream
      const logs: Array<string> = []
      const upgraded = await run(out, state, true, logs, "test-build-upgraded")
      expect(upgraded.exitCode, upgraded.error).toBe(0)
      // every bundle built (none kept: the recent one's manifest names the old recipe), the old files gone
      const lines = searchLines(logs)
      expect(lines.length).toBeGreaterThan(2)
      expect(lines.every((line) => line.startsWith("search index built"))).toBe(true)
      const left = readdirSync(join(out, "pagefind", "archive"))
      expect(left.length).toBeGreaterThan(0)
      expect(
        left.every((name) => /^\d{4}-\d{2}$/.test(name)),
        left.join(" ")
      ).toBe(true)
      const full = await fullRunBeside(state)
      expect(hashTree(out, ["report.json"])).toEqual(hashTree(full.out, ["report.json"]))
    },
    120_000
  )
})

describe("what makes a run render everything again", () => {
  const nightWith = async (out: string, state: string) => {
    const result = await run(out, state)
    expect(result.exitCode, result.error).toBe(0)
    return result.report?.counts
  }
  const addLaterDay = () => github.repo.put(`${FOLDER}/${LATER[0]}`, fixtureDigest(LATER[0] ?? ""))

  it("a run that failed after enriching: the next one renders all, as a run from nothing", async () => {
    const out = tempDir("delta-fail-out")
    const state = tempDir("delta-fail-state")
    await nightWith(out, state)
    const whole = github.repo.head
    github.repo.commit({ remove: digestPaths() })
    const failed = await run(out, state, false)
    expect(failed.exitCode).toBe(1)
    expect(existsSync(join(state, "archive.json"))).toBe(false)
    github.repo.head = whole
    addLaterDay()
    const counts = await nightWith(out, state)
    expect(counts?.daysRendered).toBe(counts?.days)
  })

  it("a paper arXiv answered at an older version than its digest links is asked again the next day, as a full run would", async () => {
    now = "2026-11-30T00:20:00Z"
    const out = tempDir("delta-version-out")
    const state = tempDir("delta-version-state")
    await nightWith(out, state)
    const archive = JSON.parse(readFileSync(join(state, "archive.json"), "utf8"))
    expect(archive.askAgain.length).toBeGreaterThan(0)
    const stale = new Set<string>(archive.askAgain)
    // arXiv catches up: it now answers every paper at the version the digests link
    await arxiv.close()
    arxiv = await startFakeArxiv({ seed: 5, versions: latestVersionsInFixtures() })
    const staleAsked = () => arxiv.log.flatMap((request) => request.ids).filter((id) => stale.has(id))

    // The same run date: a new digest, but nobody asked today is asked again.
    addLaterDay()
    const sameDay = await nightWith(out, state)
    expect(sameDay?.daysRendered).toBeLessThan(sameDay?.days ?? 0)
    expect(staleAsked()).toEqual([])
    const sameDayFull = await fullRunBeside(state)
    expect(hashTree(out, ["report.json"])).toEqual(hashTree(sameDayFull.out, ["report.json"]))

    // The next day they are due: asked once, caught up, and published at arXiv's version.
    now = "2026-12-01T00:20:00Z"
    github.repo.put(`${FOLDER}/${LATER[1]}`, fixtureDigest(LATER[1] ?? ""))
    const nextDay = await nightWith(out, state)
    expect(nextDay?.daysRendered).toBeLessThan(nextDay?.days ?? 0)
    expect(new Set(staleAsked())).toEqual(stale)
    expect(JSON.parse(readFileSync(join(state, "archive.json"), "utf8")).askAgain).toEqual([])
    const full = await fullRunBeside(state)
    expect(hashTree(out, ["report.json"])).toEqual(hashTree(full.out, ["report.json"]))

    // Caught up: the day after, they are not asked again.
    const asked = staleAsked().length
    now = "2026-12-02T00:20:00Z"
    github.repo.put(`${FOLDER}/2026-09-01-arxiv.md`, fixtureDigest(LATER[1] ?? ""))
    await nightWith(out, state)
    expect(staleAsked()).toHaveLength(asked)
  })

  it("a change of the topics: everything is rendered, as a run from nothing", async () => {
    const out = tempDir("delta-topics-out")
    const state = tempDir("delta-topics-state")
    await nightWith(out, state)
    const pipeline = JSON.parse(readFileSync(join(pipelines, "delta", "pipeline.json"), "utf8"))
    writePipeline(pipeline, [
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
    github.repo.put(`${FOLDER}/${LATER[1]}`, fixtureDigest(LATER[1] ?? ""))
    const edited = await nightWith(out, state)
    expect(edited?.daysRendered).toBe(edited?.days)
    const full = await fullRunBeside(state)
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
    github.repo.put(`${FOLDER}/${LATER[1]}`, fixtureDigest(LATER[1] ?? ""))
    const third = await nightWith(out, state)
    expect(third?.daysRendered).toBe(third?.days)
    const full = await fullRunBeside(state)
    expect(hashTree(out, ["report.json"])).toEqual(hashTree(full.out, ["report.json"]))

    rmSync(join(state, "bibkeys.json"))
    github.repo.put(`${FOLDER}/2026-09-01-arxiv.md`, fixtureDigest(LATER[1] ?? ""))
    const fourth = await nightWith(out, state)
    expect(fourth?.daysRendered).toBe(fourth?.days)
  })
})

/** What may happen upstream between two nights. */
type Change =
  | { readonly kind: "add"; readonly name: string }
  | { readonly kind: "remove"; readonly pick: number }
  | { readonly kind: "relink"; readonly pick: number; readonly nth: number; readonly to: number | string }
  | { readonly kind: "copy"; readonly pick: number; readonly date: string }

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.constantFrom(...LATER).map((name) => ({ kind: "add" as const, name })),
  fc.nat().map((pick) => ({ kind: "remove" as const, pick })),
  // one row's link now points to a fresh paper, or to a paper of another digest (moving it between days)
  fc
    .record({
      pick: fc.nat(),
      nth: fc.nat(),
      to: fc.oneof(
        fc.nat(),
        fc.integer({ min: 10000, max: 99999 }).map((n) => `2509.${n}`)
      )
    })
    .map((r) => ({ kind: "relink" as const, ...r })),
  // a digest's rows again on another day: earlier moves its papers' announcement, later adds a date
  fc
    .record({ pick: fc.nat(), date: fc.constantFrom("2024-01-02", "2025-09-30", "2026-10-01") })
    .map((r) => ({ kind: "copy" as const, ...r }))
)

const digestPaths = () =>
  [...(github.repo.resolve("main")?.files.keys() ?? [])].filter(
    (path) => path.startsWith(`${FOLDER}/`) && path.endsWith("-arxiv.md")
  )

const LINK = /arxiv\.org\/pdf\/(\d{4}\.\d{4,5})/g
const textAt = (path: string | undefined) =>
  path === undefined ? "" : (github.repo.read(path)?.toString("utf8") ?? "")

const apply = (step: Change) => {
  const paths = digestPaths()
  const at = (n: number) => paths[n % Math.max(1, paths.length)]
  const picked = at("pick" in step ? step.pick : 0)
  const text = textAt(picked)
  if (step.kind === "add") github.repo.put(`${FOLDER}/${step.name}`, fixtureDigest(step.name))
  else if (picked === undefined) return
  else if (step.kind === "remove") github.repo.remove(picked)
  else if (step.kind === "copy") github.repo.put(`${FOLDER}/${step.date}-arxiv.md`, text)
  else {
    const links = [...text.matchAll(LINK)]
    const link = links[step.nth % Math.max(1, links.length)]
    const target =
      typeof step.to === "string"
        ? step.to
        : ([...textAt(at(step.to)).matchAll(LINK)][0]?.[1] ?? "2509.00001")
    if (link?.index === undefined) return
    const end = link.index + link[0].length
    github.repo.put(picked, `${text.slice(0, link.index)}arxiv.org/pdf/${target}${text.slice(end)}`)
  }
}

describe("runs after any sequence of upstream changes", () => {
  it("publish, night after night, what a run from nothing publishes", async () => {
    // Few small digests, so that changes meet: the same papers copied, moved, relinked and removed.
    const small = new Set(["2025-04-27", "2025-05-08", "2025-07-25", "2025-10-06", "2026-01-06"])
    github.repo.commit({
      remove: digestPaths().filter((path) => !small.has(path.slice(FOLDER.length + 1, -9)))
    })
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 2, maxLength: 4 }), async (changes) => {
        const out = tempDir("delta-prop-out")
        const state = tempDir("delta-prop-state")
        const base = github.repo.head
        try {
          expect((await run(out, state)).exitCode).toBe(0)
          for (const step of changes) {
            apply(step)
            const night = await run(out, state)
            expect(night.exitCode, night.error).toBe(0)
            const full = await fullRunBeside(state)
            expect(hashTree(out, ["report.json"])).toEqual(hashTree(full.out, ["report.json"]))
          }
        } finally {
          github.repo.head = base
        }
      }),
      { numRuns: 12, seed: 20261125 }
    )
    // Some 80 runs of the CLI in this process: 75 s on a quiet machine, 161-176 s alone at load 15, and over 240 s
    // inside a full `npm test` at that load. The limit guards against a hang, not a speed.
  }, 600_000)
})
