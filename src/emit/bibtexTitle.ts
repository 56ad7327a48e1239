/**
 * Brace protection of a BibTeX title. Styles such as plain.bst sentence-case titles (change.case$ "t" keeps
 * the first letter and lower-cases everything at brace depth 0), and Zotero or citeproc sentence-case them on
 * import: a word in braces keeps its capitals. Protected, as DBLP and Zotero's BibTeX export do: words with a
 * capital after their first character (`{TokenFlow}`, `{LLMs}`, `{3D}`, `{RGB-D}`, `$k$-{NN}`). In a title
 * written in sentence case, a capitalised word that does not start the title or a subtitle is a proper noun
 * and is protected too (`{Schr\"odinger}`, `{Bethe}`); in a title-case title nothing tells a proper noun from
 * any other word, so only the first rule applies there. Math, commands and existing brace groups are left as
 * they are.
 */

interface Run {
  readonly start: number
  readonly end: number
  /** The run's letters without accent commands or braces: what the rules look at. */
  readonly plain: string
  /** First word of the title or of a subtitle (after `:` `?` `!` `.`). */
  readonly initial: boolean
}

/** Words that stay lower-case in title case: their being lower-case says nothing about the title's style. */
const MINOR_WORDS: ReadonlySet<string> = new Set(
  (
    "a an the and but or nor for so yet as at by in of off on per to up via vs with from into onto over upon " +
    "than that this its their our between through without within across against among under versus toward " +
    "towards beyond about after before during"
  ).split(" ")
)

const CJK = /[\u3000-\u303F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/u
const isWordChar = (char: string): boolean => /[\p{L}\p{M}\p{N}'’.+-]/u.test(char) && !CJK.test(char)
const ACCENTS = new Set(["'", '"', "`", "^", "~", "=", "."])

/** Length of the TeX token at `index` (a command with its argument, a brace group, a math span). */
const groupEnd = (text: string, index: number): number => {
  let depth = 0
  for (let at = index; at < text.length; at++) {
    if (text[at] === "\\") at++
    else if (text[at] === "{") depth++
    else if (text[at] === "}" && --depth === 0) return at + 1
  }
  return text.length
}

/** An accent command and its letter (`\"o`, `\'{e}`, `\v{c}`): part of a word. Its end, or -1. */
const accentEnd = (text: string, index: number): number => {
  const command = text[index + 1] ?? ""
  const after = index + 2
  if (ACCENTS.has(command) || /[uvHckdbrt]/.test(command)) {
    if (text[after] === "{") return groupEnd(text, after)
    if (ACCENTS.has(command) && /\p{L}/u.test(text[after] ?? "")) return after + 1
  }
  return -1
}

/** The words of a TeX title at brace depth 0 outside math, with where they start and end. */
const wordRuns = (text: string): ReadonlyArray<Run> => {
  const runs: Array<Run> = []
  let start = -1
  let plain = ""
  let initial = true
  const close = (end: number) => {
    if (start >= 0) {
      // a word's trailing `.`, `-` or quote is punctuation (`Retrieval.`, `RL-`), and so is a leading one
      const trailing = plain.length - plain.replace(/[.'’+-]+$/, "").length
      const leading = plain.length - plain.replace(/^[.'’+-]+/, "").length
      const trimmed = plain.slice(leading, plain.length - trailing)
      if (trimmed !== "") runs.push({ start: start + leading, end: end - trailing, plain: trimmed, initial })
      initial = false
    }
    start = -1
    plain = ""
  }
  for (let index = 0; index < text.length; ) {
    const char = text[index] ?? ""
    if (char === "\\") {
      const end = accentEnd(text, index)
      if (end > 0) {
        if (start < 0) start = index
        plain += text
          .slice(index, end)
          .replace(/[^\p{L}]/gu, "")
          .slice(-1)
        index = end
        continue
      }
      close(index)
      // a command name, or one escaped character (`\%`, `\$`)
      const name = /^\\(?:[A-Za-z]+|.)/s.exec(text.slice(index))?.[0] ?? "\\"
      index += name.length
    } else if (char === "$") {
      close(index)
      const display = text[index + 1] === "$"
      const end = text.indexOf(display ? "$$" : "$", index + (display ? 2 : 1))
      index = end < 0 ? text.length : end + (display ? 2 : 1)
    } else if (char === "{") {
      const end = groupEnd(text, index)
      // a group inside a word (`Schr{\"o}dinger`) belongs to it; a group on its own is protected already
      if (start >= 0) plain += text.slice(index, end).replace(/[^\p{L}]/gu, "")
      else close(index)
      index = end
    } else if (isWordChar(char)) {
      if (start < 0) start = index
      plain += char
      index++
    } else {
      close(index)
      if (/[:?!.]/.test(char)) initial = true
      else if (!/\s/.test(char) && char !== "(" && char !== '"') initial = false
      index++
    }
  }
  close(text.length)
  return runs
}

const startsUpper = (word: string): boolean => /^\p{Lu}/u.test(word)
/** A capital after the first character of the word or of one of its hyphenated parts (`RGB-D`, not `Dual-Arm`). */
const hasInnerCapital = (word: string): boolean => word.split("-").some((part) => /^.+\p{Lu}/su.test(part))

/**
 * Sentence case when lower-case words that title case would capitalise outnumber the capitalised words that
 * start neither the title nor a subtitle ("Solving the Schrödinger equation with neural networks").
 */
const isSentenceCase = (runs: ReadonlyArray<Run>): boolean => {
  let lower = 0
  let upper = 0
  for (const run of runs) {
    if (run.initial || hasInnerCapital(run.plain)) continue
    if (startsUpper(run.plain)) upper++
    else if (/^\p{Ll}/u.test(run.plain) && run.plain.length >= 4 && !MINOR_WORDS.has(run.plain.toLowerCase()))
      lower++
  }
  return lower > upper
}

/** The title (already a TeX field value) with the words that must keep their capitals in braces. */
export const protectTitleCase = (title: string): string => {
  const runs = wordRuns(title)
  const sentenceCase = isSentenceCase(runs)
  const protect = runs.filter(
    (run) => hasInnerCapital(run.plain) || (sentenceCase && !run.initial && startsUpper(run.plain))
  )
  if (protect.length === 0) return title
  let out = ""
  let at = 0
  for (const run of protect) {
    out += `${title.slice(at, run.start)}{${title.slice(run.start, run.end)}}`
    at = run.end
  }
  return out + title.slice(at)
}
