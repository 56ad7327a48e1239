/** The file rules both sources share: dated names, size limit, strict UTF-8, BOM handling, git blob SHAs. */
import { assert, describe, it } from "@effect/vitest"
import { Problem } from "../../src/domain/Problem.ts"
import { checkSize, classifyName, decodeText, decodeUtf8, readDigest } from "../../src/sources/DigestRules.ts"
import { gitBlobSha } from "../../src/sources/GitBlob.ts"

const encode = (text: string) => new TextEncoder().encode(text)

describe("DigestRules", () => {
  it("takes date and kind from the file name", () => {
    const named = (path: string) => {
      const name = classifyName(path)
      return name instanceof Problem ? name.code : `${name.date} ${name.kind}`
    }
    assert.strictEqual(named("docs/daily-papers/2025-10-06-arxiv.md"), "2025-10-06 arxiv")
    assert.strictEqual(named("2025-05-20-medrxiv.md"), "2025-05-20 medrxiv")
    assert.strictEqual(named("2025-10-06.md"), "2025-10-06 summary")
    for (const name of ["README.md", "2025-02-30-arxiv.md", "x2025-10-06-arxiv.md"]) {
      const problem = classifyName(name)
      assert.instanceOf(problem, Problem, name)
      assert.strictEqual((problem as Problem).code, "file-name")
    }
  })

  it("reports files over the limit", () => {
    assert.isUndefined(checkSize("a.md", 10, 10))
    assert.strictEqual(checkSize("a.md", 11, 10)?.code, "file-too-large")
    const big = readDigest("2025-10-06-arxiv.md", new Uint8Array(11), { maxFileBytes: 10, sha: null })
    assert.strictEqual((big as Problem).code, "file-too-large")
  })

  it("decodes strictly: invalid UTF-8 is a problem, a BOM is kept in the text and dropped from the content", () => {
    assert.strictEqual((decodeText("a.md", Uint8Array.from([0x61, 0xc3])) as Problem).code, "not-utf8")
    assert.isUndefined(decodeUtf8(Uint8Array.from([0xff])))
    const withBom = encode("\uFEFF# arXiv 2025-10-06\n")
    assert.strictEqual(decodeText("a.md", withBom), "\uFEFF# arXiv 2025-10-06\n")
    assert.deepStrictEqual(encode(decodeText("a.md", withBom) as string), withBom)
    assert.strictEqual(decodeUtf8(withBom), "# arXiv 2025-10-06\n")
    const file = readDigest("2025-10-06-arxiv.md", withBom, { maxFileBytes: 100, sha: gitBlobSha(withBom) })
    assert.notInstanceOf(file, Problem)
    assert.strictEqual((file as { content: string }).content, "# arXiv 2025-10-06\n")
  })

  it("computes git blob SHAs", () => {
    // `printf 'hello\n' | git hash-object --stdin`, and the empty blob.
    assert.strictEqual(gitBlobSha(encode("hello\n")), "ce013625030ba8dba906f756967f9e9ca394464a")
    assert.strictEqual(gitBlobSha(new Uint8Array()), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
  })
})
