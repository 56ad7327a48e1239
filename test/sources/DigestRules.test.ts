/** The file rules both sources share: dated names, size limit, strict UTF-8, BOM handling, git blob SHAs. */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
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

  it("decodes exactly as a fatal TextDecoder keeping the BOM would, on valid, broken and arbitrary bytes", () => {
    const reference = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })
    const expected = (bytes: Uint8Array): string | "not-utf8" => {
      try {
        return reference.decode(bytes)
      } catch {
        return "not-utf8"
      }
    }
    const actual = (bytes: Uint8Array): string | "not-utf8" => {
      const text = decodeText("a.md", bytes)
      return text instanceof Problem ? "not-utf8" : text
    }
    // Valid text with a byte overwritten, cut short or a BOM in front: the cases a checker gets wrong.
    const damaged = fc
      .tuple(
        fc.string({ unit: "binary" }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        fc.boolean()
      )
      .map(([text, at, byte, cut, bom]) => {
        const bytes = encode(`${bom ? "\uFEFF" : ""}${text}`)
        if (bytes.length === 0) return bytes
        if (cut) return bytes.subarray(0, at % bytes.length)
        bytes[at % bytes.length] = byte
        return bytes
      })
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), damaged), (bytes) => {
        assert.strictEqual(actual(bytes), expected(bytes))
      }),
      { numRuns: 2000 }
    )
    // A view into a larger buffer decodes only its own bytes.
    const whole = encode("abc\u00e9def")
    assert.strictEqual(actual(whole.subarray(3, 5)), "\u00e9")
  })

  it("computes git blob SHAs", () => {
    // `printf 'hello\n' | git hash-object --stdin`, and the empty blob.
    assert.strictEqual(gitBlobSha(encode("hello\n")), "ce013625030ba8dba906f756967f9e9ca394464a")
    assert.strictEqual(gitBlobSha(new Uint8Array()), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
  })
})
