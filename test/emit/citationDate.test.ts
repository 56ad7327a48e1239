/**
 * An arXiv paper is cited at its first version's date: arXiv's when known; before that (offline, pending) the
 * month its id was given, never the digest's date, which for an old paper is years later. The BibTeX key's
 * year is the same, so a key made before arXiv answers does not contradict the entry once it has.
 */
import { assert, describe, it } from "@effect/vitest"
import { baseBibKey } from "../../src/emit/BibKeys.ts"
import { toFeedItem } from "../../src/emit/FeedItem.ts"
import { renderBibtexEntry } from "../../src/emit/renderBibtex.ts"
import { cslItem } from "../../src/emit/renderCslJson.ts"
import { buildEnrichedPaper, buildMetadata, buildPaper } from "../support/paperFixtures.ts"

const site = { siteUrl: "https://example.github.io/digest-feeds/", language: "zh-CN" }

const cited = (id: string, firstSeen: string, published?: string) => {
  const paper = buildEnrichedPaper(
    buildPaper(id, { firstSeen, author: "David R. Bickel" }),
    published === undefined ? null : buildMetadata(id, { published, authors: ["David R. Bickel"] })
  )
  const item = toFeedItem(paper, site, { html: false })
  const bib = renderBibtexEntry(item, "k")
  return {
    year: bib.match(/ year += \{(\d+)\}/)?.[1],
    month: bib.match(/ month += (\w+)/)?.[1],
    issued: cslItem(item, "k").issued["date-parts"][0],
    key: baseBibKey(paper)
  }
}

describe("an arXiv paper's citation date", () => {
  it("is the month of its id while arXiv has not answered: an old paper in a new digest", () => {
    assert.deepStrictEqual(cited("q-bio/0404033", "2025-11-13"), {
      year: "2004",
      month: "apr",
      issued: [2004, 4],
      key: "bickel2004arxiv0404033"
    })
    assert.deepStrictEqual(cited("astro-ph/9812133", "2025-10-06").issued, [1998, 12])
    assert.deepStrictEqual(cited("1810.04384", "2025-11-13").issued, [2018, 10])
  })

  it("keeps the announcement day when it falls in the id's month, and not when v1 came the month before", () => {
    assert.deepStrictEqual(cited("2510.03232", "2025-10-06").issued, [2025, 10, 6])
    const lastDay = cited("2512.24001", "2026-01-02")
    assert.deepStrictEqual([lastDay.year, lastDay.month, lastDay.issued], ["2025", "dec", [2025, 12]])
    assert.match(lastDay.key, /^bickel2025/)
  })

  it("is arXiv's first-version date once arXiv has answered", () => {
    assert.deepStrictEqual(cited("q-bio/0404033", "2025-11-13", "2004-04-21T10:00:00Z"), {
      year: "2004",
      month: "apr",
      issued: [2004, 4, 21],
      key: "bickel2004arxiv0404033"
    })
  })
})
