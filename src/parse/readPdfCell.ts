/** Reads the PDF cell: `[PDF](http(s)://arxiv.org/pdf/<id>vN)`, `[PDF](None)` or `PDF缺失`. */
import { ArxivId } from "../domain/ArxivId.ts"
import type { ProblemCode } from "./problemCodes.ts"

export interface PdfCell {
  readonly arxivId: ArxivId | null
  readonly version: number | null
  readonly pdfUrl: string | null
  readonly problem: { readonly code: ProblemCode; readonly message: string } | null
}

const LINK = /^\[PDF\]\(([^)]*)\)$/
/**
 * An arxiv.org abs/pdf URL, with ArxivId's id patterns (new style `2510.03232`, old style `q-bio/0608003`).
 * Matching the schema's pattern here lets the id be branded without a second validation pass per row;
 * the tests check every id the parser yields against the ArxivId schema.
 */
const ARXIV_URL =
  /^https?:\/\/(?:export\.|www\.)?arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?(?:\.pdf)?\/?$/

export const readPdfCell = (cell: string): PdfCell => {
  const url = cell.match(LINK)?.[1]?.trim() ?? ""
  if (url === "" || url === "None") {
    return {
      arxivId: null,
      version: null,
      pdfUrl: null,
      problem: { code: "pdf-missing", message: `no PDF link (${cell}): row kept without an arXiv id` }
    }
  }
  const found = url.match(ARXIV_URL)
  if (found?.[1] === undefined) {
    return {
      arxivId: null,
      version: null,
      pdfUrl: url,
      problem: { code: "not-arxiv", message: `PDF link is not an arXiv URL: ${url}` }
    }
  }
  const version = found[2] === undefined ? null : Number(found[2])
  return { arxivId: ArxivId.make(found[1], true), version, pdfUrl: url, problem: null }
}
