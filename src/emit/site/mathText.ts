/**
 * Text with TeX math (`$…$`, `$$…$$`, `\(…\)`, as arXiv authors write titles and abstracts) as HTML: the text
 * escaped, each formula rendered at build time by KaTeX to MathML, which Chromium, Firefox and Safari draw
 * natively (MathML Core). MathML output needs neither KaTeX's style sheet nor its web fonts, and no script:
 * the pages stay one self-contained file each, and the formula's TeX travels along as its annotation.
 */
import katex from "katex"
import { cleanText } from "../cleanText.ts"
import { escapeHtml } from "./escapeHtml.ts"

type Piece = { readonly text: string } | { readonly tex: string; readonly display: boolean }

const isSpace = (char: string | undefined): boolean => char === undefined || /\s/.test(char)

/**
 * Pandoc's rule for `$`, so prices and lone dollar signs stay text: an opening `$` has a non-space right after
 * it, a closing `$` a non-space right before it and no digit right after it; `\$` is a dollar sign.
 */
const closingDollar = (text: string, from: number): number => {
  for (let at = from; at < text.length; at++) {
    const char = text[at]
    if (char === "\\") at++
    // a formula holds no unescaped `$`: one that cannot close it means this `$` opened nothing
    else if (char === "$") return !isSpace(text[at - 1]) && !/\d/.test(text[at + 1] ?? "") ? at : -1
  }
  return -1
}

/** Splits text into plain runs and formulas; anything that does not close stays text. */
export const splitMath = (text: string): ReadonlyArray<Piece> => {
  const pieces: Array<Piece> = []
  let plain = ""
  let at = 0
  const flush = () => {
    if (plain !== "") pieces.push({ text: plain })
    plain = ""
  }
  while (at < text.length) {
    const rest = text.slice(at, at + 2)
    if (rest === "\\$") {
      plain += "$"
      at += 2
    } else if (rest === "$$" || rest === "\\(") {
      const close = text.indexOf(rest === "$$" ? "$$" : "\\)", at + 2)
      if (close > at + 2) {
        flush()
        pieces.push({ tex: text.slice(at + 2, close), display: rest === "$$" })
        at = close + 2
      } else {
        plain += rest
        at += 2
      }
    } else if (text[at] === "$" && !isSpace(text[at + 1])) {
      const close = closingDollar(text, at + 1)
      if (close > at + 1) {
        flush()
        pieces.push({ tex: text.slice(at + 1, close), display: false })
        at = close + 1
      } else {
        plain += "$"
        at++
      }
    } else {
      plain += text[at]
      at++
    }
  }
  flush()
  return pieces
}

/**
 * One formula as MathML, or its TeX as written when KaTeX cannot read it (an undefined macro, unbalanced
 * braces): readers then see what the author wrote, not an error in red. No `\href` or `\url` (trust is off),
 * and KaTeX's `strict` warnings are off (they would be logged for CJK text inside math).
 */
const renderFormula = (tex: string, display: boolean): string => {
  try {
    return katex.renderToString(tex, {
      output: "mathml",
      displayMode: display,
      throwOnError: true,
      strict: "ignore"
    })
  } catch {
    return escapeHtml(display ? `$$${tex}$$` : `$${tex}$`)
  }
}

/** HTML for text that may hold TeX math: escaped text, formulas as MathML. Pure and deterministic. */
export const mathHtml = (text: string): string =>
  text.includes("$") || text.includes("\\(")
    ? splitMath(cleanText(text))
        .map((piece) => ("text" in piece ? escapeHtml(piece.text) : renderFormula(piece.tex, piece.display)))
        .join("")
    : escapeHtml(text)
