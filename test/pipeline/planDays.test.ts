/** Which days a run renders again: every day whose papers can have changed, and no other. */
import { describe, expect, it } from "vitest"
import { ArxivId } from "../../src/domain/ArxivId.ts"
import { Doi } from "../../src/domain/Doi.ts"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import type { PaperKey } from "../../src/domain/PaperKey.ts"
import { announcements, type PlanInput, planDays } from "../../src/pipeline/incremental/planDays.ts"

const digest = (date: string, ...ids: ReadonlyArray<string>) => ({
  path: `${date}-arxiv.md`,
  date: IsoDate.make(date),
  ids: ids.map((id) => ArxivId.make(id))
})

// The newest digest is always rendered (the feeds' window): an unrelated one keeps it out of the way.
const NEWEST = digest("2025-12-31", "2512.00001")

const plan = (
  previous: ReadonlyArray<ReturnType<typeof digest>>,
  current: ReadonlyArray<ReturnType<typeof digest>>,
  extra: Partial<PlanInput> = {}
) => {
  const before = new Map(previous.map((d) => [d.path, d.ids.join()]))
  const after = new Map(current.map((d) => [d.path, d.ids.join()]))
  const changed = new Set(
    [...before.keys(), ...after.keys()].filter((path) => before.get(path) !== after.get(path))
  )
  const result = planDays({
    previous: [...previous, NEWEST],
    current: [...current, NEWEST],
    changed,
    askAgain: [],
    renderedBefore: new Set([...previous, NEWEST].map((d) => d.date)),
    refreshDays: 0,
    windowDays: 1,
    ...extra
  })
  return [...result.dirty].filter((day) => day !== NEWEST.date).sort()
}

describe("planDays", () => {
  it("renders nothing but the window when nothing changed", () => {
    const digests = [digest("2025-10-01", "2510.00001"), digest("2025-10-02", "2510.00002")]
    expect(plan(digests, digests)).toEqual([])
  })

  it("renders a new digest's day, and the days its papers leave (announced earlier now)", () => {
    const previous = [digest("2025-10-02", "2510.00001", "2510.00002")]
    const current = [digest("2025-10-01", "2510.00001"), ...previous]
    expect(plan(previous, current)).toEqual(["2025-10-01", "2025-10-02"])
  })

  it("renders the later day a paper moves to when its first digest drops it", () => {
    const previous = [
      digest("2025-10-01", "2510.00001", "2510.00002"),
      digest("2025-10-05", "2510.00001", "2510.00005")
    ]
    const current = [digest("2025-10-01", "2510.00002"), previous[1]!]
    expect(plan(previous, current)).toEqual(["2025-10-01", "2025-10-05"])
  })

  it("renders the day a deleted digest shared with another digest of the same date", () => {
    const other = { ...digest("2025-10-01", "2510.00002"), path: "2025-10-01-biorxiv.md" }
    const previous = [digest("2025-10-01", "2510.00001"), other]
    expect(plan(previous, [other])).toEqual(["2025-10-01"])
  })

  it("renders the day of a paper whose later digest was deleted (its digest dates changed)", () => {
    const previous = [digest("2025-10-01", "2510.00001"), digest("2025-10-05", "2510.00001")]
    expect(plan(previous, previous.slice(0, 1))).toEqual(["2025-10-01"])
  })

  it("renders the day of a changed digest whose other papers were all announced before", () => {
    const previous = [digest("2025-10-01", "2510.00001"), digest("2025-10-05", "2510.00001")]
    const current = [previous[0]!, digest("2025-10-05", "2510.00001", "2510.00009")]
    expect(plan(previous, current)).toEqual(["2025-10-01", "2025-10-05"])
  })

  it("renders the days of papers asked again, of recent papers, and of days never rendered", () => {
    const digests = [
      digest("2025-10-01", "2510.00001"),
      digest("2025-12-20", "2512.00020"),
      digest("2025-12-29", "2512.00029")
    ]
    expect(plan(digests, digests, { askAgain: [ArxivId.make("2510.00001")] })).toEqual(["2025-10-01"])
    expect(plan(digests, digests, { refreshDays: 2 })).toEqual(["2025-12-29"])
    expect(plan(digests, digests, { windowDays: 12 })).toEqual(["2025-12-20", "2025-12-29"])
    // 2025-10-01 too: the day after it appeared, so its page's "next day" link changes
    expect(plan(digests, digests, { renderedBefore: new Set([IsoDate.make("2025-10-01")]) })).toEqual([
      "2025-10-01",
      "2025-12-20",
      "2025-12-29"
    ])
  })

  it("renders the days around a day that appeared or went: their pages link their neighbours", () => {
    const days = ["2025-10-01", "2025-10-03", "2025-10-05", "2025-10-09"].map((day, at) =>
      digest(day, `2510.1000${at}`)
    )
    const [first, second, third, fourth] = days as [
      typeof NEWEST,
      typeof NEWEST,
      typeof NEWEST,
      typeof NEWEST
    ]
    // an old digest arrives late, between two published days
    const late = digest("2025-10-04", "2510.00004")
    expect(plan(days, [...days, late])).toEqual(["2025-10-03", "2025-10-04", "2025-10-05"])
    // a day goes (its digest deleted): the days before and after it link each other now
    expect(plan(days, [first, second, fourth]).filter((day) => day !== third.date)).toEqual([
      "2025-10-03",
      "2025-10-09"
    ])
    expect(plan(days, [second, third, fourth]).filter((day) => day !== first.date)).toEqual(["2025-10-03"])
  })

  it("wants every paper of a dirty day, and every digest holding one of them", () => {
    const result = planDays({
      previous: [],
      current: [digest("2025-10-01", "2510.00001"), digest("2025-10-03", "2510.00001", "2510.00003")],
      changed: new Set(["2025-10-01-arxiv.md"]),
      askAgain: [],
      renderedBefore: new Set([IsoDate.make("2025-10-01"), IsoDate.make("2025-10-03")]),
      refreshDays: 0,
      windowDays: 1
    })
    expect([...result.wanted].sort()).toEqual(["2510.00001", "2510.00003"])
    expect([...result.files].sort()).toEqual(["2025-10-01-arxiv.md", "2025-10-03-arxiv.md"])
  })
})

