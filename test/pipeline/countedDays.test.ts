/**
 * A day the run parses again is copied, not rendered, when its papers hash as the last run rendered them
 * (countedDays, papersSha256Of): the hash must see every field of a paper, and only a neighbour's arrival or an
 * unknown hash may render a day whose papers did not change.
 */
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, FastCheck as fc, Schema } from "effect"
import { EnrichedPaper } from "../../src/domain/EnrichedPaper.ts"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import { ArchivedDay, dayCounts, papersSha256Of } from "../../src/pipeline/incremental/ArchiveState.ts"
import { type CountedDay, countedDays } from "../../src/pipeline/incremental/archiveRun.ts"
import { buildEnrichedPaper, buildMetadata, buildPaper, codeLink } from "../support/paperFixtures.ts"

const MONDAY = IsoDate.make("2025-10-06")
const TUESDAY = IsoDate.make("2025-10-07")
const WEDNESDAY = IsoDate.make("2025-10-08")

const mondayPaper = buildEnrichedPaper(
  buildPaper("2510.00001", { firstSeen: MONDAY }),
  buildMetadata("2510.00001", { title: "Monday", authors: ["A. Author"] }),
  [codeLink("https://github.com/a/b", "github", ["abstract_zh"])]
)
const tuesdayPaper = buildEnrichedPaper(
  buildPaper("2510.00002", { firstSeen: TUESDAY }),
  buildMetadata("2510.00002", { title: "Tuesday", authors: ["B. Author"] })
)

/** The last run's record of a day: counts no run would compute (99 papers), so a copy is told from a render. */
const archived = (day: IsoDate, papersSha256: string | null, offset: number): ArchivedDay =>
  ArchivedDay.make({
    day,
    papers: 99,
    withMetadata: 99,
    withCode: 0,
    servers: { arxiv: 99 },
    categories: ["cs.CV"],
    sections: {
      "papers.json": { offset, length: 10 },
      "papers.bib": { offset, length: 20 },
      "papers.csl.json": { offset, length: 30 }
    },
    topicBibs: {},
    papersSha256
  })

const lastRun = (tuesdayHash: string | null) => ({
  digests: [],
  askAgain: [],
  days: [archived(MONDAY, papersSha256Of([mondayPaper]), 0), archived(TUESDAY, tuesdayHash, 10)]
})

const bothDirty = { dirty: new Set([MONDAY, TUESDAY]), days: new Set([MONDAY, TUESDAY]) }

const dayOf = (days: ReadonlyArray<CountedDay>, day: IsoDate): CountedDay => {
  const found = days.find((counted) => counted.day.day === day)
  if (found === undefined)
    throw new Error(`no ${day} in ${days.map((counted) => counted.day.day).join(", ")}`)
  return found
}

const isRendered = (counted: CountedDay): boolean => "papers" in counted.day

describe("countedDays", () => {
  it("copies a parsed day whose papers hash as last run's, with last run's counts and sections", () => {
    const days = countedDays(bothDirty, [mondayPaper, tuesdayPaper], lastRun(papersSha256Of([tuesdayPaper])))
    for (const day of [MONDAY, TUESDAY]) {
      const counted = dayOf(days, day)
      expect(isRendered(counted)).toBe(false)
      expect(counted.counts.papers).toBe(99)
    }
    expect(dayOf(days, TUESDAY).day).toStrictEqual({
      day: TUESDAY,
      previous: lastRun(null).days[1]?.sections,
      topicBibs: {}
    })
  })

  it.each([
    ["arXiv's title", { ...tuesdayPaper.metadata!, title: "Tuesday, revised" }, tuesdayPaper.codeLinks],
    ["arXiv's version", { ...tuesdayPaper.metadata!, version: 2 }, tuesdayPaper.codeLinks],
    ["a code link", tuesdayPaper.metadata, [codeLink("https://github.com/c/d", "github", ["abstract_en"])]]
  ])("renders a day when %s changed, with counts from its papers", (_change, metadata, codeLinks) => {
    const changed = EnrichedPaper.make(
      { paper: tuesdayPaper.paper, metadata: metadata as EnrichedPaper["metadata"], codeLinks },
      { disableValidation: true }
    )
    const days = countedDays(bothDirty, [mondayPaper, changed], lastRun(papersSha256Of([tuesdayPaper])))
    const tuesday = dayOf(days, TUESDAY)
    expect(isRendered(tuesday)).toBe(true)
    expect(tuesday.counts).toStrictEqual(dayCounts([changed], papersSha256Of([changed])))
    expect(tuesday.counts.papersSha256).not.toBe(papersSha256Of([tuesdayPaper]))
    expect(isRendered(dayOf(days, MONDAY))).toBe(false)
  })

  it("renders a day whose last hash is unknown (an archive of an earlier build)", () => {
    const days = countedDays(bothDirty, [mondayPaper, tuesdayPaper], lastRun(null))
    expect(isRendered(dayOf(days, TUESDAY))).toBe(true)
    expect(dayOf(days, TUESDAY).counts.papers).toBe(1)
    expect(isRendered(dayOf(days, MONDAY))).toBe(false)
  })

  it("renders an unchanged day whose neighbour appeared (its page links the new day)", () => {
    const wednesdayPaper = buildEnrichedPaper(buildPaper("2510.00003", { firstSeen: WEDNESDAY }))
    const withWednesday = {
      dirty: new Set([MONDAY, TUESDAY, WEDNESDAY]),
      days: new Set([MONDAY, TUESDAY, WEDNESDAY])
    }
    const days = countedDays(
      withWednesday,
      [mondayPaper, tuesdayPaper, wednesdayPaper],
      lastRun(papersSha256Of([tuesdayPaper]))
    )
    expect(days.map((counted) => [counted.day.day, isRendered(counted)])).toStrictEqual([
      [MONDAY, false],
      [TUESDAY, true],
      [WEDNESDAY, true]
    ])
  })

  it("copies the days the run did not parse from last run's record", () => {
    const mondayOnly = { dirty: new Set([MONDAY]), days: new Set([MONDAY, TUESDAY]) }
    const days = countedDays(mondayOnly, [mondayPaper], lastRun("no matter"))
    expect(isRendered(dayOf(days, TUESDAY))).toBe(false)
    expect(dayOf(days, TUESDAY).counts.papersSha256).toBe("no matter")
  })
})

describe("papersSha256Of", () => {
  const papers = Arbitrary.make(EnrichedPaper)

  it("hashes a text that holds every field of each paper", () => {
    fc.assert(
      fc.property(papers, (paper) => {
        // What is hashed is JSON.stringify of the paper: it must be the paper's whole encoding, nothing dropped.
        expect(JSON.parse(JSON.stringify(paper))).toStrictEqual(
          JSON.parse(JSON.stringify(Schema.encodeSync(EnrichedPaper)(paper)))
        )
        expect(Schema.decodeUnknownSync(EnrichedPaper)(JSON.parse(JSON.stringify(paper)))).toStrictEqual(
          paper
        )
      }),
      { numRuns: 100, seed: 20261203 }
    )
  })

  it("does not depend on the papers' order, and tells two different papers apart", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(papers, { selector: (paper) => paper.paper.id, minLength: 2, maxLength: 4 }),
        (day) => {
          const [first, second] = day
          expect(papersSha256Of([...day].reverse())).toBe(papersSha256Of(day))
          expect(papersSha256Of([first!])).not.toBe(papersSha256Of([second!]))
        }
      ),
      { numRuns: 50, seed: 20261203 }
    )
  })
})
