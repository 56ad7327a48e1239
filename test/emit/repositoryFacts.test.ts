/**
 * What GitHub said of a linked repository (pipeline setting `enrich.githubFacts`) reaches the outputs: the JSON
 * Feed extension carries every fact, a feed item's HTML and the site's paper item its stars and whether it is
 * archived; a link without facts is rendered as before.
 */
import { assert, describe, it } from "@effect/vitest"
import { CodeLink, RepoFacts } from "../../src/domain/CodeLink.ts"
import { EnrichedPaper } from "../../src/domain/EnrichedPaper.ts"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import { renderArtifacts } from "../../src/emit/renderArtifacts.ts"
import { renderPaperItem } from "../../src/emit/site/renderPaperItem.ts"
import { codeLink } from "../support/paperFixtures.ts"
import { samplePapers, samplePipeline } from "./fixtures/samplePapers.ts"
import { textOf, validateJsonFeed } from "./readers.ts"

const facts = RepoFacts.make({
  nameWithOwner: "Example/Circuit-Maps",
  stars: 1234,
  archived: true,
  description: "Maps of circuits <b>& more</b>",
  checkedOn: IsoDate.make("2025-10-07")
})

// SYNTHETIC links on a real sample paper: one with GitHub's facts, one without.
const [first, ...rest] = samplePapers()
const withFacts = EnrichedPaper.make({
  paper: first!.paper,
  metadata: first!.metadata,
  codeLinks: [
    CodeLink.make({
      url: "https://github.com/example/circuit-maps",
      kind: "github",
      foundIn: ["abstract_zh"],
      repository: facts
    }),
    codeLink("https://huggingface.co/example/model", "huggingface-model", ["abstract_en"])
  ]
})
const artifacts = renderArtifacts({ pipeline: samplePipeline(), papers: [withFacts, ...rest], bibKeys: {} })

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON is untyped; the assertions check it
const itemOf = (path: string): Record<string, any> => {
  const artifact = artifacts.find((a) => a.path === path)
  assert.isDefined(artifact, `no artifact ${path}`)
  const feed = JSON.parse(textOf(artifact!))
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const item = feed.items.find((i: any) => i._arxiv?.id === first!.paper.id)
  assert.isDefined(item, `${first!.paper.id} is not in ${path}`)
  return item
}

describe("GitHub's facts of a linked repository", () => {
  it("are in the JSON Feed extension of papers.json and feed.json, which stay valid", () => {
    for (const path of ["papers.json", "feed.json"]) {
      assert.deepStrictEqual(itemOf(path)["_arxiv"]["code_links"], [
        {
          url: "https://github.com/example/circuit-maps",
          kind: "github",
          found_in: ["abstract_zh"],
          repository: {
            name_with_owner: "Example/Circuit-Maps",
            stars: 1234,
            archived: true,
            description: "Maps of circuits <b>& more</b>",
            checked_on: "2025-10-07"
          }
        },
        { url: "https://huggingface.co/example/model", kind: "huggingface-model", found_in: ["abstract_en"] }
      ])
    }
    for (const path of ["papers.json", "feed.json", "code/feed.json"]) {
      const artifact = artifacts.find((a) => a.path === path)
      assert.deepStrictEqual(validateJsonFeed(JSON.parse(textOf(artifact!))), [], path)
    }
  })

  it("show their stars and that the repository is archived in a reader's item and on the site", () => {
    const html = itemOf("feed.json")["content_html"] as string
    assert.include(html, ">https://github.com/example/circuit-maps</a>（★ 1234，已归档）</li>")
    assert.include(html, ">https://huggingface.co/example/model</a></li>")
    const page = renderPaperItem(withFacts)
    assert.match(page, /GitHub · example\/circuit-maps<\/a>（★ 1234，已归档）<\/li>/)
    assert.notInclude(page, "Maps of circuits", "the description is data for programs, not the page")
  })
})
