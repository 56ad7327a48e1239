import { describe, expect, it } from "vitest"
import { ArxivMetadata } from "../../src/domain/ArxivMetadata.ts"
import { EnrichedPaper } from "../../src/domain/EnrichedPaper.ts"
import { archiveCategories, feedCatalog, feedGroups } from "../../src/emit/FeedCatalog.ts"
import type { ArxivEnrichedPaper } from "../support/paperFixtures.ts"
import { samplePapers } from "./fixtures/samplePapers.ts"

const withCategory = (paper: ArxivEnrichedPaper, primaryCategory: string): EnrichedPaper =>
  EnrichedPaper.make({
    ...paper,
    metadata: paper.metadata === null ? null : ArxivMetadata.make({ ...paper.metadata, primaryCategory })
  })

describe("feed groups", () => {
  const archive = samplePapers().filter((paper) => paper.metadata !== null)

  it("a category of the archive keeps its (empty) feed when no paper of the window has it", () => {
    const [recent, ...older] = archive
    const window = recent === undefined ? [] : [withCategory(recent, "cs.CV")]
    const groups = feedGroups(
      "T",
      window,
      archiveCategories([...window, ...older.map((paper) => withCategory(paper, "hep-th"))])
    )
    const hepTh = groups.find((group) => group.key === "category:hep-th")
    expect(hepTh?.folder).toBe("category/hep-th")
    expect(hepTh?.papers).toEqual([])
    expect(groups.find((group) => group.key === "category:cs.CV")?.papers).toHaveLength(1)
  })

  it("a category that is not an arXiv category name never becomes a path", () => {
    const hostile = archive.map((paper) => withCategory(paper, "../../etc"))
    const paths = feedCatalog(feedGroups("T", hostile, archiveCategories(hostile))).map((entry) => entry.path)
    expect(paths.every((path) => !path.includes(".."))).toBe(true)
    expect(paths).toContain("rss.xml")
  })
})
