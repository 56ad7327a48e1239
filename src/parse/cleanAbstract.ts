/**
 * Cleans an abstract cell: the abstract keeps its paragraphs; translator notes after it (`（注：…）`,
 * `（翻译说明：…）`, `说明：`) go to the note; a failed translation keeps its English with hard wraps folded.
 */
import { ABSTRACT_GLUED_NOTE, hasTranslationFailed, NOTE_START, TRANSLATION_FAILED } from "./noteMarkers.ts"
import { unescapePipes } from "./TextLines.ts"

export interface CleanAbstract {
  readonly abstract: string
  readonly note: string | null
  readonly translationFailed: boolean
}

/** A first line that only announces the translation; glued (`中文翻译：…`) or alone. */
const PREAMBLE = /^(?:以下是[^：:\n]{0,60}|中文翻译|译文|中文摘要|摘要翻译)[：:][ \t]*\n?/

const foldWraps = (text: string): string => text.replace(/\s*\n\s*/g, " ").trim()

const orNull = (text: string): string | null => (text === "" ? null : text)

const failedAbstract = (text: string): CleanAbstract => {
  const marker = text.search(/\[翻译失败/)
  const close = text.indexOf("]", marker)
  const rest = close < 0 ? "" : text.slice(close + 1).replace(TRANSLATION_FAILED, " ")
  return { abstract: foldWraps(text.slice(0, marker)), note: orNull(rest.trim()), translationFailed: true }
}

export const cleanAbstract = (raw: string): CleanAbstract => {
  const cell = unescapePipes(raw)
  // Most abstracts are one line without trailing blanks: skip the line-by-line pass for them.
  const text = (/[ \t]\n/.test(cell) ? cell.replace(/[ \t]+\n/g, "\n") : cell).trim()
  if (hasTranslationFailed(text)) return failedAbstract(text)
  let preamble = ""
  let body = text
  const opening = body.match(PREAMBLE)
  if (opening !== null && opening[0].length < body.length) {
    preamble = opening[0].trim()
    body = body.slice(opening[0].length).trimStart()
  }
  const paragraphs = body.split(/\n{2,}/)
  // The first paragraph is always abstract: a cell that is only a note is still the text we have.
  const noteAt = paragraphs.findIndex((paragraph, i) => i > 0 && NOTE_START.test(paragraph.trimStart()))
  const kept = noteAt < 0 ? paragraphs : paragraphs.slice(0, noteAt)
  const trailing = noteAt < 0 ? "" : paragraphs.slice(noteAt).join("\n\n")
  // A note glued to the last sentence, `…。（注：…）`, running to the end of that paragraph.
  let last = kept.pop() ?? ""
  let glued = ""
  const at = last.includes("注") || last.includes("说明") ? last.search(ABSTRACT_GLUED_NOTE) : -1
  if (at > 0 && /[）)]$/.test(last)) {
    glued = last.slice(at).trim()
    last = last.slice(0, at).trimEnd()
  }
  kept.push(last)
  const note = [preamble, glued, trailing].filter((part) => part !== "").join("\n\n")
  return { abstract: kept.join("\n\n"), note: orNull(note), translationFailed: false }
}
