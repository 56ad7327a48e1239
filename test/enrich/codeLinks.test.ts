/** Code-link extraction: every URL of the real digests, and the LaTeX/markdown/punctuation cases. */
import { readdirSync, readFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import type { CodeLinkKind } from "../../src/domain/CodeLink.ts"
import { classifyUrl, extractCodeLinks, findUrls } from "../../src/enrich/codeLinks.ts"

const DIGESTS = new URL("../../../shared/fixtures/digests/", import.meta.url)

const digestFiles = (): ReadonlyArray<URL> => [
  ...readdirSync(DIGESTS)
    .filter((name) => name.endsWith(".md"))
    .map((name) => new URL(name, DIGESTS)),
  ...readdirSync(new URL("history/", DIGESTS)).map((name) => new URL(`history/${name}`, DIGESTS))
]

/** Each URL written in the fixture digests: how it starts in the text, and what must come out (null: ignored). */
const EXPECTED: ReadonlyArray<[string, { url: string; kind: CodeLinkKind } | null]> = [
  ["http://arxiv.org/pdf/", null],
  ["https://arxiv.org/pdf/", null],
  ["https://export.arxiv.org/api/query?", null],
  ["https://doi.org/10.1101/", null],
  ["http://www.davidbickel.com", { url: "http://www.davidbickel.com", kind: "other" }],
  ["https://henghuiding.com/AnyI2V/", { url: "https://henghuiding.com/AnyI2V", kind: "other" }],
  ["https://thecinema.ai", { url: "https://thecinema.ai", kind: "other" }],
  ["https://github.com/thu-nics/C2C", { url: "https://github.com/thu-nics/C2C", kind: "github" }],
  [
    "https://github.com/H-EmbodVis/EasyCache",
    { url: "https://github.com/H-EmbodVis/EasyCache", kind: "github" }
  ],
  ["https://github.com/CarlanLark/Lp-Reg", { url: "https://github.com/CarlanLark/Lp-Reg", kind: "github" }],
  [
    "https://github.com/ATPLab-LUMS/Wave-GMS",
    { url: "https://github.com/ATPLab-LUMS/Wave-GMS", kind: "github" }
  ],
  [
    "https://github.com/tiangeluo/RegionFocus",
    { url: "https://github.com/tiangeluo/RegionFocus", kind: "github" }
  ],
  ["https://github.com/YkiWu/Point3R", { url: "https://github.com/YkiWu/Point3R", kind: "github" }],
  [
    "https://siang1105.github.io/JanusMesh.github.io/",
    { url: "https://siang1105.github.io/JanusMesh.github.io", kind: "project-page" }
  ],
  [
    "https://live-robotics-uva.github.io/movingout",
    { url: "https://live-robotics-uva.github.io/movingout_ai", kind: "project-page" }
  ],
  ["https://4danyone.github.io", { url: "https://4danyone.github.io", kind: "project-page" }]
]

describe("extractCodeLinks on every URL in the fixture digests", () => {
  // Found independently of the code under test: anything from http(s):// to white space or a table pipe.
  const occurrences = digestFiles().flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .flatMap((line, index) =>
        [...line.matchAll(/https?:\/\/[^\s|]+/g)].map((match) => ({
          where: `${file.pathname.split("/").slice(-1)[0]}:${index + 1}`,
          raw: match[0],
          line
        }))
      )
  )

  it("finds the URLs the corpus figures describe", () => {
    assert.isAbove(occurrences.length, 700)
    assert.strictEqual(occurrences.filter((o) => o.raw.includes("github")).length, 13)
  })

  it("maps each occurrence to its expected link, without trailing punctuation, or ignores it", () => {
    const used = new Set<string>()
    for (const { where, raw, line } of occurrences) {
      const rule = EXPECTED.find(([prefix]) => raw.startsWith(prefix))
      assert.isDefined(rule, `${where}: no expectation for ${raw}`)
      if (rule === undefined) continue
      used.add(rule[0])
      const links = extractCodeLinks([{ source: "abstract_zh", text: line }])
      const expected = rule[1]
      if (expected === null) {
        assert.isFalse(
          links.some((link) => raw.startsWith(link.url)),
          `${where}: ${raw} must be ignored`
        )
        continue
      }
      const link = links.find((candidate) => candidate.url === expected.url)
      assert.isDefined(link, `${where}: ${expected.url} not found in ${JSON.stringify(links)}`)
      assert.strictEqual(link?.kind, expected.kind, where)
      assert.deepStrictEqual(link?.foundIn, ["abstract_zh"], where)
      assert.notMatch(link?.url ?? "", /[.,;:!?)}\]。，；）」\\]$/, where)
    }
    assert.deepStrictEqual(
      [...used].sort(),
      EXPECTED.map(([prefix]) => prefix).sort(),
      "every rule is exercised"
    )
  })

  it("reads the LaTeX \\href with \\_ as one link", () => {
    const line = readFileSync(new URL("2025-07-25-arxiv.md", DIGESTS), "utf8")
      .split("\n")
      .find((text) => text.includes("\\href{"))
    assert.isDefined(line)
    const links = extractCodeLinks([{ source: "abstract_zh", text: line ?? "" }])
    assert.deepStrictEqual(
      links.map((link) => link.url),
      ["https://live-robotics-uva.github.io/movingout_ai"]
    )
  })
})