describe("announcements", () => {
  it("restricted to some ids: the same first dates for those ids, nothing for the others", () => {
    const digests = [
      digest("2025-10-07", "2510.00001", "2510.00002"),
      digest("2025-10-06", "2510.00002", "2510.00003"),
      digest("2025-10-08", "2510.00001", "2510.00004")
    ]
    const only = new Set<PaperKey>([ArxivId.make("2510.00002"), ArxivId.make("2510.00004")])
    const all = announcements(digests)
    expect([...announcements(digests, only)].sort()).toEqual([...all].filter(([id]) => only.has(id)).sort())
    expect(all.get(ArxivId.make("2510.00002"))).toBe("2025-10-06")
  })

  it("each server's feed window ends on its own newest announcement, whatever the digests' order", () => {
    const rxiv = (date: string, ...ids: ReadonlyArray<string>) => ({
      path: `${date}-biorxiv.md`,
      date: IsoDate.make(date),
      ids: ids.map((id) => Doi.make(id))
    })
    // the newest bioRxiv digest only repeats an older paper: its window ends on that paper's first day
    const digests = [
      rxiv("2025-10-09", "10.1101/2025.10.01.000001"),
      digest("2025-10-09", "2510.00009"),
      rxiv("2025-10-03", "10.1101/2025.10.01.000001"),
      digest("2025-10-01", "2510.00001")
    ]
    for (const current of [digests, [...digests].reverse()]) {
      const { dirty } = planDays({
        previous: current,
        current,
        changed: new Set(),
        askAgain: [],
        renderedBefore: new Set(current.map((d) => d.date)),
        refreshDays: 0,
        windowDays: 1
      })
      expect([...dirty].sort()).toEqual(["2025-10-03", "2025-10-09"])
    }
  })
})
