/**
 * The sample's topic feeds hold exactly the papers README "Topics" selects, computed here a second time, naively
 * (regular expressions written from the README), on the parsed papers; and they read back like the other feeds.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { kindFromFileName } from "../../src/domain/DigestFile.ts"
import { dateFromFileName } from "../../src/domain/IsoDate.ts"
import type { Paper } from "../../src/domain/Paper.ts"
import { Problem } from "../../src/domain/Problem.ts"
import { PaperAccumulator } from "../../src/parse/dedupePapers.ts"
import { parseDigest } from "../../src/parse/parseDigest.ts"
import { RxivAccumulator } from "../../src/parse/rxiv/RxivAccumulator.ts"
import { readJsonDay, readRxivDay } from "../../src/parse/rxiv/readRxivDay.ts"
import { repoRoot, tempDir } from "../support/cli.ts"
import { runInProcess } from "../support/runInProcess.ts"
import { parseXml, readBibtex, validateAtom, validateJsonFeed, wellFormedWithLibxml2 } from "./readers.ts"

interface TopicJson {
  name: string
  any?: Array<string>
  all?: Array<string>
  none?: Array<string>
  servers?: Array<string>
  categories?: Array<string>
  authors?: Array<string>
  hasCode?: boolean
  days?: number
}

const sampleDir = join(repoRoot, "pipelines", "sample")
const pipeline = JSON.parse(readFileSync(join(sampleDir, "pipeline.json"), "utf8"))
const topics: Array<TopicJson> = pipeline.topics

/** Every paper of the sample: arXiv's, and bioRxiv's and medRxiv's with their day's JSON (English titles). */
const parsedPapers = (): ReadonlyArray<Paper> => {
  const accumulator = new PaperAccumulator()
  const rxiv = new RxivAccumulator()
  const folder = join(sampleDir, "digests")
  const jsonOf = (date: string) => {
    const file = join(folder, "api", "daily", `${date}.json`)
    const day = existsSync(file)
      ? readJsonDay(`api/daily/${date}.json`, readFileSync(file, "utf8"))
      : undefined
    return day instanceof Problem ? undefined : day
  }
  for (const name of readdirSync(folder).filter((n) => n.endsWith(".md"))) {
    const [date, kind] = [dateFromFileName(name), kindFromFileName(name)]
    if (date === undefined || kind === undefined) continue
    const content = readFileSync(join(folder, name), "utf8")
    if (kind === "biorxiv" || kind === "medrxiv")
      rxiv.add(readRxivDay({ path: name, date, server: kind, content }, jsonOf(date)).rows)
    else accumulator.add(parseDigest({ path: name, date, kind, content }).rows)
  }
  return [...accumulator.papers(), ...rxiv.papers().papers]
}

const idUrl = (paper: Paper) =>
  paper.server === "arxiv" ? `https://arxiv.org/abs/${paper.id}` : `https://doi.org/${paper.id}`

// ---- the rule again, from the README's words ----
const norm = (text: string) => text.normalize("NFKC").toLowerCase()
const CJK = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\p{Script=Bopomofo}"
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")
/** A letter or digit that is not CJK: "no letter or digit directly before or after it, CJK not counting". */
const GLUE = `[\\p{L}\\p{N}](?<![${CJK}])`
const termRegex = (term: string) =>
  new RegExp(`[${CJK}]`, "u").test(term)
    ? new RegExp(escapeRegex(term), "u")
    : new RegExp(`(?<!${GLUE})${escapeRegex(term)}(?!${GLUE})`, "u")

const naiveSelects = (topic: TopicJson, paper: Paper): boolean => {
  if (topic.hasCode === true) throw new Error("the sample's topics do not use hasCode")
  const text = norm([paper.title, paper.titleEn ?? "", paper.abstract, paper.abstractEn ?? ""].join("\n"))
  const has = (term: string) => termRegex(norm(term)).test(text)
  const any = topic.any ?? []
  const authors = topic.authors ?? []
  return (
    (any.length === 0 || any.some(has)) &&
    (topic.all ?? []).every(has) &&
    !(topic.none ?? []).some(has) &&
    ((topic.servers ?? []).length === 0 || (topic.servers ?? []).includes(paper.server)) &&
    // offline, the sample has no arXiv metadata: no paper has a category
    (topic.categories ?? []).length === 0 &&
    (authors.length === 0 || authors.some((a) => norm(paper.author).includes(norm(a))))
  )
}

const minusDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10)
const newestFirst = (a: Paper, b: Paper) =>
  a.firstSeen !== b.firstSeen ? (a.firstSeen < b.firstSeen ? 1 : -1) : a.id < b.id ? 1 : -1

// biome-ignore lint/suspicious/noExplicitAny: parsed XML and JSON trees are untyped; the assertions check them
type Node = Record<string, any>