const one = (text: string) => extractCodeLinks([{ source: "abstract_en", text }]).map((l) => [l.url, l.kind])

describe("extractCodeLinks on the cases the corpus describes", () => {
  it("strips ASCII and full-width punctuation after a URL", () => {
    for (const tail of ["。", "，", "；", "）", "」", ".", ",", ";", ":", ")", "!", "?", ".)", "。|", "…"]) {
      assert.deepStrictEqual(
        one(`代码：https://github.com/a/b${tail}后文`),
        [["https://github.com/a/b", "github"]],
        tail
      )
    }
    assert.deepStrictEqual(one("（见 https://x.github.io/p/）"), [["https://x.github.io/p", "project-page"]])
  })

  it("keeps balanced parentheses inside a URL and drops the one closing a sentence", () => {
    assert.deepStrictEqual(one("see (https://en.wikipedia.org/wiki/Foo_(bar))."), [
      ["https://en.wikipedia.org/wiki/Foo_(bar)", "other"]
    ])
  })

  it("reads markdown links, \\url{} and \\href{}{}", () => {
    assert.deepStrictEqual(one("[code](https://github.com/a/b) and [https://hf.co/x/y](https://hf.co/x/y)"), [
      ["https://github.com/a/b", "github"],
      ["https://huggingface.co/x/y", "huggingface-model"]
    ])
    assert.deepStrictEqual(
      one("\\url{https://gitlab.com/g/sub/p.git} \\href{https://a.gitlab.io/x\\_y/}{here}"),
      [
        ["https://gitlab.com/g/sub/p", "gitlab"],
        ["https://a.gitlab.io/x_y", "project-page"]
      ]
    )
  })

  it("strips .git only as a suffix and reduces /tree and /blob paths to the repository", () => {
    assert.deepStrictEqual(one("https://github.com/a/b.git"), [["https://github.com/a/b", "github"]])
    assert.deepStrictEqual(one("https://github.com/a/b.github.io"), [
      ["https://github.com/a/b.github.io", "github"]
    ])
    assert.deepStrictEqual(one("https://github.com/a/b.gitignore"), [
      ["https://github.com/a/b.gitignore", "github"]
    ])
    assert.deepStrictEqual(
      one("https://github.com/a/b/tree/main/src and https://github.com/a/b/blob/x/README.md"),
      [["https://github.com/a/b", "github"]]
    )
    assert.deepStrictEqual(one("https://gitlab.com/g/p/-/tree/main"), [["https://gitlab.com/g/p", "gitlab"]])
  })

  it("classifies Hugging Face models, datasets and spaces, and leaves other pages as other", () => {
    assert.deepStrictEqual(
      one(
        "https://huggingface.co/datasets/o/d/tree/main https://huggingface.co/spaces/o/s https://huggingface.co/o/m/blob/main/x https://huggingface.co/papers/2501.1 https://github.com/orgs/x https://github.com/someone"
      ),
      [
        ["https://huggingface.co/datasets/o/d", "huggingface-dataset"],
        ["https://huggingface.co/spaces/o/s", "huggingface-space"],
        ["https://huggingface.co/o/m", "huggingface-model"],
        ["https://huggingface.co/papers/2501.1", "other"],
        ["https://github.com/orgs/x", "other"],
        ["https://github.com/someone", "other"]
      ]
    )
  })

  it("finds scheme-less github.com and www. links but not e-mail addresses", () => {
    assert.deepStrictEqual(one("代码见github.com/a/b。联系 me@github.com 或 www.example.org/x/"), [
      ["https://github.com/a/b", "github"],
      ["https://www.example.org/x", "other"]
    ])
  })

  it("ignores arXiv and DOI links", () => {
    assert.deepStrictEqual(
      one("https://arxiv.org/abs/2501.00001 http://dx.doi.org/10.1/x https://doi.org/10.2/y"),
      []
    )
  })

  it("deduplicates across sources (host case, trailing slash, http/https, repo case) keeping every source", () => {
    const links = extractCodeLinks([
      { source: "code_cell", text: "[link](https://GitHub.com/A/B/)" },
      { source: "comment", text: "Code: http://github.com/a/b.git" },
      { source: "abstract_zh", text: "代码：https://github.com/A/B。项目页：https://A.github.io/x/" },
      { source: "abstract_en", text: "Project page https://a.github.io/x." }
    ])
    assert.deepStrictEqual(
      links.map((link) => [link.url, link.kind, link.foundIn]),
      [
        ["https://github.com/A/B", "github", ["abstract_zh", "comment", "code_cell"]],
        ["https://a.github.io/x", "project-page", ["abstract_zh", "abstract_en"]]
      ]
    )
  })

  it("finds nothing in N/A or plain text", () => {
    assert.deepStrictEqual(extractCodeLinks([{ source: "code_cell", text: "N/A" }]), [])
    assert.deepStrictEqual(findUrls("no links here: https:// or http://."), [])
  })

  it("classifyUrl rejects what is not a URL", () => {
    assert.isUndefined(classifyUrl("https://"))
    assert.isUndefined(classifyUrl("not a url"))
  })
})

