/** BibTeX field text: LaTeX specials escaped so every BibTeX reader gets the exact text back, UTF-8 kept. */
import { cleanLine, cleanText } from "./cleanText.ts"
import type { PersonName } from "./PersonName.ts"

const SIMPLE: Record<string, string> = {
  "\\": "\\textbackslash{}",
  $: "\\$",
  "&": "\\&",
  "%": "\\%",
  "#": "\\#",
  _: "\\_",
  "^": "\\textasciicircum{}",
  "~": "\\textasciitilde{}",
  // OT1 fonts print < and > as ¡ and ¿, and so do BibTeX readers that follow TeX
  "<": "\\textless{}",
  ">": "\\textgreater{}"
}

/** Characters escaped one for one; braces need the pairing below. */
const SIMPLE_CHARS = /[\\$&%#_^~<>]/g

/**
 * Escapes one line of text for a brace-delimited field (specials, `<>`, ligatures). LaTeX (`$L^p$`) is escaped
 * like any other text: the field then reads back as exactly what arXiv or the digest wrote, which is what
 * Zotero shows anyway. Braces: classic BibTeX counts `{` and `}` even after a backslash, so only braces that
 * pair up in the text become `\{ \}` (balanced either way); a lone brace becomes `\textbraceleft{}` /
 * `\textbraceright{}`. TeX ligatures that would change the text (-- --- `` '' ?` !`) get an empty group
 * between their characters; no escape sequence contains those characters, so this runs on the output.
 */
export const escapeBibtex = (text: string): string => {
  const escaped = /[{}]/.test(text)
    ? escapeWithBraces(text)
    : text.replace(SIMPLE_CHARS, (c) => SIMPLE[c] ?? c)
  return /--|``|''|[?!]`/.test(escaped)
    ? escaped
        .replace(/-(?=-)/g, "-{}")
        .replace(/`(?=`)/g, "`{}")
        .replace(/'(?=')/g, "'{}")
        .replace(/([?!])(?=`)/g, "$1{}")
    : escaped
}

const escapeWithBraces = (text: string): string => {
  const paired = new Set<number>()
  const open: Array<number> = []
  for (let index = 0; index < text.length; index++) {
    const char = text[index]
    if (char === "{") open.push(index)
    else if (char === "}" && open.length > 0) {
      paired.add(open.pop() ?? -1)
      paired.add(index)
    }
  }
  let out = ""
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? ""
    if (char === "{") out += paired.has(index) ? "\\{" : "\\textbraceleft{}"
    else if (char === "}") out += paired.has(index) ? "\\}" : "\\textbraceright{}"
    else out += SIMPLE[char] ?? char
  }
  return out
}

/** A field value on one line: cleaned, white space folded, escaped. */
export const bibLine = (text: string): string => escapeBibtex(cleanLine(text))

/** A multi-line value (annote): each line folded and escaped, lines kept. */
export const bibLines = (lines: ReadonlyArray<string>): string =>
  lines
    .map((line) => cleanText(line))
    .map(bibLine)
    .filter((line) => line !== "")
    .join("\n")

/** `and` at brace level 0 separates names and a comma separates name parts: such a part is braced. */
const protect = (part: string): string => (/,|(?:^|\s)and(?:\s|$)/i.test(part) ? `{${part}}` : part)

/** One name in BibTeX's `Last, First` / `Last, Jr, First` form (the only form Zotero splits exactly). */
export const bibtexName = (name: PersonName): string => {
  if (name.kind === "literal") return `{${bibLine(name.literal)}}`
  const family = protect(bibLine(name.family))
  const given = protect(bibLine(name.given))
  const suffix = bibLine(name.suffix)
  if (suffix !== "") return `${family}, ${suffix}, ${given}`
  return given === "" ? `${family},` : `${family}, ${given}`
}
