/** The landing page read back with parse5: escaping, autodiscovery, every feed and download linked. */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { renderIndexHtml } from "../../../src/emit/site/renderIndexHtml.ts"
import { attr, byId, elements, parseHtml, textOf } from "./parseHtml.ts"
import { DOWNLOADS, HOSTILE, hostilePaper, makePaper, realPapers, siteInput } from "./siteFixtures.ts"

const render = (papers = realPapers) => renderIndexHtml(siteInput(papers))

describe("renderIndexHtml", () => {
  it("is a well-formed zh-CN UTF-8 document that loads nothing from elsewhere", () => {
    const html = render()
    const { document, errors } = parseHtml(html)
    assert.deepStrictEqual(
      errors.map((e) => `${e.code} at ${e.startLine}:${e.startCol}`),
      []
    )
    assert.isTrue(html.startsWith("<!doctype html>\n"))
    assert.strictEqual(attr(elements(document, "html")[0]!, "lang"), "zh-CN")
    assert.strictEqual(attr(elements(document, "meta")[0]!, "charset"), "utf-8")
    assert.deepStrictEqual(elements(document, "script"), [])
    assert.deepStrictEqual(
      elements(document).filter((e) => attr(e, "src") !== undefined),
      []
    )
    for (const link of elements(document, "link")) {
      assert.match(attr(link, "href") ?? "", /^(data:,$|[a-z0-9])/, "every <link> is relative or inline")
      assert.notMatch(attr(link, "href") ?? "", /^[a-z]+:\/\/|^\//)
    }
    assert.deepStrictEqual(
      elements(document, "link").filter((l) => attr(l, "rel") === "stylesheet"),
      []
    )
    const csp = elements(document, "meta").find((m) => attr(m, "http-equiv") === "Content-Security-Policy")
    assert.match(attr(csp!, "content") ?? "", /default-src 'none'/)
  })

  it("announces the main and code feeds in every format for autodiscovery, with relative hrefs", () => {
    const input = siteInput(realPapers)
    const { document } = parseHtml(renderIndexHtml(input))
    const discovered = elements(document, "link")
      .filter((l) => attr(l, "rel") === "alternate")
      .map((l) => [attr(l, "type"), attr(l, "href"), attr(l, "title")])
    assert.deepStrictEqual(
      discovered.map(([type, href]) => `${type} ${href}`),
      [
        "application/rss+xml rss.xml",
        "application/atom+xml atom.xml",
        "application/feed+json feed.json",
        "application/rss+xml code/rss.xml",
        "application/atom+xml code/atom.xml",
        "application/feed+json code/feed.json"
      ]
    )
    assert.strictEqual(discovered[0]![2], `${input.pipeline.title} (RSS)`)
    assert.include(discovered[4]![2], "有代码的论文")
  })

  it("links every feed of the catalogue, the OPML and every download from the body", () => {
    const input = siteInput(realPapers)
    const { document } = parseHtml(renderIndexHtml(input))
    const body = elements(document, "body")[0]!
    const hrefs = new Set(elements(body, "a").map((a) => attr(a, "href")))
    // The catalogue has main, code and one feed per category present (cs.CV, cs.LG): 4 groups x 3 formats.
    assert.strictEqual(input.feeds.length, 12)
    for (const feed of input.feeds) assert.isTrue(hrefs.has(feed.path), `feed ${feed.path} is linked`)
    for (const download of DOWNLOADS) assert.isTrue(hrefs.has(download.path), `${download.path} is linked`)
    // Each download says what it is for; papers.csl.json is not mistaken for the JSON archive.
    const described = Object.fromEntries(
      elements(body, "li")
        .filter((li) => elements(li, "a").some((a) => attr(a, "download") !== undefined))
        .map((li) => [attr(elements(li, "a")[0]!, "href"), textOf(li)])
    )
    assert.match(described["papers.csl.json"] ?? "", /Zotero 为预印本/)
    assert.match(described["papers.json"] ?? "", /JSON Feed 1\.1/)
    assert.match(described["papers.bib"] ?? "", /BibTeX：Zotero/)
    assert.match(described["feeds.opml"] ?? "", /一次订阅全部/)
    const table = elements(body, "table")[0]!
    assert.deepStrictEqual(
      elements(table, "tbody")
        .flatMap((tbody) => elements(tbody, "th"))
        .map(textOf),
      ["arXiv", "有代码的论文", "cs.CV", "cs.LG"]
    )
  })

  it("keeps hostile titles, authors, abstracts and categories as text, never markup", () => {
    const { document, errors } = parseHtml(render([hostilePaper, ...realPapers]))
    assert.deepStrictEqual(errors, [])
    assert.deepStrictEqual(elements(document, "script"), [])
    assert.deepStrictEqual(elements(document, "img"), [])
    assert.deepStrictEqual(elements(document, "b"), [])
    assert.deepStrictEqual(elements(document, "i"), [])
    assert.deepStrictEqual(elements(document, "x-tag"), [])
    assert.strictEqual(elements(document, "h1").length, 1)
    const article = byId(document, "arxiv-2510.00001")!
    assert.strictEqual(textOf(byId(article, "arxiv-2510.00001-title")!), HOSTILE.title)
    assert.strictEqual(
      textOf(elements(article, "p").find((p) => attr(p, "class") === "en")!),
      HOSTILE.titleEn
    )
    const meta = textOf(elements(article, "p").find((p) => attr(p, "class") === "meta")!)
    assert.include(meta, HOSTILE.category)
    assert.include(meta, `${HOSTILE.author}, Zoë Ångström`)
    // The formula becomes MathML carrying its TeX, `<` intact; the text around it stays text.
    const abstract = elements(elements(article, "details")[0]!, "p")[0]!
    assert.strictEqual(elements(abstract, "math").length, 1)
    assert.strictEqual(textOf(elements(abstract, "annotation")[0]!), "\\mathcal{O}(n^2) < 5")
    assert.isTrue(textOf(abstract).startsWith("复杂度 "))
    assert.isTrue(textOf(abstract).endsWith(" & <x-tag> --> <!-- 注释 ]]>"))
  })

  it("links only well-formed http(s) URLs, as exact href values; the rest stays text", () => {
    const { document } = parseHtml(render([hostilePaper]))
    const article = byId(document, "arxiv-2510.00001")!
    const anchors = elements(document, "a")
    assert.deepStrictEqual(
      anchors
        .map((a) => attr(a, "href") ?? "")
        .filter((href) => /^\s*(javascript|data|vbscript):/i.test(href)),
      []
    )
    assert.deepStrictEqual(
      anchors.filter((a) => a.attrs.some((at) => at.name.startsWith("on"))),
      []
    )
    assert.include(textOf(article), HOSTILE.javascriptUrl)
    assert.include(textOf(article), HOSTILE.quotedUrl)
    const space = elements(article, "a").find((a) => textOf(a).startsWith("HF Space"))
    assert.strictEqual(attr(space!, "href"), HOSTILE.ampersandUrl)
    assert.strictEqual(textOf(space!), "HF Space · org/demo")
  })

  it("shows Chinese and English titles, authors, date, arXiv, PDF and code links of each paper", () => {
    const { document } = parseHtml(render())
    const leaml = byId(document, "arxiv-2510.03232")!
    assert.strictEqual(
      textOf(byId(leaml, "arxiv-2510.03232-title")!),
      "LEAML：面向多模态大语言模型的分布外视觉任务标签高效适配方法"
    )
    const english = elements(leaml, "p").find((p) => attr(p, "lang") === "en")!
    assert.match(textOf(english), /^LEAML: Label-Efficient Adaptation/)
    assert.deepStrictEqual(
      elements(leaml, "a").map((a) => [attr(a, "href"), textOf(a)]),
      [
        ["https://arxiv.org/abs/2510.03232", "arXiv:2510.03232"],
        ["https://arxiv.org/pdf/2510.03232v1", "PDF"],
        ["https://github.com/example-org/leaml", "GitHub · example-org/leaml"],
        ["https://huggingface.co/datasets/example-org/gi-vqa", "HF 数据集 · example-org/gi-vqa"]
      ]
    )
    assert.include(textOf(leaml), "Ci-Siang Lin, Min-Hung Chen, Yu-Yang Sheng, Yu-Chiang Frank Wang")
    assert.strictEqual(attr(elements(leaml, "time")[0]!, "datetime"), "2025-10-06")
    // Ten authors are cut to eight with a count; a pending paper names its digest's first author.
    assert.include(textOf(byId(document, "arxiv-2510.03222")!), "Kejiao Li 等 10 位作者")
    assert.include(textOf(byId(document, "arxiv-2510.03231")!), "第一作者 Sebastian Gehrmann")
    // Layout A's English title column is shown when there is no metadata.
    assert.include(textOf(byId(document, "arxiv-2409.02920")!), "RoboTwin: Dual-Arm Robot Benchmark")
    // An untranslated title is marked English; old-style ids make valid anchors.
    const oldStyle = byId(document, "arxiv-q-bio-0608003-title")!
    assert.strictEqual(attr(oldStyle, "lang"), "en")
  })

  it("groups papers under one heading per announcement date, newest first, with ordered headings", () => {
    const { document } = parseHtml(render())
    assert.deepStrictEqual(elements(document, "h3").map(textOf), ["2025-10-06 · 3 篇", "2024-09-04 · 2 篇"])
    const levels = elements(document)
      .filter((e) => /^h[1-6]$/.test(e.tagName))
      .map((e) => Number(e.tagName.slice(1)))
    levels.forEach((level, i) => {
      assert.isAtMost(level - (levels[i - 1] ?? 0), 1, "no heading level is skipped")
    })
  })

  it("is deterministic: the same input gives the same bytes, and the only dates are the data's", () => {
    const input = siteInput(realPapers)
    const html = renderIndexHtml(input)
    assert.strictEqual(renderIndexHtml(siteInput(realPapers)), html)
    const dates = new Set(html.match(/\d{4}-\d{2}-\d{2}/g))
    assert.deepStrictEqual([...dates].sort(), ["2024-09-04", "2025-10-06"])
  })

  it("says so when there are no papers and no digest yet", () => {
    const html = renderIndexHtml({ ...siteInput([]), generatedFrom: { newestDigest: null } })
    const { document, errors } = parseHtml(html)
    assert.deepStrictEqual(errors, [])
    assert.include(textOf(document), "暂无论文。")
    assert.include(textOf(document), "最新一期 暂无")
    assert.deepStrictEqual(elements(document, "article"), [])
  })

  it("round-trips any title, author and abstract as text (property)", () => {
    // The HTML parser itself rewrites CR and NUL, so those are left out of the alphabet; so are `$` and `\`,
    // which may start TeX math (rendered as MathML: test/emit/site/mathText.test.ts).
    const text = fc.string({ unit: "grapheme", maxLength: 40 }).map((s) => s.replace(/[\r\0$\\]/g, ""))
    const markup = fc.constantFrom("<", ">", "&", '"', "'", "</h4>", "<!--", "&amp;", "<script>", "]]>")
    const hostile = fc.array(fc.oneof(text, markup), { maxLength: 8 }).map((parts) => parts.join(""))
    fc.assert(
      fc.property(hostile, hostile, hostile, (title, author, abstract) => {
        const paper = makePaper({ id: "2510.00002", date: "2025-10-07", author, title, abstract })
        const { document, errors } = parseHtml(renderIndexHtml(siteInput([paper])))
        assert.deepStrictEqual(errors, [])
        const article = byId(document, "arxiv-2510.00002")!
        assert.strictEqual(textOf(byId(article, "arxiv-2510.00002-title")!), title)
        assert.include(textOf(article), `第一作者 ${author}`)
        if (abstract !== "") assert.strictEqual(textOf(elements(article, "details")[0]!).slice(2), abstract)
      }),
      { numRuns: 200 }
    )
  })
})
