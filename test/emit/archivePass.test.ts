/**
 * The one pass (archivePass + stagePass) against the renderer it replaced (renderArchiveReference + one
 * stageArtifact per file): on random archives (arXiv and bioRxiv papers, topics that match some, empty days,
 * days copied from a previous publish whose bytes differ from what a render would give), every file has the
 * same bytes, hash and recorded day sections, both through the real staging writer.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import fc from "fast-check"
import type { EnrichedPaper } from "../../src/domain/EnrichedPaper.ts"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import type { CopyRange, SiteRender } from "../../src/emit/Artifact.ts"
import { assignBibKeys } from "../../src/emit/BibKeys.ts"
import { archiveCategories } from "../../src/emit/FeedCatalog.ts"
import { feedWindow } from "../../src/emit/feedWindow.ts"
import {
  type ArchiveDay,
  type ArchiveInput,
  CUMULATIVE_FILES,
  daysOf,
  renderArchive,
  topicBibPath
} from "../../src/emit/renderArtifacts.ts"
import { PublishError } from "../../src/pipeline/incremental/PublishError.ts"
import { type StagedBytes, stageArtifact, stagePass } from "../../src/pipeline/incremental/stageArtifact.ts"
import { tempDir } from "../support/cli.ts"
import {
  buildAnyEnrichedPaper,
  buildEnrichedPaper,
  buildMetadata,
  buildPaper,
  buildRxivMetadata,
  buildRxivPaper
} from "../support/paperFixtures.ts"
import { hostileText } from "./arbitraries.ts"
import { samplePipeline } from "./fixtures/samplePapers.ts"
import { renderArchiveReference } from "./renderArchiveReference.ts"

const pipeline = samplePipeline({
  feeds: { days: 3, maxItems: 5 },
  topics: [
    { name: "agents", title: "Agents", any: ["agent", "智能体"] },
    { name: "diffusion", title: "Diffusion", any: ["diffusion"], none: ["survey"], categories: ["cs.CV"] },
    { name: "nothing", title: "Nothing", any: ["zzzz-never"] }
  ]
})
const DAYS = ["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05"].map((day) =>
  IsoDate.make(day)
)

const paperSpec = fc.record({
  day: fc.integer({ min: 0, max: DAYS.length - 1 }),
  rxiv: fc.boolean(),
  metadata: fc.boolean(),
  title: fc.oneof(
    hostileText,
    fc.constantFrom("An agent for diffusion", "智能体 survey", "Diffusion survey", "Plain")
  ),
  abstract: fc.oneof(hostileText, fc.constantFrom("multi agent diffusion", "无")),
  author: fc.constantFrom("Ada Lovelace", "Dirk Wübben", "张三")
})

/** The papers of the specs; `previous` marks every title, as if the last run had published other texts. */
const build = (
  specs: ReadonlyArray<typeof paperSpec extends fc.Arbitrary<infer A> ? A : never>,
  previous: boolean
) =>
  specs.map((spec, index): EnrichedPaper => {
    const firstSeen = DAYS[spec.day] ?? DAYS[0]!
    const title = previous ? `${spec.title} (as published before)` : spec.title
    const texts = {
      firstSeen,
      title,
      abstract: spec.abstract,
      author: spec.author,
      file: "generated.md",
      line: index
    }
    if (spec.rxiv) {
      const doi = `10.1101/2025.10.${String(index).padStart(4, "0")}`
      return buildAnyEnrichedPaper(
        buildRxivPaper(doi, texts),
        spec.metadata ? buildRxivMetadata(doi, { title, abstract: spec.abstract }) : null
      )
    }
    const id = `2510.${String(index).padStart(5, "0")}`
    return buildEnrichedPaper(
      buildPaper(id, texts),
      spec.metadata
        ? buildMetadata(id, { title, abstract: spec.abstract, authors: [spec.author], categories: ["cs.CV"] })
        : null
    )
  })

const archiveInput = (
  papers: ReadonlyArray<EnrichedPaper>,
  days: ReadonlyArray<ArchiveDay>
): ArchiveInput => ({
  pipeline,
  days,
  windowed: feedWindow(papers, pipeline.feeds),
  categories: archiveCategories(papers),
  bibKeys: assignBibKeys({}, papers)
})

interface StagedFile extends StagedBytes {
  readonly text: string
}

/** Every artifact staged on its own into `folder`, as the publisher did before the pass. */
const stageEach = (site: SiteRender, folder: string, previous: string) =>
  Effect.gen(function* () {
    const files = new Map<string, StagedFile>()
    for (const artifact of site.artifacts) {
      const target = join(folder, artifact.path)
      mkdirSync(dirname(target), { recursive: true })
      const staged = yield* stageArtifact({
        content: artifact.content,
        target,
        previous: join(previous, artifact.path)
      })
      files.set(artifact.path, { ...staged, text: readFileSync(target, "utf8") })
    }
    return files
  })

/** The site's passes staged into `folder` (scratch files under .scratch), then its artifacts. */
const stageWithPasses = (site: SiteRender, folder: string, previous: string) =>
  Effect.gen(function* () {
    const files = new Map<string, StagedFile>()
    for (const pass of site.passes ?? []) {
      const where = (path: string) =>
        pass.scratch.includes(path) ? join(folder, ".scratch", path) : join(folder, path)
      const staged = yield* stagePass(pass.events, {
        target: (path) =>
          Effect.sync(() => {
            mkdirSync(dirname(where(path)), { recursive: true })
            return where(path)
          }),
        previous: (path) => join(previous, path)
      })
      for (const [path, bytes] of staged)
        if (!pass.scratch.includes(path))
          files.set(path, { ...bytes, text: readFileSync(where(path), "utf8") })
    }
    for (const [path, file] of yield* stageEach({ artifacts: site.artifacts, kept: [] }, folder, previous))
      files.set(path, file)
    return files
  })

