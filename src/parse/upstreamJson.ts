/**
 * The upstream's own JSON (RXIV.md): `docs/api/daily/YYYY-MM-DD.json` (every server's papers of a day) and
 * `docs/api/raw/YYYY-MM-DD-<source>.json` (one server's, C days only), decoded with Schema. Pure: the text
 * comes from the source that synced it; a file that does not decode is one `json-invalid` problem.
 */
import { Either, ParseResult, Schema } from "effect"
import { IsoDate } from "../domain/IsoDate.ts"
import type { Problem } from "../domain/Problem.ts"
import { rxivProblem } from "./rxiv/rxivProblems.ts"

/** Unknown is `""` upstream, never null; a missing text field reads as unknown too. */
const Text = Schema.optionalWith(Schema.String, { default: () => "" })

/** One paper as the upstream lists it; `id` hashes date, source, link and title, so it is per day, not per paper. */
export class UpstreamPaper extends Schema.Class<UpstreamPaper>("UpstreamPaper")({
  id: Schema.String,
  date: IsoDate,
  /** `arxiv`, `biorxiv`, `medrxiv`; kept open so a new source costs its own papers, not the file. */
  source: Schema.String,
  source_label: Text,
  /** English in layouts A and C; a copy of the Chinese title in B. */
  title: Text,
  translated_title: Text,
  author: Text,
  /** English in C; the Chinese abstract or "" in B; "" in A. */
  summary: Text,
  translated_summary: Text,
  pdf_url: Text,
  paper_url: Text,
  /** 1..n per server and day. */
  rank: Schema.Int,
  /** C days only: the posting date. */
  published_date: Schema.optional(Schema.String)
}) {}

const SourceSummary = Schema.Struct({
  source_label: Schema.String,
  count: Schema.Int,
  page_path: Schema.String
})

/** `docs/api/daily/YYYY-MM-DD.json`. */
export class UpstreamDaily extends Schema.Class<UpstreamDaily>("UpstreamDaily")({
  version: Schema.Number,
  date: IsoDate,
  count: Schema.Int,
  sources: Schema.Record({ key: Schema.String, value: SourceSummary }),
  page_path: Schema.String,
  papers: Schema.Array(UpstreamPaper),
  generated_at: Schema.String
}) {}

/** `docs/api/raw/YYYY-MM-DD-<source>.json`. */
export class UpstreamRaw extends Schema.Class<UpstreamRaw>("UpstreamRaw")({
  version: Schema.Number,
  date: IsoDate,
  source: Schema.String,
  source_label: Schema.String,
  count: Schema.Int,
  papers: Schema.Array(UpstreamPaper)
}) {}

const decodeWith =
  <A, I>(schema: Schema.Schema<A, I>) =>
  (path: string, text: string): A | Problem => {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause)
      return rxivProblem(path, 0, "json-invalid", `not JSON: ${why}`)
    }
    const decoded = Schema.decodeUnknownEither(schema)(json, { onExcessProperty: "ignore" })
    return Either.isRight(decoded)
      ? decoded.right
      : rxivProblem(path, 0, "json-invalid", ParseResult.TreeFormatter.formatErrorSync(decoded.left))
  }

export const decodeUpstreamDaily = decodeWith(UpstreamDaily)
export const decodeUpstreamRaw = decodeWith(UpstreamRaw)

/** Which upstream JSON file a path names, by the upstream's own layout; undefined for other files. */
export const upstreamJsonKind = (path: string): "daily" | "raw" | undefined =>
  /(?:^|\/)api\/daily\/\d{4}-\d{2}-\d{2}\.json$/.test(path)
    ? "daily"
    : /(?:^|\/)api\/raw\/\d{4}-\d{2}-\d{2}-[a-z]+\.json$/.test(path)
      ? "raw"
      : undefined

/**
 * 1-based line of a paper in the file's text (the upstream pretty-prints, one key per line), 0 when the text
 * is laid out otherwise: problems then name the paper by rank and id.
 */
export const lineOfPaper = (text: string, id: string): number => {
  const at = text.indexOf(`"id": ${JSON.stringify(id)}`)
  if (at < 0) return 0
  let line = 1
  for (let i = text.indexOf("\n"); i >= 0 && i < at; i = text.indexOf("\n", i + 1)) line++
  return line
}
