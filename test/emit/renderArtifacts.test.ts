/** The artifact set of a run: windows, empty feeds, notes left out, day files, metadata arriving later. */
import { assert, describe, it } from "@effect/vitest"
import { renderArtifacts } from "../../src/emit/renderArtifacts.ts"
import { samplePapers, samplePipeline } from "./fixtures/samplePapers.ts"
import { readBibtex, textOf, validateAtom, validateJsonFeed } from "./readers.ts"

const render = (papers = samplePapers(), feeds: Record<string, number> = { days: 365, maxItems: 500 }) =>
  renderArtifacts({ pipeline: samplePipeline({ feeds }), papers, bibKeys: {} })

const text = (artifacts: ReturnType<typeof render>, path: string) => {
  const artifact = artifacts.find((a) => a.path === path)
  assert.isDefined(artifact, path)
  return textOf(artifact!)
}

const jsonIds = (artifacts: ReturnType<typeof render>, path: string): Array<string> =>
  (JSON.parse(text(artifacts, path)) as { items: Array<{ id: string }> }).items.map((i) => i.id)

describe("renderArtifacts", () => {
  it("the window holds the days ending at the newest announcement, newest first, capped", () => {
    assert.deepStrictEqual(jsonIds(render(samplePapers(), { days: 7, maxItems: 500 }), "feed.json"), [
      "https://arxiv.org/abs/2608.20337"
    ])
    const capped = jsonIds(render(samplePapers(), { days: 365, maxItems: 4 }), "feed.json")
    assert.deepStrictEqual(capped, [
      "https://arxiv.org/abs/2608.20337",
      "https://arxiv.org/abs/astro-ph/9812133",
      "https://arxiv.org/abs/astro-ph/0601001",
      "https://arxiv.org/abs/2510.03232"
    ])
    const archive = jsonIds(render(samplePapers(), { days: 7, maxItems: 1 }), "papers.json")
    assert.strictEqual(archive.length, samplePapers().length, "papers.json has no window")
  })

  it("an empty run still gives valid feeds, with fixed dates and no lastBuildDate", async () => {
    const artifacts = render([])
    assert.deepStrictEqual(
      artifacts.map((a) => a.path),
      [
        "rss.xml",
        "atom.xml",
        "feed.json",
        "code/rss.xml",
        "code/atom.xml",
        "code/feed.json",
        // the one pass's files in the order they end: papers.json is laid out last, newest day first
        "papers.bib",
        "papers.csl.json",
        "papers.json",
        "feeds.opml",
        "feeds-atom.opml",
        "feeds-json.opml"
      ]
    )
    const atom = text(artifacts, "atom.xml")
    assert.deepStrictEqual((await validateAtom([atom])).errors, [])
    assert.include(atom, "<updated>1970-01-01T00:00:00Z</updated>")
    assert.notInclude(text(artifacts, "rss.xml"), "lastBuildDate")
    assert.deepStrictEqual(validateJsonFeed(JSON.parse(text(artifacts, "feed.json"))), [])
    assert.deepStrictEqual(validateJsonFeed(JSON.parse(text(artifacts, "papers.json"))), [])
    assert.strictEqual(text(artifacts, "papers.bib"), "")
    assert.deepStrictEqual(JSON.parse(text(artifacts, "papers.csl.json")), [])
  })

  it("an empty code feed takes its date from the run's newest announcement", async () => {
    const artifacts = render(samplePapers(), { days: 7, maxItems: 500 })
    const code = text(artifacts, "code/atom.xml")
    assert.notInclude(code, "<entry>")
    assert.include(code, "<updated>2026-08-21T00:00:00Z</updated>")
    assert.deepStrictEqual((await validateAtom([code])).errors, [])
  })

  it("translator notes never reach any output", () => {
    const notes = samplePapers()
      .flatMap((p) => [p.paper.titleNote, p.paper.abstractNote])
      .filter((n): n is string => n !== null)
    assert.isAbove(notes.length, 3)
    for (const artifact of render()) {
      const body = textOf(artifact)
      for (const note of notes) assert.notInclude(body, note.slice(0, 12), artifact.path)
    }
  })

  it("day files split papers.bib by announcement day, each paper once", () => {
    const artifacts = render()
    const all = readBibtex(text(artifacts, "papers.bib")).entries.map((e) => e.key)
    const days = artifacts
      .filter((a) => a.path.startsWith("bib/"))
      .flatMap((a) => readBibtex(textOf(a)).entries.map((e) => e.key))
    assert.deepStrictEqual([...days].sort(), [...all].sort())
  })

  it("metadata arriving later updates the same item: same id, same key, richer content", () => {
    const before = render(samplePapers({ metadata: false }))
    const after = renderArtifacts({
      pipeline: samplePipeline({ feeds: { days: 365, maxItems: 500 } }),
      papers: samplePapers({ metadata: true }),
      bibKeys: Object.fromEntries(
        readBibtex(text(before, "papers.bib")).entries.map((e) => [e.fields["eprint"], e.key])
      )
    })
    assert.deepStrictEqual(jsonIds(after, "feed.json").sort(), jsonIds(before, "feed.json").sort())
    const keyOf = (artifacts: ReturnType<typeof render>) =>
      readBibtex(text(artifacts, "papers.bib")).entries.find((e) => e.fields["eprint"] === "2510.03232")
    assert.strictEqual(keyOf(after)?.key, keyOf(before)?.key)
    assert.strictEqual(keyOf(after)?.fields.author?.length, 4)
    assert.strictEqual(keyOf(before)?.fields.author?.length, 1)
  })
})
