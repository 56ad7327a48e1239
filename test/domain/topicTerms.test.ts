/** The text rule of topic terms: whole words for Latin terms (CJK not counting as letters), substrings for CJK. */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { hasCjkCharacter, normaliseText, termImplies, termOccurs } from "../../src/domain/topicTerms.ts"

const occurs = (text: string, term: string) => termOccurs(normaliseText(text), normaliseText(term))

// (no ß: upper-cased it becomes SS, which lower case does not turn back; the rule lower-cases, it does not fold)
const wordChar = fc.constantFrom(..."abcxyz019éжλ")
const word = fc.array(wordChar, { minLength: 1, maxLength: 6 }).map((cs) => cs.join(""))
const cjkChar = fc.constantFrom(..."基于的方法图扩散模型ひカ한")
const nonWordChar = fc.constantFrom(..." -_.,;:()[]/\n，。（）")
/** Text with no term in it by accident: only characters no generated term contains. */
const filler = fc.array(fc.oneof(cjkChar, nonWordChar), { maxLength: 8 }).map((cs) => cs.join(""))

describe("topic terms", () => {
  it("match as the README says", () => {
    assert.isTrue(occurs("基于LLM的方法", "llm"))
    assert.isFalse(occurs("we fine-tune llm2vec", "llm"))
    assert.isTrue(occurs("llm2vec and an llm", "llm"))
    assert.isFalse(occurs("a subgraph sampler", "graph"))
    assert.isTrue(occurs("graph-based, (graph)", "graph"))
    assert.isTrue(occurs("LLM-based", "llm"))
    assert.isTrue(occurs("(LLM)", "llm"))
    assert.isFalse(occurs("LLM agents", "agent"))
    assert.isTrue(occurs("扩散模型的综述", "扩散"))
    assert.isTrue(occurs("Large Language Models", "large language model") === false)
    assert.isTrue(occurs("a large  language model", "large language model") === false)
    assert.isTrue(occurs("on Large Language Model agents", "large language model"))
    assert.isTrue(occurs("ＬＬＭ推理", "llm"), "full-width letters are NFKC-folded")
    assert.isTrue(occurs("GPT-4o", "gpt-4o"))
    assert.isFalse(occurs("GPT-4o", "gpt-4"))
    assert.isFalse(occurs("", "llm"))
    assert.isTrue(occurs("x\u{20000}llm", "llm"), "a CJK character outside the BMP does not glue")
  })

  it("a Latin term surrounded by CJK text or punctuation always matches", () => {
    fc.assert(
      fc.property(filler, word, filler, fc.boolean(), (before, term, after, upper) =>
        occurs(`${before}${upper ? term.toUpperCase() : term}${after}`, term)
      )
    )
  })

  it("a Latin term glued to letters or digits on either side never matches", () => {
    fc.assert(
      fc.property(filler, word, word, fc.boolean(), filler, (outer, term, glue, gluedBefore, outerAfter) => {
        const text = gluedBefore
          ? `${outer}${glue}${term}${outerAfter}`
          : `${outer}${term}${glue}${outerAfter}`
        return !occurs(text, term)
      })
    )
  })

  it("a term with a CJK character matches as a substring, whatever surrounds it", () => {
    fc.assert(
      fc.property(word, fc.array(cjkChar, { minLength: 1, maxLength: 3 }), word, (before, cjk, after) => {
        const term = `x${cjk.join("")}`
        return hasCjkCharacter(term) && occurs(`${before}${term}${after}`, term)
      })
    )
  })

  it("full-width forms and case never change whether a term matches", () => {
    const fullWidth = (text: string) =>
      text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
    fc.assert(
      fc.property(filler, fc.stringMatching(/^[a-z0-9]{1,5}$/), filler, (before, term, after) => {
        const text = `${before}${term}${after}`
        return occurs(fullWidth(text.toUpperCase()), term) === occurs(text, term)
      })
    )
  })

  it("termImplies is sound: whenever the implying term matches a text, the implied one does too", () => {
    const small = fc.array(fc.constantFrom("a", "b", " ", "-", "图", "1"), { minLength: 1, maxLength: 4 })
    fc.assert(
      fc.property(small, small, fc.array(fc.constantFrom("a", "b", " ", "-", "图", "1", "x")), (a, n, t) => {
        const [term, other, text] = [a.join(""), n.join(""), t.join("")]
        if (term.trim() === "" || other.trim() === "") return true
        return !termImplies(term, other) || !termOccurs(text, term) || termOccurs(text, other)
      }),
      { numRuns: 5000 }
    )
  })

  it("termImplies finds the implications a topic would die of", () => {
    assert.isTrue(termImplies("large language model", "language"))
    assert.isTrue(termImplies("扩散模型", "扩散"))
    assert.isTrue(termImplies("llm", "llm"))
    assert.isFalse(termImplies("llm2vec", "llm"))
    assert.isFalse(termImplies("扩散", "扩散模型"))
    // a CJK term is a substring: what lies next to it is unknown, so a word at its edge is not implied
    assert.isFalse(termImplies("llm的", "llm"))
    assert.isTrue(termImplies("的llm的", "llm"))
  })
})