describe("extractCodeLinks properties", () => {
  const segment = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/)
  const before = fc.constantFrom("", "代码：", "Code: ", "见", "(", "（", "[code](", "\\url{", "<")
  const after = fc.constantFrom(
    "",
    "。",
    "，",
    "；",
    "）",
    "」",
    ".",
    ",",
    ";",
    ":",
    ")",
    "!",
    "?",
    " 后文",
    "}",
    ">",
    ".git",
    "/",
    "/tree/main/x"
  )

  it("finds a GitHub repository whatever surrounds it, exactly once, without trailing punctuation", () => {
    fc.assert(
      fc.property(segment, segment, before, after, (owner, repo, head, tail) => {
        const links = extractCodeLinks([
          { source: "abstract_zh", text: `${head}https://github.com/${owner}/${repo}${tail}` }
        ])
        const expected = `https://github.com/${owner}/${repo.replace(/\.git$/i, "")}`
        return links.length === 1 && links[0]?.url === expected && links[0]?.kind === "github"
      }),
      { numRuns: 500 }
    )
  })

  const urlSoup = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          "https://",
          "http://",
          "github.com/",
          "huggingface.co/",
          "gitlab.com/",
          "datasets/",
          "www."
        ),
        fc.constantFrom(
          "/",
          ".",
          ")",
          "(",
          "。",
          " ",
          ".git",
          "\\_",
          "{",
          "}",
          "tree/",
          "-/",
          "#",
          "?q=1",
          "%"
        ),
        segment
      ),
      { maxLength: 30 }
    )
    .map((parts) => parts.join(""))

  it("is idempotent on its own output and never throws on arbitrary text", () => {
    fc.assert(
      fc.property(urlSoup, (text) => {
        const links = extractCodeLinks([{ source: "comment", text }])
        const again = extractCodeLinks(links.map((link) => ({ source: "comment" as const, text: link.url })))
        return JSON.stringify(again.map((l) => l.url)) === JSON.stringify(links.map((l) => l.url))
      }),
      { numRuns: 500 }
    )
  })
})
