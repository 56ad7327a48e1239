import { describe, expect, it } from "vitest"
import { ArxivId } from "../../src/domain/ArxivId.ts"
import { Doi } from "../../src/domain/Doi.ts"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import { feedWindow } from "../../src/emit/feedWindow.ts"
import { planDays } from "../../src/pipeline/incremental/planDays.ts"
import {
  buildAnyEnrichedPaper,
  buildEnrichedPaper,
  buildPaper,
  buildRxivPaper
} from "../support/paperFixtures.ts"

// arXiv announces daily; bioRxiv's last digests failed for two months (as the sample's 2026-08-21 one did).
const arxivNew = buildEnrichedPaper(buildPaper("2608.00001", { firstSeen: "2026-08-21" }))
const arxivOld = buildEnrichedPaper(buildPaper("2606.00001", { firstSeen: "2026-06-19" }))
const bioNewest = buildAnyEnrichedPaper(
  buildRxivPaper("10.1101/2026.06.18.000001", { firstSeen: "2026-06-19" })
)
const bioOlder = buildAnyEnrichedPaper(
  buildRxivPaper("10.1101/2026.05.01.000002", { firstSeen: "2026-05-01" })
)
const window = { days: 7, maxItems: 500 }

describe("the feeds' window per server", () => {
  it("ends on each server's own newest announcement", () => {
    const ids = feedWindow([arxivOld, bioOlder, arxivNew, bioNewest], window).map((item) => item.paper.id)
    expect(ids).toEqual(["2608.00001", "10.1101/2026.06.18.000001"])
  })

  it("is rendered: planDays marks every server's window dirty, not only the newest server's", () => {
    const digest = (path: string, date: string, ids: ReadonlyArray<string>) => ({
      path,
      date: IsoDate.make(date),
      ids: ids.map((id) => (id.startsWith("10.") ? Doi.make(id) : ArxivId.make(id)))
    })
    const digests = [
      digest("2026-05-01-biorxiv.md", "2026-05-01", ["10.1101/2026.05.01.000002"]),
      digest("2026-06-19-biorxiv.md", "2026-06-19", ["10.1101/2026.06.18.000001"]),
      digest("2026-06-19-arxiv.md", "2026-06-19", ["2606.00001"]),
      digest("2026-08-21-arxiv.md", "2026-08-21", ["2608.00001"])
    ]
    const plan = planDays({
      previous: digests,
      current: digests,
      changed: new Set(),
      askAgain: [],
      renderedBefore: new Set(digests.map((d) => d.date)),
      refreshDays: 0,
      windowDays: 7
    })
    expect(plan.dirty.has(IsoDate.make("2026-06-19"))).toBe(true)
    expect(plan.dirty.has(IsoDate.make("2026-05-01"))).toBe(false)
  })
})