describe("the sample's topic feeds", () => {
  let out: string
  const papers = parsedPapers()
  const newest =
    papers
      .map((p) => p.firstSeen)
      .sort()
      .at(-1) ?? ""
  const read = (path: string) => readFileSync(join(out, path), "utf8")

  beforeAll(async () => {
    out = tempDir("sample-topics")
    const result = await runInProcess({
      pipeline: "sample",
      outDir: out,
      stateDir: tempDir("sample-topics-state"),
      env: {}
    })
    expect(result.exitCode, result.error).toBe(0)
    expect(result.report?.counts.withMetadata).toBe(0)
  }, 300_000)
  afterAll(() => undefined)

  it("the naive rule reads the README's examples as the README does", () => {
    expect(termRegex("llm").test(norm("基于LLM的方法"))).toBe(true)
    expect(termRegex("llm").test("llm2vec")).toBe(false)
    expect(termRegex("graph").test("subgraph")).toBe(false)
    expect(termRegex("扩散").test("x扩散y")).toBe(true)
    expect(termRegex("gpt-4").test("a gpt-4 model")).toBe(true)
  })

  it("the sample ships topics that select some papers and leave others", () => {
    expect(topics.length).toBeGreaterThanOrEqual(2)
    for (const topic of topics) {
      const selected = papers.filter((p) => naiveSelects(topic, p)).length
      expect(selected, topic.name).toBeGreaterThan(2)
      expect(selected, topic.name).toBeLessThan(papers.length / 2)
    }
  })

  it.each(topics.map((t) => [t.name, t] as const))("%s: the feeds hold exactly its window", (name, topic) => {
    const start = minusDays(newest, (topic.days ?? 30) - 1)
    const expected = papers
      .filter((p) => p.firstSeen >= start && naiveSelects(topic, p))
      .sort(newestFirst)
      .slice(0, pipeline.feeds.maxItems)
      .map(idUrl)
    expect(expected.length).toBeGreaterThan(0)
    const json = JSON.parse(read(`topic/${name}/feed.json`))
    expect(json.items.map((item: Node) => item["id"])).toEqual(expected)
    const atom = parseXml(read(`topic/${name}/atom.xml`))["feed"] as Node
    expect([atom["entry"] ?? []].flat().map((entry: Node) => entry["id"])).toEqual(expected)
    const rss = (parseXml(read(`topic/${name}/rss.xml`))["rss"] as Node)["channel"] as Node
    expect([rss["item"] ?? []].flat().map((item: Node) => item["guid"][0]["#text"])).toEqual(expected)
  })

  it.each(topics.map((t) => [t.name, t] as const))(
    "%s: papers.bib holds every paper of the topic ever",
    (name, topic) => {
      const expected = papers
        .filter((p) => naiveSelects(topic, p))
        .sort(newestFirst)
        .reverse()
        .map((p) => p.id)
      const library = readBibtex(read(`topic/${name}/papers.bib`))
      expect(library.errors).toEqual([])
      // an arXiv entry names its id in `eprint`, a bioRxiv/medRxiv one its DOI in `doi`
      const idOf = (entry: { readonly fields: Record<string, unknown> }) =>
        entry.fields["eprint"] ?? entry.fields["doi"]
      expect(library.entries.map(idOf)).toEqual(expected)
      // the same keys as the whole archive's papers.bib
      const keys = new Map(readBibtex(read("papers.bib")).entries.map((e) => [idOf(e), e.key]))
      for (const entry of library.entries) expect(entry.key).toBe(keys.get(idOf(entry)))
    }
  )

  it("validate like the other feeds, and the OPML and the landing page list them", async () => {
    const atoms = topics.map((t) => read(`topic/${t.name}/atom.xml`))
    const atom = await validateAtom(atoms)
    expect(atom.errors).toEqual([])
    expect(atom.valid).toBe(true)
    expect((await wellFormedWithLibxml2(topics.map((t) => read(`topic/${t.name}/rss.xml`)))).errors).toEqual(
      []
    )
    for (const topic of topics)
      expect(validateJsonFeed(JSON.parse(read(`topic/${topic.name}/feed.json`)))).toEqual([])
    const index = read("index.html")
    const opmlOf = { "rss.xml": "feeds.opml", "atom.xml": "feeds-atom.opml", "feed.json": "feeds-json.opml" }
    for (const topic of topics)
      for (const [file, opml] of Object.entries(opmlOf)) {
        expect(read(opml)).toContain(`xmlUrl="${pipeline.siteUrl}topic/${topic.name}/${file}"`)
        expect(index).toContain(`href="topic/${topic.name}/${file}"`)
      }
    for (const topic of topics) expect(index).toContain(`href="topic/${topic.name}/papers.bib"`)
  })
})
