/** What translator notes, preambles and failure markers look like in the digests (DIGESTS.md). */

/** Words that open a translator's note: `翻译说明：`, `（注：`, `**翻译说明：**`, `【翻译要点说明】`, `备选方案：`… */
const NOTE_WORD =
  "(?:中文翻译说明|翻译要点说明|翻译说明|译文说明|解析说明|翻译解读|翻译注释|术语说明|补充说明|译者注|译注|说明|注释|注|解析|备注|备选方案|备选翻译|其他译法|或更学术化的表述|完整翻译)"

/** A paragraph or line that starts a note (with or without parentheses, bold or 【】). */
export const NOTE_START = new RegExp(
  String.raw`^[（(【]?\s*(?:\*\*)?\s*${NOTE_WORD}\s*(?:\*\*)?\s*(?:[：:]|】)`
)

/** A note glued after the title on its line: only in parentheses, so `说明` inside a title is safe. */
export const GLUED_NOTE = new RegExp(String.raw`\s*[（(]\s*${NOTE_WORD}\s*[：:]`)

/** A note glued after the abstract: opened after a sentence end, running to the end of the cell. */
export const ABSTRACT_GLUED_NOTE =
  /(?<=[。.!?！？”"）)])\s*[（(]\s*(?:注|译注|译者注|说明|翻译说明|译文说明|解析说明)\s*[：:]/

/** Every preamble holds one of these; most titles hold none, and skip the colon scan. */
const MAY_BE_PREAMBLE = /译|标题|以下是|^【/
const LABEL = /^(?:中文|学术)?(?:翻译|译文|标题|译名|中文标题|翻译结果|标题翻译|中文译名)$/
const BRACKET_LABEL = /^【(?:学术译文|译文|翻译|中文翻译|标题)】\s*/

/** Index of the first `：`/`:` outside quotes (quoted English titles hold colons), -1 when none. */
const firstColon = (line: string, limit: number): number => {
  let closing = ""
  for (let i = 0; i < line.length && i < limit; i++) {
    const c = line[i]!
    if (closing !== "") {
      if (c === closing) closing = ""
    } else if (c === '"') closing = '"'
    else if (c === "“") closing = "”"
    else if (c === "：" || c === ":") return i
  }
  return -1
}

const skipSpaces = (line: string, from: number): number => {
  let end = from
  while (end < line.length && /\s/.test(line[end]!)) end++
  return end
}

/** `…翻译如下：`, `…翻译为：`, `…翻译成中文是：`: how a glued preamble ends, even after an English title with colons. */
const PREAMBLE_END = /(?:翻译|译)[^：:\n]{0,8}?(?:如下|为|是)\s*[：:]/

/**
 * Length of a preamble opening the line, 0 when there is none: `中文翻译：`, `标题：`, `以下是…翻译：`,
 * `这段英文翻译成中文是：`, `建议将"Y: Z"翻译为：`, `…的翻译如下：`, `【学术译文】`.
 */
export const preambleLength = (line: string): number => {
  if (!MAY_BE_PREAMBLE.test(line)) return 0
  const bracket = line.match(BRACKET_LABEL)
  if (bracket !== null) return bracket[0].length
  // A line before the title that ends with a colon and speaks of translating only announces the title.
  const trimmed = line.trimEnd()
  if (trimmed.length < 300 && /[：:]$/.test(trimmed) && /译|以下是|^标题/.test(trimmed)) return line.length
  // Preambles are short; a colon far into the line belongs to the title or the prose.
  const ending = line.slice(0, 200).match(PREAMBLE_END)
  if (ending?.index !== undefined) return skipSpaces(line, ending.index + ending[0].length)
  const colon = firstColon(line, 160)
  if (colon < 0) return 0
  const prefix = line.slice(0, colon).trim()
  return prefix.startsWith("以下是") || LABEL.test(prefix) ? skipSpaces(line, colon + 1) : 0
}

/** The marker the translator leaves when it gave up; the English text before it is kept. */
export const TRANSLATION_FAILED = /\s*\[翻译失败[^\]\n]*\]\s*/g
export const hasTranslationFailed = (text: string): boolean => text.includes("[翻译失败")

/** Markers that must never survive in a cleaned title (the issue's "Done when"). */
export const TITLE_NOTE_MARKERS: ReadonlyArray<string> = [
  "翻译说明",
  "说明：",
  "（注：",
  "解析说明",
  "（解析：",
  "以下是",
  "中文翻译：",
  "标题：",
  "[翻译失败]"
]
