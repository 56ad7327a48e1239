/**
 * BibTeX of arXiv's TeX on real rows: math and commands pass through, only what breaks BibTeX or LaTeX is
 * escaped, and words that must keep their capitals are braced. Read back with Better BibTeX's parser, whose
 * `sentenceCase` option lower-cases titles the way sentence-casing importers and plain.bst do.
 */
import * as fs from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import { parse as parseBibtex } from "@retorquere/bibtex-parser"
import fc from "fast-check"
import { texField, texLine } from "../../src/emit/bibtexText.ts"
import { protectTitleCase } from "../../src/emit/bibtexTitle.ts"
import { toFeedItem } from "../../src/emit/FeedItem.ts"
import { renderBibtexEntry } from "../../src/emit/renderBibtex.ts"
import { paperWith } from "./arbitraries.ts"
import { samplePapers } from "./fixtures/samplePapers.ts"
import { readBibtex } from "./readers.ts"

const digest = (file: string) =>
  fs.readFileSync(new URL(`../../../shared/fixtures/digests/${file}`, import.meta.url), "utf8")

/** The English title cell (the row's last cell) of the row linking `id`, from a real layout-C digest. */
const englishTitle = (file: string, id: string): string => {
  const row = digest(file)
    .split("\n")
    .find((line) => line.includes(`arxiv.org/pdf/${id}`))
  const cells = (row ?? "").split(" | ")
  return (cells.at(-1) ?? "").replace(/\s*\|\s*$/, "")
}

const site = { siteUrl: "https://example.org/", language: "zh-CN" }

const entryOf = (title: string, abstract: string, id = "2501.09410") =>
  renderBibtexEntry(
    toFeedItem(
      paperWith({
        id,
        title: "中文标题",
        abstract: "",
        author: "Lyudong Jin",
        metadata: { title, abstract, authors: ["Lyudong Jin"] }
      }),
      site,
      { html: false }
    ),
    "key"
  )

const field = (entry: string, name: string): string =>
  new RegExp(`^ {2}${name} *= \\{(.*)\\},?$`, "m").exec(entry)?.[1] ?? ""

/** Title as a sentence-casing importer sees it (Better BibTeX's parser with sentenceCase on). */
const sentenceCased = (entry: string): unknown =>
  parseBibtex(entry, { sentenceCase: {}, english: true }).entries[0]?.fields["title"]

