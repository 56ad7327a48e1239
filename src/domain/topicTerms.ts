/**
 * The text rule of topic terms (README "Topics"): texts and terms are NFKC-normalised and lower-cased; a term
 * with a CJK character matches as a substring, any other term as a whole word, with no letter or digit
 * directly before or after it, CJK characters not counting as letters. Pure string logic, no paper in sight.
 */

/** Han, kana, Hangul and Bopomofo: the scripts written without spaces between words. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u

/** NFKC, then lower case: full-width `ＬＬＭ` and `LLM` both become `llm`. */
export const normaliseText = (text: string): string => text.normalize("NFKC").toLowerCase()

export const hasCjkCharacter = (text: string): boolean => CJK.test(text)

/** A character that glues onto a word: a letter or digit that is not CJK (undefined: the edge of the text). */
const isWordCharacter = (character: string | undefined): boolean =>
  character !== undefined && LETTER_OR_DIGIT.test(character) && !CJK.test(character)

/** The code point ending just before `index` (a surrogate pair is one character). */
const characterBefore = (text: string, index: number): string | undefined => {
  if (index <= 0) return undefined
  const low = text.charCodeAt(index - 1)
  return low >= 0xdc00 && low <= 0xdfff && index >= 2 ? text.slice(index - 2, index) : text[index - 1]
}

const characterAt = (text: string, index: number): string | undefined => {
  const point = text.codePointAt(index)
  return point === undefined ? undefined : String.fromCodePoint(point)
}

/**
 * Whether `term` occurs in `text` under the rule; both already normalised (normaliseText). Beyond the edges of
 * a whole text there is nothing; `edgesAreLetters` says a letter may lie there (see termImplies).
 */
export const termOccurs = (
  text: string,
  term: string,
  options: { edgesAreLetters?: boolean } = {}
): boolean => {
  if (term === "") return false
  const substring = hasCjkCharacter(term)
  for (let index = text.indexOf(term); index !== -1; index = text.indexOf(term, index + 1)) {
    if (substring) return true
    const end = index + term.length
    const before = index === 0 && options.edgesAreLetters === true ? "a" : characterBefore(text, index)
    const after = end === text.length && options.edgesAreLetters === true ? "a" : characterAt(text, end)
    if (!isWordCharacter(before) && !isWordCharacter(after)) return true
  }
  return false
}

/**
 * Every text `term` occurs in also holds `other` (both normalised): `other` occurs inside `term` where its
 * neighbours are fixed by `term` itself, or lie beyond the edges of a whole-word `term`, which are never word
 * characters. (A substring `term` says nothing of its neighbours: there an edge may be a letter.)
 */
export const termImplies = (term: string, other: string): boolean =>
  termOccurs(term, other, { edgesAreLetters: hasCjkCharacter(term) })