/** A copied day as the last publish recorded it: its sections in the cumulative and topic files. */
const copiedDay = (day: IsoDate, published: ReadonlyMap<string, StagedFile>): ArchiveDay => {
  const range = (path: string) => published.get(path)?.sections[day]
  const topicBibs: Record<string, { offset: number; length: number }> = {}
  for (const topic of pipeline.topics) {
    const section = range(topicBibPath(topic.name))
    if (section !== undefined) topicBibs[topic.name] = section
  }
  const previous = Object.fromEntries(
    CUMULATIVE_FILES.map((file) => [file, range(file) ?? { offset: 0, length: 0 }])
  ) as Record<(typeof CUMULATIVE_FILES)[number], { offset: number; length: number }>
  return { day, previous, topicBibs }
}

const run = <A, E>(effect: Effect.Effect<A, E, NodeContext.NodeContext>) =>
  Effect.runPromise(Effect.provide(effect, NodeContext.layer))

describe("archivePass", () => {
  it("gives every file the reference's bytes, hash and sections, with copied and empty days", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(paperSpec, { maxLength: 14 }),
        fc.subarray(DAYS),
        fc.subarray(DAYS),
        async (specs, copy, empty) => {
          const papers = build(specs, false)
          const before = build(specs, true)
          const prev = tempDir("onepass-prev")
          const ref = tempDir("onepass-ref")
          const one = tempDir("onepass-one")
          try {
            const published = await run(
              stageEach(renderArchiveReference(archiveInput(before, daysOf(before))), prev, prev)
            )
            const rendered = daysOf(papers)
            const days: Array<ArchiveDay> = [
              ...rendered.map((day) => (copy.includes(day.day) ? copiedDay(day.day, published) : day)),
              // a rendered day without papers: no section anywhere, an empty bib/DAY.bib
              ...empty
                .filter((day) => !rendered.some((known) => known.day === day))
                .map((day) => ({ day, papers: () => [] }))
            ]
            const input = archiveInput(papers, days)
            const reference = renderArchiveReference(input)
            const onePass = renderArchive(input)
            const expected = await run(stageEach(reference, ref, prev))
            const actual = await run(stageWithPasses(onePass, one, prev))
            assert.deepStrictEqual([...actual.keys()].sort(), [...expected.keys()].sort())
            for (const [path, file] of expected) assert.deepStrictEqual(actual.get(path), file, path)
            assert.deepStrictEqual([...onePass.kept].sort(), [...reference.kept].sort())
          } finally {
            for (const folder of [prev, ref, one]) rmSync(folder, { recursive: true, force: true })
          }
        }
      ),
      { numRuns: 40 }
    )
    // 40 archives, each rendered twice and staged: 20-30 s alone, over 60 s beside the rest of the suite on 2 cores.
  }, 180_000)

  it("copies a run of adjacent unchanged days as one range that still records each day", async () => {
    const specs = DAYS.flatMap((_, day) =>
      [0, 1].map(() => ({
        day,
        rxiv: day % 2 === 0,
        metadata: true,
        title: "An agent",
        abstract: "无",
        author: "张三" as const
      }))
    )
    const papers = build(specs, false)
    const prev = tempDir("onepass-runs")
    try {
      const published = await run(
        stageEach(renderArchiveReference(archiveInput(papers, daysOf(papers))), prev, prev)
      )
      // every day but the newest copied: one range per file holding them all, where a copy a day was 4 before
      const days = daysOf(papers).map((day) => (day.day === DAYS[4] ? day : copiedDay(day.day, published)))
      const copies = new Map<string, Array<CopyRange>>()
      for (const event of renderArchive(archiveInput(papers, days)).passes![0]!.events)
        if ("chunk" in event && typeof event.chunk !== "string" && event.chunk._tag === "CopyRange")
          copies.set(event.path, [...(copies.get(event.path) ?? []), event.chunk])
      for (const file of ["papers.bib", "papers.csl.json", topicBibPath("agents")]) {
        const [only, ...more] = copies.get(file) ?? []
        assert.lengthOf(more, 0, file)
        assert.deepStrictEqual(
          only?.sections?.map((section) => section.day),
          DAYS.slice(0, 4),
          file
        )
      }
      // papers.json runs newest first: the four copied days after the rendered one, from the previous file
      const json = copies.get("papers.json") ?? []
      assert.deepStrictEqual(
        json.filter((copy) => copy.from === undefined).map((copy) => copy.sections?.map((s) => s.day)),
        [DAYS.slice(0, 4).reverse()]
      )
    } finally {
      rmSync(prev, { recursive: true, force: true })
    }
  })

  it("a copy that outruns the previous file is a PublishError naming it", async () => {
    const folder = tempDir("onepass-short")
    const previous = tempDir("onepass-short-prev")
    for (const file of CUMULATIVE_FILES) writeFileSync(join(previous, file), "abc")
    const range = { offset: 0, length: 10 }
    const papers = build(
      [{ day: 1, rxiv: false, metadata: true, title: "x", abstract: "y", author: "张三" }],
      false
    )
    const site = renderArchive(
      archiveInput(papers, [
        ...daysOf(papers),
        {
          day: DAYS[0]!,
          previous: { "papers.json": range, "papers.bib": range, "papers.csl.json": range },
          topicBibs: {}
        }
      ])
    )
    const error = await run(Effect.flip(stageWithPasses(site, folder, previous))).finally(() => {
      for (const made of [folder, previous]) rmSync(made, { recursive: true, force: true })
    })
    assert.instanceOf(error, PublishError)
    assert.include(error.message, `${join(previous, "papers.bib")} is shorter than the last run published it`)
  })
})