describe("TeX in BibTeX titles and abstracts (real rows)", () => {
  it("math and commands in real digest titles pass through, capitals braced (2501.09410, 2501.07145)", () => {
    const moe = englishTitle("2025-01-16-arxiv.md", "2501.09410")
    assert.strictEqual(moe, "MoE$^2$: Optimizing Collaborative Inference for Edge Large Language Models")
    assert.strictEqual(
      field(entryOf(moe, ""), "title"),
      "{MoE}$^2$: Optimizing Collaborative Inference for Edge Large Language Models"
    )
    const ksig = englishTitle("2025-01-13-arxiv.md", "2501.07145")
    assert.strictEqual(
      field(entryOf(ksig, "", "2501.07145"), "title"),
      "A User's Guide to $\\texttt{KSig}$: {GPU-Accelerated} Computation of the Signature Kernel"
    )
    // read back: math is math (MoE², not a literal "$^2$"), and nothing was escaped as text
    const read = readBibtex(entryOf(moe, ""))
    assert.deepStrictEqual(read.errors, [])
    assert.strictEqual(
      read.entries[0]?.fields["title"],
      "MoE²: Optimizing Collaborative Inference for Edge Large Language Models"
    )
  })

  it("the issue's title keeps $k$ as math and TokenFlow's capitals through sentence casing", () => {
    const entry = entryOf("TokenFlow: Spike Sorting with $k$-NN Retrieval", "")
    assert.strictEqual(field(entry, "title"), "{TokenFlow}: Spike Sorting with $k$-{NN} Retrieval")
    assert.notInclude(entry, "\\$")
    const title = String(sentenceCased(entry))
    assert.match(title, /^TokenFlow: Spike sorting with .*k.*-NN retrieval$/)
    assert.notInclude(title, "Tokenflow")
  })

  it("a proper noun in a sentence-case title is protected; title case leaves it to the inner-capital rule", () => {
    const entry = entryOf("Solving the Schrödinger equation with deep neural networks on GPUs", "")
    assert.strictEqual(
      field(entry, "title"),
      "Solving the {Schrödinger} equation with deep neural networks on {GPUs}"
    )
    assert.include(String(sentenceCased(entry)), "Schrödinger")
    assert.strictEqual(
      protectTitleCase(texLine('Schr\\"odinger Bridges for Image Restoration')),
      'Schr\\"odinger Bridges for Image Restoration'
    )
    assert.strictEqual(
      protectTitleCase(texLine('On the Schr\\"odinger bridge problem in practice')),
      'On the {Schr\\"odinger} bridge problem in practice'
    )
    // hyphenated title-case words are not acronyms; a hyphenated part with inner capitals is
    assert.strictEqual(
      protectTitleCase("Dual-Arm RGB-D Self-RAG for 3D LLMs"),
      "Dual-Arm {RGB-D} {Self-RAG} for {3D} {LLMs}"
    )
  })

  it("real sample titles: acronyms and model names braced, CJK text left alone", () => {
    const bib = readBibtex(
      samplePapers()
        .map((paper, index) => renderBibtexEntry(toFeedItem(paper, site, { html: false }), `k${index}`))
        .join("\n")
    )
    assert.deepStrictEqual(bib.errors, [])
    const titles = samplePapers().map((paper) =>
      field(renderBibtexEntry(toFeedItem(paper, site, { html: false }), "k"), "title")
    )
    assert.include(
      titles,
      "{LEAML}: Label-Efficient Adaptation to Out-of-Distribution Visual Tasks for Multimodal Large Language Models"
    )
    assert.include(
      titles,
      "{RoboTwin}: Dual-Arm Robot Benchmark with Generative Digital Twins (early version)"
    )
    assert.include(titles, "{LiteReality}：基于{RGB-D}扫描的图形就绪三维场景重建系统")
  })

  it("a real abstract's bare dollar and a bare percent, ampersand and hash are escaped (2104.12255)", () => {
    const paper = samplePapers().find((p) => p.paper.id === "2104.12255")!
    const entry = renderBibtexEntry(toFeedItem(paper, site, { html: false }), "k")
    assert.include(field(entry, "abstract"), "awarded \\$35,000 in total")
    assert.include(readBibtex(entry).entries[0]?.fields["abstract"], "awarded $35,000 in total")
    assert.strictEqual(texField("5% of A&B #1"), "5\\% of A\\&B \\#1")
    // already escaped by the authors: kept as they wrote it
    assert.strictEqual(texField("5\\% of A\\&B"), "5\\% of A\\&B")
  })

  it("only what breaks BibTeX or LaTeX is escaped", () => {
    // balanced math with subscripts, superscripts, relations and escaped braces passes through
    assert.strictEqual(texField("$x_i^2 < \\{y\\}$ and $a>b$"), "$x_i^2 < \\{y\\}$ and $a>b$")
    // outside math: _ ^ < > are text; an unpaired $ and an unpaired brace are text too
    assert.strictEqual(
      texField("py_ecc a^b <3 costs $5"),
      "py\\_ecc a\\textasciicircum{}b \\textless{}3 costs \\$5"
    )
    assert.strictEqual(texField("{ open"), "\\textbraceleft{} open")
    assert.strictEqual(texField("close \\}"), "close \\textbraceright{}")
    // TeX as written: accents, groups, ligatures, ties, commands
    assert.strictEqual(
      texField('Schr\\"odinger -- {\\em et al.}~[1] \\textbf{x}'),
      'Schr\\"odinger -- {\\em et al.}~[1] \\textbf{x}'
    )
    // a backslash that would escape the closing brace, and control symbols that are errors in text
    assert.strictEqual(texField("ends with \\"), "ends with \\textbackslash{}")
    assert.strictEqual(texField("\\] and \\|"), "\\textbackslash{}] and \\textbackslash{}|")
  })

  it("display math is written inline: a field is run-in text, and Zotero's parser refuses `$$` (fast-check found it)", () => {
    assert.strictEqual(texField("$$L^p$$ bounds, $$a$ b"), "$L^p$ bounds, \\$\\$a\\$ b")
    const entry = entryOf("Bounds in $$L^p$$", "$$L^p$$ and $$\\|x\\|_2$$")
    // `\|` is valid math the parser does not know ("unhandled macro", as for any command it lacks)
    assert.deepStrictEqual(
      parseBibtex(entry).errors.filter((error) => !/^unhandled macro/.test(error.error)),
      []
    )
    assert.strictEqual(field(entry, "title"), "Bounds in $L^p$")
    assert.strictEqual(field(entry, "abstract"), "$L^p$ and $\\|x\\|_2$")
  })

  it("a command before a Greek letter stays that command in XeTeX and LuaTeX (real Chinese abstract, 2605.04046)", () => {
    // the digest's translation writes `\hat\gamma` as `\hatγ`: XeTeX reads `γ` as a letter, so `\hatγ` would be
    // one undefined command; a space ends the command name and TeX drops it
    assert.strictEqual(
      texField(
        "各向同性替代量$\\hatγ/\\sqrt{K}$具有选择一致性速率，来自（i）的$\\widehatλ$提供独立的数据级信号"
      ),
      "各向同性替代量$\\hat γ/\\sqrt{K}$具有选择一致性速率，来自（i）的$\\widehat λ$提供独立的数据级信号"
    )
    // an ASCII letter or a brace after the name was already TeX's own boundary: unchanged
    assert.strictEqual(texField("$\\hat\\rho + \\hat{x}$ \\emph{a}"), "$\\hat\\rho + \\hat{x}$ \\emph{a}")
  })

  it("no command name runs into a non-ASCII letter (property)", () => {
    const piece = fc.constantFrom(
      "\\hat",
      "\\widehat",
      "\\mathrm",
      '\\"',
      "ρ",
      "λ",
      "𝒳",
      "é",
      "中",
      "x",
      " ",
      "{",
      "}",
      "$",
      "_"
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const out = texField(pieces.join(""))
        assert.notMatch(out, /\\[A-Za-z]+(?![A-Za-z])\p{L}/u)
      })
    )
  })
})

describe("escaped braces", () => {
  // fast-check found `\{x}!`: BibTeX pairs `\{` with `}`, TeX-aware readers read `\{` as a literal brace and end
  // the field at `}`. Escaped and bare braces now pair only among themselves.
  it("pair only with their own kind, so TeX-aware readers read the field whole", () => {
    for (const [title, read] of [
      ["\\{x}!", "{x}!"],
      ["a\\{b\\}c", "a{b}c"],
      ["{x}\\}", "x}"]
    ] as const) {
      const library = readBibtex(`@misc{k, title = {${texField(title)}}}`)
      assert.deepStrictEqual(library.errors, [])
      assert.strictEqual(library.entries[0]?.fields["title"], read)
    }
  })
})
