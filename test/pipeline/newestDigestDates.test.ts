/** The dates a sliced run's refresh windows end at: the newest listed digest of each kind, of the pipeline's servers. */
import { assert, describe, it } from "@effect/vitest"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import { newestDigestDates } from "../../src/pipeline/incremental/Incremental.ts"

const listed = (path: string) => ({
  path,
  date: IsoDate.make(path.match(/\d{4}-\d{2}-\d{2}/)?.[0] ?? "2000-01-01"),
  sha: "0",
  changed: false
})

describe("newestDigestDates", () => {
  const listing = [
    "d/2026-08-19-arxiv.md",
    "d/2026-08-21-arxiv.md",
    "d/2026-08-18-biorxiv.md",
    "d/2026-08-19-medrxiv.md",
    "d/2026-08-22.md",
    "d/api/daily/2026-08-23.json"
  ].map(listed)

  it("takes arXiv digests alone and bioRxiv/medRxiv digests together; summaries and JSON do not count", () => {
    assert.deepStrictEqual(newestDigestDates(listing, ["arxiv", "biorxiv", "medrxiv"]), {
      arxiv: IsoDate.make("2026-08-21"),
      rxiv: IsoDate.make("2026-08-19")
    })
  })

  it("leaves out the servers the pipeline leaves out, and says undefined when a kind is not listed", () => {
    assert.deepStrictEqual(newestDigestDates(listing, ["arxiv", "biorxiv"]), {
      arxiv: IsoDate.make("2026-08-21"),
      rxiv: IsoDate.make("2026-08-18")
    })
    assert.deepStrictEqual(newestDigestDates(listing, ["medrxiv"]), {
      arxiv: undefined,
      rxiv: IsoDate.make("2026-08-19")
    })
  })
})
