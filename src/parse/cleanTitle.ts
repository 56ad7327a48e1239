/**
 * Cleans a title cell: the title on one line, everything else the translator wrote (preambles, notes,
 * alternative titles, bare prose) into the note. Only markup (`##`, `**`, wrapping `《》` or quotes) is dropped.
 */
import {
  GLUED_NOTE,
  hasTranslationFailed,
  NOTE_START,
  preambleLength,
  TRANSLATION_FAILED
} from "./noteMarkers.ts"
import { unescapePipes } from "./TextLines.ts"
import {
  type ChatterKind,
  promptEchoLength,
  readChatter,
  stripEmphasis,
  titleInPreamble
} from "./titleChatter.ts"

export interface CleanTitle {
  readonly title: string
  readonly note: string | null
  readonly translationFailed: boolean
  /** What LLM chatter the title was taken out of (titleChatter.ts), null for none. */
  readonly chatter: ChatterKind | null
}

const PAIRS: Readonly<Record<string, string>> = { "《": "》", "“": "”", '"': '"', "「": "」", "『": "』" }

/** The text inside `open…close` when that pair wraps all of `s` (optionally followed by `。`), else undefined. */
const unwrapPair = (s: string): string | undefined => {
  const open = s[0]
  const close = open === undefined ? undefined : PAIRS[open]
  if (close === undefined) return undefined
  const body = s.endsWith(`${close}。`) ? s.slice(0, -1) : s
  if (body.length < 3 || !body.endsWith(close)) return undefined
  if (open === close) return body.indexOf(close, 1) === body.length - 1 ? body.slice(1, -1) : undefined
  // `《奥德赛》中的CAMP：…` and `《A》与《B》` start and end with marks that do not wrap the whole title.
  let depth = 0
  for (let i = 0; i < body.length; i++) {
    if (body[i] === open) depth++
    else if (body[i] === close && --depth === 0) return i === body.length - 1 ? body.slice(1, -1) : undefined
  }
  return undefined
}

const MARKUP_START = /^[#*_《“"「『]/

/** Drops markup around a whole line: headings, bold, and marks or quotes wrapping all of it. */
export const stripMarkup = (line: string): string => {
  let s = line.trim()
  // Most titles carry no markup at all: skip the regexes (this runs on every title).
  if (!MARKUP_START.test(s)) return s
  for (;;) {
    const before = s
    s = s.replace(/^#{1,6}\s+/, "").trim()
    const bold = s.match(/^(\*\*|__)(.+)\1$/)
    if (bold?.[2] !== undefined && !bold[2].includes(bold[1]!)) s = bold[2].trim()
    s = unwrapPair(s)?.trim() ?? s
    if (s === before) return s
  }
}

const RULE = /^\s*(?:[-*_=]\s*){3,}$/
const BOLD_LABEL = /^\*\*([^*\n]{1,40}?[：:])\s*\*\*\s*/

const joinNote = (parts: ReadonlyArray<string>): string | null => {
  const note = parts
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
  return note === "" ? null : note
}

/** A title the translator gave up on: the English before the marker, hard wraps folded. */
const failedTitle = (cell: string): CleanTitle => {
  const marker = cell.search(/\[翻译失败/)
  const close = cell.indexOf("]", marker)
  const title = stripMarkup(cell.slice(0, marker).replace(/\s*\n\s*/g, " "))
  const rest = close < 0 ? "" : cell.slice(close + 1).replace(TRANSLATION_FAILED, " ")
  return { title, note: joinNote([rest]), translationFailed: true, chatter: null }
}

export const cleanTitle = (raw: string): CleanTitle => {
  const cell = unescapePipes(raw)
  if (hasTranslationFailed(cell)) return failedTitle(cell)
  const lines = cell.split("\n").map((line) => line.trimEnd())
  const before: Array<string> = []
  for (let i = 0; i < lines.length; i++) {
    // A horizontal rule is markup only; a bold label (`**标题：** X`) is a label like any other.
    if (RULE.test(lines[i]!)) continue
    const line = stripMarkup(lines[i]!).replace(BOLD_LABEL, "$1")
    if (line === "") {
      if (lines[i]!.trim() !== "") before.push(lines[i]!.trim())
      else if (before.length > 0) before.push("")
      continue
    }
    // A note before any title (never seen, but then the title is the next paragraph, not the note).
    if (NOTE_START.test(line)) {
      for (; i < lines.length && lines[i]!.trim() !== ""; i++) before.push(lines[i]!)
      before.push("")
      continue
    }
    const preamble = preambleLength(line)
    const echo = preamble > 0 ? 0 : promptEchoLength(line)
    if (preamble + echo > 0) before.push(line.slice(0, preamble + echo).trim())
    let candidate = line.slice(preamble + echo)
    let glued = ""
    const note = candidate.search(GLUED_NOTE)
    if (note > 0) {
      glued = candidate.slice(note).trim()
      candidate = candidate.slice(0, note)
    }
    const title = stripMarkup(candidate)
    if (title === "") {
      if (glued !== "") before.push(glued)
      continue
    }
    const rest = lines.slice(i + 1)
    const chatter = readChatter(title)
    if (chatter !== undefined) {
      // The whole answer goes to the note: nothing the translator wrote is lost.
      const answer = joinNote([...before, title, glued, ...rest])
      const named =
        chatter.title === "" ? before.map(titleInPreamble).find((t) => t !== undefined) : undefined
      const found = stripMarkup(stripEmphasis(named ?? chatter.title))
      return { title: found, note: answer, translationFailed: false, chatter: chatter.kind }
    }
    const plain = stripEmphasis(title)
    const kind = plain !== title ? "emphasis" : echo > 0 ? "prompt-echo" : null
    return {
      title: plain,
      note: joinNote([...before, glued, ...rest]),
      translationFailed: false,
      chatter: kind
    }
  }
  return { title: "", note: joinNote(before), translationFailed: false, chatter: null }
}
