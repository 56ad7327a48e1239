/**
 * BibTeX field text, UTF-8 kept. Two kinds of text: arXiv's titles and abstracts are TeX (their authors write
 * `$k$-NN`, `Schr\"odinger`, `5\%`), so they pass through with only what would break BibTeX or LaTeX escaped
 * (texField); names, categories and URLs are plain text and are escaped whole (escapeBibtex).
 */
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
 * Classic BibTeX counts every `{` and `}`, even after a backslash, and a field ends where its depth returns to
 * zero: the indices of braces with a partner, as BibTeX pairs them. A brace without one breaks the entry.
 */
const pairedBraces = (text: string, tex = false): ReadonlySet<number> => {
  const paired = new Set<number>()
  const open: Array<number> = []
  // In TeX, `\{` is a literal brace: a TeX-aware reader (Better BibTeX's parser) pairs it only with `\}`, so
  // escaped and bare braces pair only among themselves; either way each pair balances for classic BibTeX.
  const escapedOpen: Array<number> = []
  for (let index = 0; index < text.length; index++) {
    const char = text[index]
    if (char !== "{" && char !== "}") continue
    let backslashes = 0
    while (tex && text[index - 1 - backslashes] === "\\") backslashes++
    const stack = backslashes % 2 === 1 ? escapedOpen : open
    if (char === "{") stack.push(index)
    else if (stack.length > 0) {
      paired.add(stack.pop() ?? -1)
      paired.add(index)
    }
  }
  return paired
}

/**
 * Escapes plain text (a name, a category, a URL) so every BibTeX reader gets it back exactly: specials, `<>`,
 * braces (paired ones become `\{ \}`, a lone one `\textbraceleft{}`) and the TeX ligatures -- --- `` '' ?` !`
 * (an empty group between their characters; no escape sequence contains them, so this runs on the output).
 */
