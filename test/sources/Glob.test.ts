/** Path globs: `*` stays inside one folder, `**` spans folders, everything else is literal. */
import { assert, describe, it } from "@effect/vitest"
import * as fc from "fast-check"
import { globFolderSteps, globMatcher, isSafeRelativePath } from "../../src/sources/Glob.ts"

const segment = fc
  .stringMatching(/^[A-Za-z0-9._()+$^-]{1,12}$/)
  .filter((name) => name !== "." && name !== "..")

describe("Glob", () => {
  it("matches the pipeline's default glob exactly", () => {
    const matches = globMatcher("docs/daily-papers/*-arxiv.md")
    assert.isTrue(matches("docs/daily-papers/2025-10-06-arxiv.md"))
    assert.isFalse(matches("docs/daily-papers/2025-10-06.md"))
    assert.isFalse(matches("docs/daily-papers/2025-05-20-biorxiv.md"))
    assert.isFalse(matches("docs/daily-papers/old/2025-10-06-arxiv.md"))
    assert.isFalse(matches("xdocs/daily-papers/2025-10-06-arxiv.md"))
    assert.isFalse(matches("docs/daily-papers/2025-10-06-arxiv.md.bak"))
  })

  it("lets ** span folders and ? stand for one character", () => {
    assert.isTrue(globMatcher("docs/**/*.md")("docs/a/b/c.md"))
    assert.isTrue(globMatcher("docs/**/*.md")("docs/c.md"))
    assert.isTrue(globMatcher("**")("any/thing"))
    assert.isTrue(globMatcher("202?-*.md")("2025-x.md"))
    assert.isFalse(globMatcher("202?-*.md")("20251-x.md"))
  })

  it("never lets * cross a slash, and treats regex characters literally", () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        const path = segments.join("/")
        const folder = segments.slice(0, -1).join("/")
        assert.isTrue(globMatcher(folder === "" ? "*" : `${folder}/*`)(path))
        assert.isTrue(globMatcher(path)(path))
        assert.strictEqual(globMatcher("*")(path), segments.length === 1)
      })
    )
  })

  it("splits a glob into folder steps for a tree walk", () => {
    const steps = globFolderSteps("docs/*-papers/**/x.md")
    assert.deepStrictEqual(
      steps.map((step) => step._tag),
      ["Literal", "Pattern", "AnyDepth"]
    )
    const pattern = steps[1]!
    assert.isTrue(pattern._tag === "Pattern" && pattern.test("daily-papers"))
    assert.deepStrictEqual(globFolderSteps("*.md"), [])
  })

  it("refuses paths that would escape the mirror", () => {
    assert.isTrue(isSafeRelativePath("docs/daily-papers/a.md"))
    for (const path of ["", "/etc/passwd", "a/../b", "./a", "a//b", "a\\b", "..", "a/"]) {
      assert.isFalse(isSafeRelativePath(path), path)
    }
  })
})
