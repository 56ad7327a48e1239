/** One table row of a digest, cleaned: the parser's output and the `parse --json` line. */
import { Schema } from "effect"
import { ArxivId } from "./ArxivId.ts"
import { IsoDate } from "./IsoDate.ts"

/** The three real table layouts (DIGESTS.md): A 2024-09..2025-02, B 2025-04..2026-01, C 2026-05... */
export const Layout = Schema.Literal("A", "B", "C")
export type Layout = typeof Layout.Type

export class DigestRow extends Schema.Class<DigestRow>("DigestRow")({
  file: Schema.String,
  /** 1-based line where the row starts. */
  line: Schema.Int,
  date: IsoDate,
  layout: Layout,
  /** Version-less id, null when the row has no link (`PDF缺失`, `[PDF](None)`). */
  arxivId: Schema.NullOr(ArxivId),
  version: Schema.NullOr(Schema.Int),
  pdfUrl: Schema.NullOr(Schema.String),
  author: Schema.String,
  /** Cleaned Chinese title on one line (English when the translation failed). */
  title: Schema.String,
  titleNote: Schema.NullOr(Schema.String),
  /** Cleaned Chinese abstract; English without the marker when the translation failed; "" in layout A. */
  abstract: Schema.String,
  abstractNote: Schema.NullOr(Schema.String),
  translationFailed: Schema.Boolean,
  /** Layout A only: the English title column and the code-repository column (null for `N/A`). */
  titleEn: Schema.NullOr(Schema.String),
  codeCell: Schema.NullOr(Schema.String),
  /** Layout C only: the published-date column. */
  published: Schema.NullOr(IsoDate)
}) {}
