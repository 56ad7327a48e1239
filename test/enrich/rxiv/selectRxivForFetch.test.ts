/** Which bioRxiv/medRxiv DOIs a run refreshes: the window ends at the run's newest digest date when given. */
import { assert, describe, it } from "@effect/vitest"
import { IsoDate } from "../../../src/domain/IsoDate.ts"
import type { RxivPaper } from "../../../src/domain/Paper.ts"
import { CachedRxivMetadata, cacheKey, type RxivCache } from "../../../src/enrich/rxiv/RxivCache.ts"
import { selectRxivForFetch } from "../../../src/enrich/rxiv/selectRxivForFetch.ts"
import { buildRxivMetadata, buildRxivPaper } from "../../support/paperFixtures.ts"

const TODAY = IsoDate.make("2026-05-20")
const policy = { today: TODAY, refreshDays: 2, refreshLimit: 100 }

/** A paper listed once, on `day`, cached (fetched on 2026-05-12, after its posting) and not yet published. */
const listed = (doi: string, day: string) => buildRxivPaper(doi, { firstSeen: day }) as RxivPaper
const cacheOf = (papers: ReadonlyArray<RxivPaper>): RxivCache =>
  new Map(
    papers.map((paper) => [
      cacheKey(paper.server, paper.id),
      CachedRxivMetadata.make({
        fetchedOn: IsoDate.make("2026-05-12"),
        metadata: buildRxivMetadata(paper.id, { date: paper.firstSeen })
      })
    ])
  )
const wantedOf = (selection: ReturnType<typeof selectRxivForFetch>) =>
  selection.wanted.map(({ doi }) => doi as string)

describe("selectRxivForFetch refreshes", () => {
  // a slice's papers: its newest digest date is 2026-05-09, the run's (newest) 2026-05-11
  const papers = [
    listed("10.1101/2026.05.07.000001", "2026-05-07"),
    listed("10.1101/2026.05.08.000002", "2026-05-08"),
    listed("10.1101/2026.05.09.000003", "2026-05-09")
  ]
  const cache = cacheOf(papers)

  it("without policy.newest, measures the window from the papers' newest date, as before", () => {
    assert.deepStrictEqual(wantedOf(selectRxivForFetch(papers, cache, policy)), [
      "10.1101/2026.05.09.000003",
      "10.1101/2026.05.08.000002",
      "10.1101/2026.05.07.000001"
    ])
  })

  it("with policy.newest (a slice), refreshes only papers within refreshDays of the run's newest date", () => {
    const run = selectRxivForFetch(papers, cache, { ...policy, newest: IsoDate.make("2026-05-11") })
    assert.deepStrictEqual(wantedOf(run), ["10.1101/2026.05.09.000003"])
    assert.deepStrictEqual([...run.reasons], [[cacheKey("biorxiv", "10.1101/2026.05.09.000003"), "refresh"]])
    // a slice long before the run's newest date refreshes nothing; a new DOI is asked all the same
    const fresh = listed("10.1101/2026.05.09.000004", "2026-05-09")
    const early = selectRxivForFetch([...papers, fresh], cache, {
      ...policy,
      newest: IsoDate.make("2026-05-19")
    })
    assert.deepStrictEqual(wantedOf(early), ["10.1101/2026.05.09.000004"])
    assert.strictEqual(early.reasons.get(cacheKey("biorxiv", fresh.id)), "new")
  })
})
