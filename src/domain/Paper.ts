/** A paper after deduplication across digest days: one per arXiv id or bioRxiv/medRxiv DOI. */
import { Schema } from "effect"
import type { ArxivId } from "./ArxivId.ts"
import { Layout } from "./DigestRow.ts"
import type { Doi, RxivServer } from "./Doi.ts"
import { IsoDate } from "./IsoDate.ts"
import { PaperKey, Server } from "./PaperKey.ts"
import { RxivLayout } from "./RxivRow.ts"

export class Paper extends Schema.Class<Paper>("Paper")({
  /** The arXiv id (server `arxiv`) or the DOI (`biorxiv`, `medrxiv`). */
  id: PaperKey,
  server: Server,
  /** Newest version any digest linked to (bioRxiv/medRxiv digests never say: null). */
  version: Schema.NullOr(Schema.Int),
  /** First digest date: the announcement date and the item date everywhere. */
  firstSeen: IsoDate,
  /** Every digest date the paper appeared on, ascending. */
  dates: Schema.Array(IsoDate),
  author: Schema.String,
  title: Schema.String,
  titleNote: Schema.NullOr(Schema.String),
  abstract: Schema.String,
  abstractNote: Schema.NullOr(Schema.String),
  translationFailed: Schema.Boolean,
  titleEn: Schema.NullOr(Schema.String),
  /** The English abstract the upstream's JSON carries (bioRxiv/medRxiv layout C days); null otherwise. */
  abstractEn: Schema.NullOr(Schema.String),
  codeCell: Schema.NullOr(Schema.String),
  /** The date the digest gives: arXiv's v1 publication; bioRxiv/medRxiv's posting date of the listed version. */
  published: Schema.NullOr(IsoDate),
  layout: Schema.Union(Layout, RxivLayout),
  /** The row the title was taken from. */
  file: Schema.String,
  line: Schema.Int,
  /**
   * The digest abstracts of the paper's other appearances that may hold a link (a re-translation that kept a
   * URL the chosen one dropped): code links are looked for in every appearance, not only the chosen text.
   */
  linkTexts: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] })
}) {}

/** Newest announcement first, then id, so every output lists papers in one stable order. */
export const comparePapers = (a: Paper, b: Paper): number =>
  a.firstSeen < b.firstSeen ? 1 : a.firstSeen > b.firstSeen ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0

/** An arXiv paper: its id is an arXiv id. */
export type ArxivPaper = Paper & { readonly id: ArxivId; readonly server: "arxiv" }

export const isArxivPaper = (paper: Paper): paper is ArxivPaper => paper.server === "arxiv"

/** A bioRxiv or medRxiv paper: its id is a DOI. */
export type RxivPaper = Paper & { readonly id: Doi; readonly server: RxivServer }

export const isRxivPaper = (paper: Paper): paper is RxivPaper => paper.server !== "arxiv"

/**
 * The paper as a run holds it: without the translators' notes, which only `parse` prints and no output shows.
 * A run holds every paper of the archive at once (200,000 in the benchmark), where the notes were a sixth of
 * a paper's memory (heap snapshot, #16).
 */
export const withoutNotes = (paper: Paper): Paper =>
  paper.titleNote === null && paper.abstractNote === null
    ? paper
    : new Paper({ ...paper, titleNote: null, abstractNote: null }, { disableValidation: true })

/**
 * The paper once its code links are found: the texts they were looked for in beyond the chosen abstract (other
 * appearances, layout A's code cell) are read by nothing after enrichment.
 */
export const withoutLinkSources = (paper: Paper): Paper =>
  paper.linkTexts.length === 0 && paper.codeCell === null
    ? paper
    : new Paper({ ...paper, linkTexts: [], codeCell: null }, { disableValidation: true })
