/**
 * Control characters in a digest (NUL, BS, ESC, DEL and the other C0 codes but tab and newline) mean nothing in
 * markdown and break XML and terminals: they are removed before the text is read, and reported by line.
 */

// Carriage returns are gone by now (normalizeText turns them into newlines).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g
// Not global: a global regex's test() moves lastIndex, and matchAll would start from there.
const ANY_CONTROL = new RegExp(CONTROL.source)

export interface ControlLine {
  /** 0-based line of the text. */
  readonly line: number
  /** The distinct characters found on it, as `U+001B`, in order of first appearance. */
  readonly codes: ReadonlyArray<string>
}

export interface StrippedText {
  readonly text: string
  readonly lines: ReadonlyArray<ControlLine>
}

const codePoint = (char: string): string =>
  `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`

/** The text without control characters, and where they were; removing them never moves a line. */
export const stripControlCharacters = (text: string): StrippedText => {
  if (!ANY_CONTROL.test(text)) return { text, lines: [] }
  const found = new Map<number, Set<string>>()
  let line = 0
  let scanned = 0
  for (const match of text.matchAll(CONTROL)) {
    for (
      let at = text.indexOf("\n", scanned);
      at !== -1 && at < match.index;
      at = text.indexOf("\n", at + 1)
    ) {
      line++
      scanned = at + 1
    }
    const codes = found.get(line) ?? new Set<string>()
    codes.add(codePoint(match[0]))
    found.set(line, codes)
  }
  return {
    text: text.replace(CONTROL, ""),
    lines: [...found].map(([at, codes]) => ({ line: at, codes: [...codes] }))
  }
}
