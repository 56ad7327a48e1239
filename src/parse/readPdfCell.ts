/**
 * Reads the link cell: `[PDF](http(s)://arxiv.org/pdf/<id>vN)` (also `[pdf](…)` and CommonMark's `[PDF](<…>)`),
 * or a row without a usable link (`[PDF](None)`, `[PDF](N/A)`, `PDF缺失`, `javascript:…`): no arXiv id, and the row
 * is skipped, since every output is keyed by the id.
 */
import { ArxivId } from "../domain/ArxivId.ts"
import { excerpt, type ProblemCode } from "./problemCodes.ts"

export interface PdfCell {
  readonly arxivId: ArxivId | null
  readonly version: number | null
  readonly pdfUrl: string | null
  readonly problem: { readonly code: ProblemCode; readonly message: string } | null
}

const LINK = /^\[pdf\]\((.*)\)$/is
/** A CommonMark destination in angle brackets, and an optional link title after the destination. */
const ANGLE = /^<(.*)>$/s
const WITH_TITLE = /^(<[^>\n]*>|\S+)\s+(?:"[^"]*"|'[^']*'|\([^)]*\))$/s
/** What the digests and common markdown write for "no link". */
const NO_LINK = /^(?:|none|null|n\/?a|nan|-+|无|缺失|PDF缺失)$/i

/**
 * An arxiv.org abs/pdf URL, with ArxivId's id patterns (new style `2510.03232`, old style `q-bio/0608003`).
 * Matching the schema's pattern here lets the id be branded without a second validation pass per row;
 * the tests check every id the parser yields against the ArxivId schema.
 */
const ARXIV_URL =
  /^https?:\/\/(?:export\.|www\.)?arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?(?:\.pdf)?\/?$/

const SKIPPED = "the row has no arXiv id and is skipped (it is in no output)"

/** The destination of the link, without angle brackets or a title; the whole cell when it is no link. */
const destination = (cell: string): string => {
  const inner = cell.match(LINK)?.[1]?.trim()
  if (inner === undefined) return cell
  const target = inner.match(WITH_TITLE)?.[1] ?? inner
  return target.match(ANGLE)?.[1]?.trim() ?? target
}

export const readPdfCell = (cell: string): PdfCell => {
  const url = destination(cell)
  if (NO_LINK.test(url)) {
    const message = `no PDF link (${excerpt(cell)}): ${SKIPPED}`
    return { arxivId: null, version: null, pdfUrl: null, problem: { code: "pdf-missing", message } }
  }
  const found = url.match(ARXIV_URL)
  if (found?.[1] === undefined) {
    const http = /^https?:\/\//i.test(url)
    const message = `PDF link "${excerpt(url)}" is ${http ? "not an arXiv URL" : "not an http(s) link"}: ${SKIPPED}`
    // Only an http(s) link is kept as what the digest said; a `javascript:` or other scheme is never handed on.
    return {
      arxivId: null,
      version: null,
      pdfUrl: http ? url : null,
      problem: { code: "not-arxiv", message }
    }
  }
  const version = found[2] === undefined ? null : Number(found[2])
  return { arxivId: ArxivId.make(found[1], true), version, pdfUrl: url, problem: null }
}
