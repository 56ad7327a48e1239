/**
 * LLM chatter in a title cell, seen in the real digests (docs/DIGESTS-NOTES.md counts every row): a prompt echoed
 * before the title, an explanation around it (`X 可以翻译为“Y”。这个术语通常…`), an answer that holds no title
 * (`好的，请提供需要翻译的英文文本…`, or an essay about the topic), and markdown emphasis inside it.
 */

export type ChatterKind = "prompt-echo" | "explanation" | "no-title" | "essay" | "emphasis"

/** `请帮我将以下内容翻译成中文：`, `将这段翻译成中文，`, `尽快帮我将这段翻译成中文：` before the title. */
const PROMPT_ECHO =
  /^(?:请|尽快|麻烦)?(?:帮我|帮忙)?将(?:以下|下面|这段|这句|该)(?:的)?(?:内容|文字|文本|话|标题)?翻译(?:成|为)中文\s*[：:，,]\s*/

/** Length of a prompt echo opening the line, 0 when there is none. */
export const promptEchoLength = (line: string): number => line.match(PROMPT_ECHO)?.[0].length ?? 0

/**
 * `X 可以翻译为“Y”`, `X 的中文翻译是“Y”`, `《E》可以翻译为《Y》`, `这段短语“E”可以翻译为中文为“Y”`: the translation is
 * the first quoted text after the verb (bold or not). What the verb needs before it keeps titles such as
 * `《风骚律师》：…` or `…通过艺术生成与翻译为您的视频增添风格` out of it.
 */
const EXPLANATION =
  /^[^\n]{1,160}?(?:可以|可|应)?(?:被)?(?:翻译|译)(?:为|成|作)(?:中文)?(?:为|是)?|^[^\n]{1,160}?的中文(?:翻译|译名|标题)(?:是|为)/
const QUOTED =
  /^\s*[：:]?\s*(?:\*\*)?\s*(?:“([^”\n]+)”|"([^"\n]+)"|《([^》\n]+)》|「([^」\n]+)」)\s*(?:\*\*)?/

/** The translation an explanation names, undefined when the line is no explanation. */
export const explainedTitle = (line: string): string | undefined => {
  const verb = line.match(EXPLANATION)
  if (verb === null) return undefined
  const quoted = line.slice(verb[0].length).match(QUOTED)
  if (quoted === null) return undefined
  const title = (quoted[1] ?? quoted[2] ?? quoted[3] ?? quoted[4] ?? "").trim()
  // The quoted text must be a translation, not the English being explained.
  return HAN.test(title) ? title : undefined
}

const HAN = /\p{Script=Han}/u

/** The translator asked for the text instead of translating it. */
const ASKS_FOR_TEXT = /请(?:您)?提供(?:需要|要|您想要|想要)?翻译的|请(?:您)?提供(?:英文)?(?:原文|文本)/

/** Sentences end with 。！？ (or `!`/`?`) followed by more text. */
const SENTENCE_END = /[。！？!?](?=[^。！？!?\s）)”"】』」])/g

/**
 * An essay about the topic instead of a translation: several sentences and long. Real titles with a full stop
 * (`合成对话者。利用生成式人工智能延长民族志访谈的实验`, `…。第一部分：分析设计`) stay under 100 characters.
 */
const isEssay = (line: string): boolean => line.length > 100 && (line.match(SENTENCE_END)?.length ?? 0) >= 1

export interface Chatter {
  readonly kind: ChatterKind
  /** The title found in it, "" when the answer holds none. */
  readonly title: string
}

/** What a title line that is LLM chatter holds, undefined when it is a plain title. */
export const readChatter = (line: string): Chatter | undefined => {
  const explained = explainedTitle(line)
  if (explained !== undefined) return { kind: "explanation", title: explained }
  if (ASKS_FOR_TEXT.test(line)) return { kind: "no-title", title: "" }
  if (isEssay(line)) return { kind: "essay", title: "" }
  return undefined
}

/** `奖励模型识别的是**一致性**，而非**因果关系**`: bold inside a title is markup, its text is the title's. */
export const stripEmphasis = (title: string): string =>
  title.includes("**") ? title.replace(/\*\*([^*\n]+?)\*\*/g, "$1") : title

/** `联邦微调大型语言模型（LLMs）：框架比较与研究方向的翻译如下：` announces a Chinese title: that title. */
export const titleInPreamble = (preamble: string): string | undefined => {
  const found = preamble
    .trim()
    .match(/^(.+?)的(?:中文)?翻译如下[：:]$/)?.[1]
    ?.trim()
  return found !== undefined && HAN.test(found) && !/以下|这段|标题/.test(found) ? found : undefined
}
