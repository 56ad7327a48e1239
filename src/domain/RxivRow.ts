/** One row of a bioRxiv or medRxiv digest, cleaned, and the paper one DOI makes of its rows. */
import { Schema } from "effect"
import { Doi, RxivServer } from "./Doi.ts"
import { IsoDate } from "./IsoDate.ts"

/**
 * The four bioRxiv/medRxiv table layouts (RXIV.md): A 2024-09..2025-02 (zh title, author, PDF, code, English
 * title), B 2025-04..2026-01 (zh title, author, PDF, abstract), C4 2026-05-01 only (B's columns with server
 * PDF links), C 2026-05-02.. (C4 plus the posting date).
 */
export const RxivLayout = Schema.Literal("A", "B", "C4", "C")
export type RxivLayout = typeof RxivLayout.Type

export class RxivRow extends Schema.Class<RxivRow>("RxivRow")({
  server: RxivServer,
  /** Bare lower-case DOI; null only when the row has no usable link (never seen upstream). */
  doi: Schema.NullOr(Doi),
  pdfUrl: Schema.NullOr(Schema.String),
  file: Schema.String,
  /** 1-based line where the row starts. */
  line: Schema.Int,
  /** The digest date (from the file name). */
  date: IsoDate,
  layout: RxivLayout,
  /** First author as the digest writes it (`Surname, I. I.`), "" when the cell is empty. */
  author: Schema.String,
  /** Cleaned Chinese title on one line; English when the translation failed; "" when the cell is empty. */
  title: Schema.String,
  titleNote: Schema.NullOr(Schema.String),
  /** English title: layout A's Title column, or the upstream JSON's; null when unknown. */
  titleEn: Schema.NullOr(Schema.String),
  /** Cleaned Chinese abstract ("" in layout A and when empty); English when the translation failed. */
  abstract: Schema.String,
  abstractNote: Schema.NullOr(Schema.String),
  /** English abstract from the upstream JSON (C days); null from the markdown alone. */
  abstractEn: Schema.NullOr(Schema.String),
  /** The title or abstract cell holds English only: the translator gave up (there is no marker). */
  translationFailed: Schema.Boolean,
  /** Layout C only: the posting-date column. */
  postedDate: Schema.NullOr(IsoDate)
}) {}

/** A bioRxiv/medRxiv paper: every row of one DOI, whatever the day or the number of listings. */
export class RxivPaper extends Schema.Class<RxivPaper>("RxivPaper")({
  doi: Doi,
  server: RxivServer,
  /** First digest date: the item date everywhere. */
  firstSeen: IsoDate,
  /** Every digest date the DOI appeared on, ascending. */
  dates: Schema.Array(IsoDate),
  author: Schema.String,
  title: Schema.String,
  titleNote: Schema.NullOr(Schema.String),
  titleEn: Schema.NullOr(Schema.String),
  abstract: Schema.String,
  abstractNote: Schema.NullOr(Schema.String),
  abstractEn: Schema.NullOr(Schema.String),
  /** The chosen title or abstract is still English (no row had a translation of it). */
  translationFailed: Schema.Boolean,
  /** Latest posting date any layout-C row gave. */
  postedDate: Schema.NullOr(IsoDate),
  /** Where the chosen title was read. */
  file: Schema.String,
  line: Schema.Int,
  layout: RxivLayout
}) {}
