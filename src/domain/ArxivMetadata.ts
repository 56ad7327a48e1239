/** What the arXiv API says about a paper (metadata is CC0). */
import { Schema } from "effect"
import { ArxivId } from "./ArxivId.ts"

export class ArxivAuthor extends Schema.Class<ArxivAuthor>("ArxivAuthor")({
  name: Schema.String,
  affiliations: Schema.Array(Schema.String)
}) {}

export class ArxivMetadata extends Schema.Class<ArxivMetadata>("ArxivMetadata")({
  id: ArxivId,
  version: Schema.Int,
  /** Title and abstract with hard wraps and runs of white space folded. */
  title: Schema.String,
  abstract: Schema.String,
  authors: Schema.Array(ArxivAuthor),
  primaryCategory: Schema.String,
  /** Every category, primary first. */
  categories: Schema.Array(Schema.String),
  /** v1's submission time and the returned version's, ISO 8601. */
  published: Schema.String,
  updated: Schema.String,
  doi: Schema.NullOr(Schema.String),
  journalRef: Schema.NullOr(Schema.String),
  comment: Schema.NullOr(Schema.String)
}) {}
