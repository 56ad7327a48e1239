/** Which papers a topic selects, rule by rule (README "Topics"), and its window. */
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { ArxivMetadata } from "../../src/domain/ArxivMetadata.ts"
import { CodeLink } from "../../src/domain/CodeLink.ts"
import { EnrichedPaper } from "../../src/domain/EnrichedPaper.ts"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import { Paper } from "../../src/domain/Paper.ts"
import { Topic } from "../../src/domain/Topic.ts"
import { hasCode } from "../../src/emit/FeedCatalog.ts"
import { longestWindow, topicMatcher, topicText, topicWindow } from "../../src/emit/topicMatch.ts"
import { paperWith } from "./arbitraries.ts"

const topic = (fields: Record<string, unknown>) =>
  Schema.decodeUnknownSync(Topic)({ name: "t", title: "T", ...fields })

const digestOnly = (title: string, abstract = "", extra: Partial<Paper> = {}) => {
  const paper = paperWith({ title, abstract, author: "Ci-Siang Lin" })
  return new EnrichedPaper({ ...paper, paper: new Paper({ ...paper.paper, ...extra }) })
}
const withMetadata = (title: string, abstract: string, authors = ["Ci-Siang Lin", "Yu-Chiang Frank Wang"]) =>
  paperWith({ title: "中文标题", abstract: "中文摘要", author: "X", metadata: { title, abstract, authors } })
const withCodeLink = (paper: EnrichedPaper, kind: CodeLink["kind"]) =>
  new EnrichedPaper({
    ...paper,
    codeLinks: [new CodeLink({ url: "https://github.com/a/b", kind, foundIn: ["abstract_zh"] })]
  })

const selects = (fields: Record<string, unknown>, paper: EnrichedPaper) => topicMatcher(topic(fields))(paper)

describe("topic rule", () => {
  it("reads the digest's Chinese title and abstract, its English title, and arXiv's title and abstract", () => {
    assert.isTrue(selects({ any: ["扩散"] }, digestOnly("基于扩散的方法")))
    assert.isTrue(selects({ any: ["扩散"] }, digestOnly("标题", "我们提出扩散模型")))
    assert.isTrue(selects({ any: ["diffusion"] }, digestOnly("标题", "", { titleEn: "Diffusion Models" })))
    assert.isTrue(selects({ any: ["diffusion"] }, withMetadata("A Title", "We study Diffusion.")))
    assert.isTrue(selects({ any: ["title"] }, withMetadata("A Title", "")))
    // notes of the translator are not the paper's text
    assert.isFalse(selects({ any: ["注释"] }, digestOnly("标题", "", { titleNote: "注释" })))
    // texts are joined by line breaks: the end of one and the start of the next never make a word
    assert.strictEqual(topicText(withMetadata("Tail", "Head")), "中文标题\n中文摘要\ntail\nhead")
  })

  it("any needs one term, all every term, none no term; empty lists do not restrict", () => {
    const paper = withMetadata("Diffusion for LLM agents", "A survey-free study")
    assert.isTrue(selects({}, paper))
    assert.isTrue(selects({ any: ["gan", "diffusion"] }, paper))
    assert.isFalse(selects({ any: ["gan", "vae"] }, paper))
    assert.isTrue(selects({ all: ["diffusion", "agents"] }, paper))
    assert.isFalse(selects({ all: ["diffusion", "gan"] }, paper))
    assert.isFalse(selects({ any: ["diffusion"], none: ["survey"] }, paper))
    assert.isTrue(selects({ any: ["diffusion"], none: ["综述"] }, paper))
    assert.isFalse(selects({ any: ["agent"] }, paper), "agent is not a whole word in agents")
  })

  it("servers, categories and authors restrict only when non-empty", () => {
    const paper = withMetadata("Title", "Abstract")
    assert.isTrue(selects({ servers: ["arxiv"] }, paper))
    assert.isFalse(selects({ servers: ["biorxiv"] }, paper))
    assert.isTrue(selects({ categories: ["cs.AI"] }, paper), "any category, not only the primary")
    assert.isTrue(selects({ categories: ["CS.cv"] }, paper))
    assert.isFalse(selects({ categories: ["cs.LG"] }, paper))
    assert.isFalse(selects({ categories: ["cs.CV"] }, digestOnly("标题")), "no metadata, no categories")
    assert.isTrue(selects({ authors: ["frank wang"] }, paper))
    assert.isTrue(selects({ authors: ["nobody", "LIN"] }, paper))
    assert.isFalse(selects({ authors: ["Lin Ci"] }, paper))
    assert.isTrue(selects({ authors: ["ci-siang"] }, digestOnly("标题")), "the digest's first author")
    assert.isFalse(selects({ authors: ["Frank"] }, digestOnly("标题")))
  })

  it("hasCode keeps exactly the papers the code feed counts", () => {
    const plain = withMetadata("Title", "Abstract")
    for (const paper of [
      plain,
      withCodeLink(plain, "github"),
      withCodeLink(plain, "project-page"),
      withCodeLink(plain, "huggingface-model")
    ]) {
      assert.strictEqual(selects({ hasCode: true }, paper), hasCode(paper))
      assert.isTrue(selects({ hasCode: false }, paper))
    }
    assert.isFalse(hasCode(withCodeLink(plain, "project-page")))
  })
})

