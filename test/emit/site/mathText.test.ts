/** TeX math in titles and abstracts: MathML from KaTeX, read back with parse5; everything else stays text. */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { escapeHtml } from "../../../src/emit/site/escapeHtml.ts"
import { mathHtml, splitMath } from "../../../src/emit/site/mathText.ts"
import { attr, elements, parseHtml, textOf } from "./parseHtml.ts"

const fragment = (html: string) => {
  const { document, errors } = parseHtml(`<!doctype html><html lang="en"><title>t</title><p>${html}</p>`)
  assert.deepStrictEqual(errors, [])
  return elements(document, "p")[0]!
}

const annotations = (html: string): ReadonlyArray<string> =>
  elements(fragment(html), "annotation").map(textOf)

describe("mathHtml", () => {
  it("renders inline, display and \\( \\) math as MathML that carries its TeX", () => {
    const html = mathHtml("Loss $\\mathcal{L}_{KL}$ and $$\\sum_i x_i$$ and \\(a<b\\).")
    const p = fragment(html)
    const maths = elements(p, "math")
    assert.strictEqual(maths.length, 3)
    assert.strictEqual(attr(maths[1]!, "display"), "block")
    assert.deepStrictEqual(annotations(html), ["\\mathcal{L}_{KL}", "\\sum_i x_i", "a<b"])
    assert.strictEqual(elements(p, "msub").length, 2)
    assert.isTrue(textOf(p).startsWith("Loss "))
  })

  it("leaves prices, lone and escaped dollar signs as text (Pandoc's rule)", () => {
    for (const text of ["costs $5 and $10 a month", "a $ b", "open $x", "ends with $", "x $ y$"])
      assert.strictEqual(mathHtml(text), escapeHtml(text), text)
    assert.strictEqual(mathHtml("\\$5 and \\$6"), "$5 and $6")
    assert.deepStrictEqual(splitMath("$5 and $x$"), [{ text: "$5 and " }, { tex: "x", display: false }])
  })

  it("shows TeX that KaTeX cannot read as written, as text", () => {
    assert.strictEqual(mathHtml("bad $\\frac{a$ here"), escapeHtml("bad $\\frac{a$ here"))
    assert.strictEqual(mathHtml("$\\undefinedmacro x$"), escapeHtml("$\\undefinedmacro x$"))
  })

  it("never makes a link or a script from TeX (trust is off)", () => {
    const html = mathHtml("$\\href{javascript:alert(1)}{x}$ $\\url{https://e.x}$ $\\htmlId{a}{b}$")
    const p = fragment(html)
    assert.deepStrictEqual(elements(p, "a"), [])
    assert.deepStrictEqual(
      elements(p).filter((e) => attr(e, "href") !== undefined || attr(e, "id") !== undefined),
      []
    )
  })

  it("keeps any text around formulas as text, and only MathML inside them (property)", () => {
    const plain = fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\0$\\]/g, ""))
    const markup = fc.constantFrom("<", ">", "&", '"', "</p>", "<script>", "<!--")
    const tex = fc.constantFrom("x^2", "\\alpha<\\beta", "a \\& b", "\\text{<b>}", "\\frac{1}{n}", "</math>")
    const piece = fc.oneof(
      plain,
      markup,
      tex.map((t) => ({ tex: t }))
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        // a space between pieces, so no formula's closing `$` is followed by a digit or another `$`
        const text = pieces.map((p) => (typeof p === "string" ? p : `$${p.tex}$`)).join(" ")
        const p = fragment(mathHtml(text))
        const formulas = pieces.flatMap((p) => (typeof p === "string" ? [] : [p.tex]))
        assert.deepStrictEqual(elements(p, "annotation").map(textOf), formulas)
        const outside = elements(p).filter((e) => e.tagName !== "p" && e.tagName !== "span")
        for (const element of outside)
          assert.strictEqual(element.namespaceURI, "http://www.w3.org/1998/Math/MathML")
      }),
      { numRuns: 200 }
    )
  })
})
