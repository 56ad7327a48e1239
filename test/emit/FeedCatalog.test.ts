import { describe, expect, it } from "vitest"
import { ArxivMetadata } from "../../src/domain/ArxivMetadata.ts"
import { EnrichedPaper } from "../../src/domain/EnrichedPaper.ts"
import {
  archiveCategories,
  categorySlug,
  feedCatalog,
  feedGroupLabel,
  feedGroups
} from "../../src/emit/FeedCatalog.ts"
import { feedWindow } from "../../src/emit/feedWindow.ts"
import {
  type ArxivEnrichedPaper,
  buildAnyEnrichedPaper,
  buildRxivMetadata,
  buildRxivPaper
} from "../support/paperFixtures.ts"
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

describe("feed groups of bioRxiv/medRxiv papers", () => {
  const neuro = buildAnyEnrichedPaper(
    buildRxivPaper("10.1101/2026.04.29.000001"),
    buildRxivMetadata("10.1101/2026.04.29.000001", { category: "neuroscience" })
  )
  const infectious = buildAnyEnrichedPaper(
    buildRxivPaper("10.1101/2026.04.29.000002", { server: "medrxiv" }),
    buildRxivMetadata("10.1101/2026.04.29.000002", { server: "medrxiv", category: "Infectious Diseases" })
  )
  const pending = buildAnyEnrichedPaper(buildRxivPaper("10.1101/2026.04.29.000003", { server: "medrxiv" }))

  it("archive categories name the server: `<server>:` for every paper, `<server>:<category>` once known", () => {
    expect(archiveCategories([neuro, infectious, pending])).toEqual([
      "biorxiv:",
      "biorxiv:neuroscience",
      "medrxiv:",
      "medrxiv:Infectious Diseases"
    ])
  })

  it("server feeds exist only for servers the archive has; their categories under the server's folder", () => {
    const folders = (window: ReadonlyArray<EnrichedPaper>, categories: ReadonlyArray<string>) =>
      feedGroups("T", window, categories).map((group) => group.folder)
    expect(folders([], [])).toEqual(["", "code"])
    expect(folders([], archiveCategories([neuro, infectious]))).toEqual([
      "",
      "biorxiv",
      "medrxiv",
      "code",
      "biorxiv/category/neuroscience",
      "medrxiv/category/infectious-diseases"
    ])
    // a server of the window alone (nothing persisted yet) gets its feeds too
    expect(folders([pending], [])).toEqual(["", "medrxiv", "code"])
  })

  it("a server category feed stays (empty) when the window has none of its papers; main stays arXiv's", () => {
    const groups = feedGroups("T", [pending], archiveCategories([neuro, infectious, pending]))
    const byKey = new Map(groups.map((group) => [group.key, group]))
    expect(byKey.get("category:biorxiv:neuroscience")?.papers).toEqual([])
    expect(byKey.get("server:medrxiv")?.papers).toEqual([pending])
    expect(byKey.get("main")?.papers).toEqual([])
    expect(byKey.get("category:medrxiv:Infectious Diseases")?.title).toBe("T · medRxiv · Infectious Diseases")
    expect(feedGroupLabel("category:medrxiv:Infectious Diseases")).toBe("medRxiv · Infectious Diseases")
    expect(feedGroupLabel("server:biorxiv")).toBe("bioRxiv")
  })

  it("slugs: lower case, runs of anything but [a-z0-9] become one `-`; no path escapes", () => {
    expect(categorySlug("infectious diseases")).toBe("infectious-diseases")
    expect(categorySlug("Genetic and Genomic Medicine")).toBe("genetic-and-genomic-medicine")
    expect(categorySlug("HIV/AIDS")).toBe("hiv-aids")
    expect(categorySlug("../../etc")).toBe("etc")
    const paths = feedCatalog(feedGroups("T", [], ["biorxiv:../..", "biorxiv:a/../b"])).map((e) => e.path)
    expect(paths.every((path) => !path.includes(".."))).toBe(true)
    expect(paths).toContain("biorxiv/category/a-b/rss.xml")
    expect(paths.some((path) => path.startsWith("biorxiv/category//"))).toBe(false)
  })

  it("the window caps each server separately: bioRxiv papers never push arXiv ones out", () => {
    const arxiv = samplePapers().filter((paper) => paper.paper.firstSeen === "2025-10-06")
    const biorxiv = ["01", "02", "03"].map((n) =>
      buildAnyEnrichedPaper(buildRxivPaper(`10.1101/2025.10.06.0000${n}`, { firstSeen: "2025-10-06" }))
    )
    const window = feedWindow([...arxiv, ...biorxiv], { days: 1, maxItems: 2 })
    expect(window.filter((paper) => paper.paper.server === "arxiv")).toHaveLength(2)
    expect(window.filter((paper) => paper.paper.server === "biorxiv")).toHaveLength(2)
  })
})
