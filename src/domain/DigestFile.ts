/** A digest file as a source delivers it: where it lives, its date and its text. */
import { Schema } from "effect"
import { IsoDate } from "./IsoDate.ts"

/**
 * Which upstream feed the file belongs to: a server's digest, the per-day summary (skipped), or the upstream's
 * daily JSON (`docs/api/daily/YYYY-MM-DD.json`: English titles and abstracts beside the digests).
 */
export const DigestKind = Schema.Literal("arxiv", "biorxiv", "medrxiv", "summary", "upstream-json")
export type DigestKind = typeof DigestKind.Type

export class DigestFile extends Schema.Class<DigestFile>("DigestFile")({
  /** Path as the source names it (repository path, or path relative to the local folder). */
  path: Schema.String,
  date: IsoDate,
  kind: DigestKind,
  /** Git blob SHA when known: tells a rewritten file from an unchanged one. */
  sha: Schema.NullOr(Schema.String),
  content: Schema.String
}) {}

export const kindFromFileName = (path: string): DigestKind | undefined => {
  if (/(?:^|\/)\d{4}-\d{2}-\d{2}\.json$/.test(path)) return "upstream-json"
  const match = path.match(/\d{4}-\d{2}-\d{2}(-arxiv|-biorxiv|-medrxiv)?\.md$/)
  if (match === null) return undefined
  return match[1] === undefined ? "summary" : (match[1].slice(1) as DigestKind)
}