describe("the README's example", () => {
  const diffusion = topic({
    name: "diffusion",
    title: "扩散模型",
    any: ["diffusion", "扩散"],
    all: [],
    none: ["survey", "综述"],
    servers: ["arxiv"],
    categories: ["cs.CV", "cs.LG"],
    authors: [],
    hasCode: false,
    days: 30
  })
  const inCategories = (title: string, categories: ReadonlyArray<string>, zh = "中文标题") => {
    const paper = paperWith({
      title: zh,
      abstract: "",
      author: "A",
      metadata: { title, abstract: "", authors: ["A"] }
    })
    const metadata = paper.metadata!
    return new EnrichedPaper({
      ...paper,
      metadata: new ArxivMetadata({
        ...metadata,
        primaryCategory: categories[0]!,
        categories: [...categories]
      })
    })
  }
  const selected = topicMatcher(diffusion)

  it("selects and leaves the papers it says", () => {
    assert.isTrue(selected(inCategories("Diffusion Policies for Robot Manipulation", ["cs.RO", "cs.LG"])))
    assert.isFalse(selected(inCategories("A Survey of Diffusion Models", ["cs.CV"])))
    assert.isFalse(selected(inCategories("Stable Diffusion Without Diffusion", ["cs.CL"])))
    assert.isTrue(selected(inCategories("Image Editing", ["cs.CV"], "基于扩散模型的图像编辑")))
  })
})

describe("topic window", () => {
  const on = (day: string, id: string, title = "LLM") =>
    paperWith({ id, title, abstract: "", author: "A", firstSeen: day })
  const papers = [
    on("2025-10-06", "2510.00001"),
    on("2025-09-07", "2510.00002"),
    on("2025-09-06", "2510.00003"),
    on("2025-10-05", "2510.00004", "no match"),
    on("2025-10-04", "2510.00005")
  ]
  const ids = (selected: ReadonlyArray<EnrichedPaper>) => selected.map((paper) => paper.paper.id)

  it("is the topic's own days ending at the archive's newest announcement, newest first", () => {
    const newest = IsoDate.make("2025-10-06")
    assert.deepStrictEqual(ids(topicWindow(topic({ any: ["llm"] }), papers, newest, 100)), [
      "2510.00001",
      "2510.00005",
      "2510.00002"
    ])
    assert.deepStrictEqual(ids(topicWindow(topic({ any: ["llm"], days: 2 }), papers, newest, 100)), [
      "2510.00001"
    ])
    // the archive's newest day, not the topic's: a quiet topic ages out
    const later = IsoDate.make("2025-11-05")
    assert.deepStrictEqual(ids(topicWindow(topic({ any: ["llm"] }), papers, later, 100)), [])
  })

  it("is capped by the pipeline's maxItems", () => {
    const newest = IsoDate.make("2025-10-06")
    assert.deepStrictEqual(ids(topicWindow(topic({ days: 60 }), papers, newest, 2)), [
      "2510.00001",
      "2510.00004"
    ])
  })

  it("the run renders the longest window of the feeds and the topics", () => {
    assert.strictEqual(longestWindow({ feeds: { days: 7 }, topics: [] }), 7)
    assert.strictEqual(longestWindow({ feeds: { days: 7 }, topics: [topic({}), topic({ days: 3 })] }), 30)
  })
})
