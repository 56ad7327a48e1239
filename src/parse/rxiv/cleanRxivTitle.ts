/**
 * The title of a bioRxiv/medRxiv row: arXiv's title cleaning (cleanTitle) plus what only these digests hold:
 * the older model's `请将以下内容翻译成中文：` preamble, bold markup inside the title, and in layout A cells that
 * are no title at all (an essay, an explanation): there the intact English Title column takes over.
 */
import { cleanTitle, stripMarkup } from "../cleanTitle.ts"
import { TITLE_NOTE_MARKERS } from "../noteMarkers.ts"
import { inlineHtmlToText } from "./inlineHtml.ts"

const HAN = /\p{Script=Han}/u
const LATIN = /[A-Za-z]/

/** English left where Chinese should be: the translator failed without saying so (no `[翻译失败]` here). */
export const isUntranslated = (text: string): boolean => text !== "" && LATIN.test(text) && !HAN.test(text)

/**
 * `请将以下内容翻译成中文：`, `帮我将这段翻译成中文，`: a request echoed back before the title (layout A); and
 * labels arXiv's cleaning does not know (`研究标题：`).
 */
const ECHOED_REQUEST =
  /^(?:(?:请|帮我|帮助我)?将(?:以下|这段|下面)[^：:，,\n]{0,12}?翻译成中文[^：:，,\n]{0,4}?[：:，,]|(?:研究|论文|文章)标题[：:])\s*/

/**
 * A Chinese title runs at most about 1.25 times as many characters as its English one (the real maximum in
 * layout A); a cell twice as long is prose about the title, not the title.
 */
const NOT_A_TITLE_RATIO = 2

export interface RxivTitle {
  readonly title: string
  readonly note: string | null
  /** The title is English: untranslated, or layout A's English column replacing a cell that holds none. */
  readonly translationFailed: boolean
  /** Layout A only: the Chinese cell was prose, not a title, and went whole into the note. */
  readonly proseReplaced: boolean
}

export const oneLine = (text: string): string => inlineHtmlToText(text).replace(/\s+/g, " ").trim()

export const cleanRxivTitle = (cell: string, english: string | null): RxivTitle => {
  const cleaned = cleanTitle(cell)
  const request = cleaned.title.match(ECHOED_REQUEST)?.[0] ?? ""
  const noteParts = [request.trim(), cleaned.note ?? ""].filter((part) => part !== "")
  const note = noteParts.length === 0 ? null : inlineHtmlToText(noteParts.join("\n"))
  const title = stripMarkup(oneLine(cleaned.title.slice(request.length)).replaceAll("**", ""))
  if (english === null || english === "")
    return { title, note, translationFailed: isUntranslated(title), proseReplaced: false }
  if (title === "" || isUntranslated(title))
    return { title: english, note, translationFailed: true, proseReplaced: false }
  if (title.length > NOT_A_TITLE_RATIO * english.length) {
    const prose = oneLine(cell) === "" ? null : cell.trim()
    return { title: english, note: prose, translationFailed: true, proseReplaced: true }
  }
  return { title, note, translationFailed: false, proseReplaced: false }
}

/** Markers that must never survive in a cleaned bioRxiv/medRxiv title: arXiv's, and layout A's chatter. */
export const RXIV_TITLE_NOTE_MARKERS: ReadonlyArray<string> = [
  ...TITLE_NOTE_MARKERS,
  "翻译解释",
  "翻译成中文",
  "翻译如下",
  "翻译为：",
  "（说明",
  "希望这",
  "希望对",
  "**",
  "##",
  "\n",
  "\t"
]
