/**
 * A bioRxiv/medRxiv digest as a run reads it: the markdown rows, reconciled with the same day's upstream JSON
 * (`docs/api/daily/YYYY-MM-DD.json`) when the run has it. Pure: the texts come from the source.
 */
import type { RxivServer } from "../../domain/Doi.ts"
import { detach } from "../../domain/detach.ts"
import { compareProblems, Problem } from "../../domain/Problem.ts"
import { decodeUpstreamDaily, lineOfPaper, UpstreamPaper } from "../upstreamJson.ts"
import { type ParsedRxivDigest, parseRxivDigest, type RxivDigestInput } from "./parseRxivDigest.ts"
import { type JsonDay, reconcileRxivDay } from "./reconcileRxivJson.ts"

const RXIV_SOURCES: ReadonlySet<string> = new Set(["biorxiv", "medrxiv"])

/** Fields a reconciliation reads, copied out of the file's text so the text can go. */
const keepPaper = (paper: UpstreamPaper): UpstreamPaper =>
  new UpstreamPaper(
    {
      ...paper,
      title: detach(paper.title),
      translated_title: detach(paper.translated_title),
      summary: detach(paper.summary),
      translated_summary: detach(paper.translated_summary),
      pdf_url: detach(paper.pdf_url),
      paper_url: detach(paper.paper_url),
      author: "",
      source_label: ""
    },
    { disableValidation: true }
  )

/**
 * The bioRxiv/medRxiv papers of one daily JSON file with the line each starts on, or the file's `json-invalid`
 * problem. arXiv's papers are dropped here: arXiv's digests carry everything the run uses.
 */
export const readJsonDay = (path: string, text: string): JsonDay | Problem => {
  const decoded = decodeUpstreamDaily(path, text)
  if (decoded instanceof Problem) return decoded
  const idLines = linesOfIds(text)
  const lines = new Map<UpstreamPaper, number>()
  const papers = decoded.papers
    .filter((paper) => RXIV_SOURCES.has(paper.source))
    .map((paper) => {
      const kept = keepPaper(paper)
      lines.set(kept, idLines.get(paper.id) ?? lineOfPaper(text, paper.id))
      return kept
    })
  return { path, papers, lineOf: (paper) => lines.get(paper) ?? 0 }
}

/**
 * The line of every `"id": "…"` in one pass (the upstream pretty-prints, one key per line): looking each paper up
 * from the start of the text cost a scan per paper, 68 s of the real archive's parse stage.
 */
const linesOfIds = (text: string): Map<string, number> => {
  const found = new Map<string, number>()
  let line = 1
  let counted = 0
  for (const match of text.matchAll(/"id": "((?:[^"\\]|\\.)*)"/g)) {
    for (let i = text.indexOf("\n", counted); i >= 0 && i < match.index; i = text.indexOf("\n", i + 1)) line++
    counted = match.index
    const id = JSON.parse(`"${match[1]}"`) as string
    if (!found.has(id)) found.set(id, line)
  }
  return found
}

/** One digest's rows with the English title and abstract the JSON has for them, and every problem of both. */
export const readRxivDay = (file: RxivDigestInput, json: JsonDay | undefined): ParsedRxivDigest => {
  const parsed = parseRxivDigest(file)
  if (json === undefined) return parsed
  const reconciled = reconcileRxivDay(parsed.rows, json, file.server satisfies RxivServer)
  return {
    ...parsed,
    rows: reconciled.rows,
    problems: [...parsed.problems, ...reconciled.problems].sort(compareProblems)
  }
}
