/** The request planner: one test per rule, and a property tying the plan to both ways and the lower bound. */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { IsoDate } from "../../../src/domain/IsoDate.ts"
import type { RxivServer } from "../../../src/domain/RxivMetadata.ts"
import { planRxivRequests, type WantedDoi } from "../../../src/enrich/rxiv/planRxivRequests.ts"

const wanted = (server: RxivServer, date: string | null, n: number, from = 0): Array<WantedDoi> =>
  Array.from({ length: n }, (_, i) => ({
    doi: `10.1101/2024.01.01.${String(from + i).padStart(6, "0")}`,
    server,
    postedOn: date === null ? null : IsoDate.make(date)
  }))

const volume = (bio: number, med: number) => ({
  pageSize: 30,
  versionsPerDay: (server: RxivServer) => (server === "biorxiv" ? bio : med)
})

describe("planRxivRequests", () => {
  it("pages a day's interval when its pages cost fewer calls than its DOIs (a layout-A day: 161 DOIs)", () => {
    const plan = planRxivRequests(wanted("biorxiv", "2024-10-01", 161), volume(161, 46))
    assert.deepStrictEqual(plan.steps, [
      {
        _tag: "Interval",
        server: "biorxiv",
        from: IsoDate.make("2024-10-01"),
        to: IsoDate.make("2024-10-01"),
        dois: wanted("biorxiv", null, 161).map((w) => w.doi),
        pages: 6
      }
    ])
    assert.deepStrictEqual(
      [plan.requests, plan.perDoiRequests, plan.intervalRequests, plan.lowerBound],
      [6, 161, 6, 6]
    )
  })

  it("asks DOI by DOI when a day's pages would cost as much or more (a normal night's medRxiv 2 DOIs)", () => {
    const plan = planRxivRequests(wanted("medrxiv", "2026-08-20", 2), volume(161, 46))
    assert.deepStrictEqual(
      plan.steps.map((step) => step._tag),
      ["Doi", "Doi"]
    )
    assert.deepStrictEqual([plan.requests, plan.intervalRequests, plan.lowerBound], [2, 2, 1])
  })

  it("estimates at least one version per wanted DOI, whatever the volume estimate says", () => {
    const plan = planRxivRequests(wanted("biorxiv", "2026-08-20", 70), volume(0, 0))
    assert.deepStrictEqual([plan.requests, plan.intervalRequests], [3, 3])
  })

  it("asks DOIs without a posting date one by one", () => {
    const plan = planRxivRequests(
      [...wanted("biorxiv", null, 3), ...wanted("biorxiv", "2024-10-01", 100, 3)],
      volume(161, 46)
    )
    assert.deepStrictEqual(
      plan.steps.map((step) =>
        step._tag === "Doi" ? step.doi.slice(-1) : `${step.dois.length} in ${step.pages}`
      ),
      ["100 in 6", "0", "1", "2"]
    )
    assert.strictEqual(plan.requests, 9)
  })

  it("merges consecutive interval days of one server; a gap or another server starts a new interval", () => {
    const plan = planRxivRequests(
      [
        ...wanted("biorxiv", "2024-10-02", 50, 0),
        ...wanted("biorxiv", "2024-10-01", 50, 100),
        ...wanted("biorxiv", "2024-10-04", 50, 200),
        ...wanted("medrxiv", "2024-10-03", 40, 300)
      ],
      volume(45, 45)
    )
    assert.deepStrictEqual(
      plan.steps.map((step) =>
        step._tag === "Interval" ? [step.server, step.from, step.to, step.pages] : []
      ),
      [
        ["biorxiv", "2024-10-01", "2024-10-02", 4],
        ["biorxiv", "2024-10-04", "2024-10-04", 2],
        ["medrxiv", "2024-10-03", "2024-10-03", 2]
      ]
    )
    assert.strictEqual(plan.requests, 8)
    assert.strictEqual(plan.intervalRequests, 2 + 2 + 2 + 2)
  })

  it("counts each DOI once (the first posting date given wins)", () => {
    const doi = "10.1101/2024.01.01.000000"
    const plan = planRxivRequests(
      [
        { doi, server: "biorxiv", postedOn: null },
        { doi, server: "biorxiv", postedOn: IsoDate.make("2024-10-01") }
      ],
      volume(161, 46)
    )
    assert.deepStrictEqual([plan.steps.length, plan.perDoiRequests], [1, 1])
  })

  it("plans nothing for nothing", () => {
    const plan = planRxivRequests([], volume(161, 46))
    assert.deepStrictEqual([plan.steps, plan.requests, plan.lowerBound], [[], 0, 0])
  })

  it("never costs more than either way alone, nor less than the lower bound, and covers every DOI once", () => {
    const item = fc.record({
      n: fc.integer({ min: 0, max: 60 }),
      server: fc.constantFrom<RxivServer>("biorxiv", "medrxiv"),
      day: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null })
    })
    fc.assert(
      fc.property(fc.array(item, { maxLength: 12 }), fc.integer({ min: 0, max: 400 }), (groups, perDay) => {
        let from = 0
        const all = groups.flatMap((g) => {
          const date = g.day === null ? null : `2025-03-0${g.day}`
          from += g.n
          return wanted(g.server, date, g.n, from - g.n)
        })
        const plan = planRxivRequests(all, { pageSize: 30, versionsPerDay: () => perDay })
        assert.isAtMost(plan.requests, Math.min(plan.perDoiRequests, plan.intervalRequests))
        assert.isAtLeast(plan.requests, plan.lowerBound)
        const covered = plan.steps.flatMap((step) => (step._tag === "Doi" ? [step.doi] : step.dois))
        assert.strictEqual(covered.length, new Set(all.map((w) => w.doi)).size)
        assert.strictEqual(new Set(covered).size, covered.length)
      })
    )
  })
})
