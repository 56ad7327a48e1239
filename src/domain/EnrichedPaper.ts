/** A paper with what enrichment found: the input of every emitter. */
import { Schema } from "effect"
import { ArxivMetadata } from "./ArxivMetadata.ts"
import { CodeLink } from "./CodeLink.ts"
import { Paper } from "./Paper.ts"

export class EnrichedPaper extends Schema.Class<EnrichedPaper>("EnrichedPaper")({
  paper: Paper,
  /** null while the arXiv metadata is unknown (offline, or the request failed: pending). */
  metadata: Schema.NullOr(ArxivMetadata),
  codeLinks: Schema.Array(CodeLink)
}) {}
