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

/**
 * The newest version either source knows: arXiv's API can answer an older version than the listing a digest
 * links (2506.24119: the digest links v2 while the API still says v1), and a version, once announced, exists.
 */
export const newestVersion = ({
  paper,
  metadata
}: Pick<EnrichedPaper, "paper" | "metadata">): number | null =>
  metadata === null
    ? paper.version
    : paper.version === null
      ? metadata.version
      : Math.max(paper.version, metadata.version)

/** arXiv's metadata describes the newest known version (not an older one than a digest links). */
export const metadataIsCurrent = (item: Pick<EnrichedPaper, "paper" | "metadata">): boolean =>
  item.metadata !== null && newestVersion(item) === item.metadata.version