export const escapeBibtex = (text: string): string => {
  let escaped: string
  if (/[{}]/.test(text)) {
    const paired = pairedBraces(text)
    escaped = ""
    for (let index = 0; index < text.length; index++) {
      const char = text[index] ?? ""
      if (char === "{") escaped += paired.has(index) ? "\\{" : "\\textbraceleft{}"
      else if (char === "}") escaped += paired.has(index) ? "\\}" : "\\textbraceright{}"
      else escaped += SIMPLE[char] ?? char
    }
  } else escaped = text.replace(SIMPLE_CHARS, (c) => SIMPLE[c] ?? c)
  return /--|``|''|[?!]`/.test(escaped)
    ? escaped
        .replace(/-(?=-)/g, "-{}")
        .replace(/`(?=`)/g, "`{}")
        .replace(/'(?=')/g, "'{}")
        .replace(/([?!])(?=`)/g, "$1{}")
    : escaped
}

/**
 * Control symbols valid in running text: escapes (`\%`), accents (`\"o`), spaces (`\,` `\ `), `\-` `\/` `\@`
 * and `\\`. Others (`\]`, `\(`, `\|`) are errors outside math or math delimiters that rarely pair up in an
 * abstract: their backslash is written as text.
 */
const CONTROL_SYMBOLS: ReadonlySet<string> = new Set([..."%$&#_{}\\\"'`^~=.,;:/-@ "])

/** Control symbols valid in math only: the norm bars `\|` and the negative thin space `\!`. */
const MATH_CONTROL_SYMBOLS: ReadonlySet<string> = new Set(["|", "!"])

/**
 * Math delimiters (`$` or `$$`, unescaped) by index and length, paired left to right as TeX reads them: `$`
 * closes at the next `$` (`$L^p$$` is math, then a lone `$`), `$$` at the next `$$`. What stays unpaired
 * (and a `$` inside `$$…$$`) is text.
 */
const mathDelimiters = (text: string): ReadonlyMap<number, number> => {
  const paired = new Map<number, number>()
  let open: readonly [number, number] | null = null
  for (let index = 0; index < text.length; index++) {
    if (text[index] === "\\") {
      index++
      continue
    }
    if (text[index] !== "$") continue
    const double = text[index + 1] === "$"
    if (open === null) {
      open = [index, double ? 2 : 1]
      if (double) index++
    } else if (open[1] === 1) {
      paired.set(open[0], 1).set(index, 1)
      open = null
    } else if (double) {
      paired.set(open[0], 2).set(index, 2)
      open = null
      index++
    }
  }
  return paired
}

/**
 * TeX from arXiv (a title or abstract) for a brace-delimited field: balanced `$…$` math (`$$…$$` as `$…$`),
 * commands (`\"o`, `\emph{…}`, `\%`), paired braces, `~`, `--` and quotes pass through as TeX. Escaped, because
 * they break BibTeX or stop LaTeX with an error wherever they stand: a brace without a partner (BibTeX would end
 * the field there), a bare `%` (LaTeX drops the rest of the line, closing brace included), `&` and `#` (alignment
 * and parameter characters, errors in math too), a `$` without a partner, a backslash ending the text, and `_` `^`
 * outside math ("Missing $ inserted"). `<` `>` outside math become `\textless{}` `\textgreater{}`: in text, OT1
 * fonts print them as ¡ ¿, and so do BibTeX readers that follow TeX (Better BibTeX's parser).
 */
export const texField = (text: string): string => {
  const paired = pairedBraces(text, true)
  const math = mathDelimiters(text)
  let out = ""
  let inMath = false
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? ""
    if (char === "\\") {
      const next = text[index + 1]
      if (next === undefined) out += "\\textbackslash{}"
      else if ((next === "{" || next === "}") && !paired.has(index + 1)) {
        out += next === "{" ? "\\textbraceleft{}" : "\\textbraceright{}"
        index++
      } else if (/[A-Za-z]/.test(next)) {
        const name = /^[A-Za-z]+/.exec(text.slice(index + 1))?.[0] ?? next
        out += `\\${name}`
        index += name.length
        // XeTeX and LuaTeX read a non-ASCII letter as a letter: `\hatρ` would be one undefined command there
        if (/^\p{L}/u.test(text.slice(index + 1, index + 3))) out += " "
      } else if (CONTROL_SYMBOLS.has(next) || (inMath && MATH_CONTROL_SYMBOLS.has(next))) {
        out += `\\${next}`
        index++
      } else out += "\\textbackslash{}"
    } else if (char === "{" || char === "}") {
      out += paired.has(index) ? char : char === "{" ? "\\textbraceleft{}" : "\\textbraceright{}"
    } else if (char === "$") {
      const length = math.get(index)
      if (length === undefined) out += "\\$"
      else {
        inMath = !inMath
        // A field is run-in text: display math there breaks the printed entry's paragraph, and Better BibTeX's
        // parser (what Zotero imports with) refuses it ("unhandled displaymath"). `$$…$$` is written as `$…$`.
        out += "$"
        index += length - 1
      }
    } else if (char === "%" || char === "&" || char === "#") out += `\\${char}`
    else if (!inMath && char === "_") out += "\\_"
    else if (!inMath && char === "^") out += "\\textasciicircum{}"
    else if (!inMath && (char === "<" || char === ">")) out += SIMPLE[char] ?? char
    else out += char
  }
  return out
}

/** A plain-text field value on one line: cleaned, white space folded, escaped. */
export const bibLine = (text: string): string => escapeBibtex(cleanLine(text))

/** A TeX field value (title, abstract) on one line: cleaned, white space folded, TeX kept. */
export const texLine = (text: string): string => texField(cleanLine(text))

/** A multi-line value (annote) from lines already escaped: each line cleaned of line breaks, empty ones dropped. */
export const bibLines = (lines: ReadonlyArray<string>): string =>
  lines
    .map((line) => cleanText(line).replace(/\s+/g, " ").trim())
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
