/** A paper with what enrichment found: the input of every emitter. */
import { Schema } from "effect"
import { ArxivMetadata } from "./ArxivMetadata.ts"
import { CodeLink } from "./CodeLink.ts"
import { Paper } from "./Paper.ts"
import { RxivMetadata } from "./RxivMetadata.ts"

export class EnrichedPaper extends Schema.Class<EnrichedPaper>("EnrichedPaper")({
  paper: Paper,
  /**
   * What the paper's server says: arXiv's record for an arXiv paper, the bioRxiv/medRxiv API's for a DOI; null
   * while it is unknown (offline, or the request failed: pending).
   */
  metadata: Schema.NullOr(Schema.Union(ArxivMetadata, RxivMetadata)),
  codeLinks: Schema.Array(CodeLink)
}) {}

/** The arXiv record of an arXiv paper, null for any other (or while unknown). */
export const arxivMetadataOf = (item: Pick<EnrichedPaper, "metadata">): ArxivMetadata | null =>
  item.metadata instanceof ArxivMetadata ? item.metadata : null

/** The bioRxiv/medRxiv record of a DOI-identified paper, null for any other (or while unknown). */
export const rxivMetadataOf = (item: Pick<EnrichedPaper, "metadata">): RxivMetadata | null =>
  item.metadata instanceof RxivMetadata ? item.metadata : null

/** The server's category for the paper: arXiv's primary category, the bioRxiv/medRxiv subject; null if unknown. */
export const primaryCategoryOf = (item: Pick<EnrichedPaper, "metadata">): string | null =>
  item.metadata === null
    ? null
    : item.metadata instanceof ArxivMetadata
      ? item.metadata.primaryCategory
      : item.metadata.category

/** Every category of the paper, primary first (bioRxiv/medRxiv papers have one). */
export const categoriesOf = (item: Pick<EnrichedPaper, "metadata">): ReadonlyArray<string> =>
  item.metadata === null
    ? []
    : item.metadata instanceof ArxivMetadata
      ? item.metadata.categories
      : [item.metadata.category]

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

/** The server's metadata describes the newest known version (not an older one than a digest links). */
export const metadataIsCurrent = (item: Pick<EnrichedPaper, "paper" | "metadata">): boolean =>
  item.metadata !== null && newestVersion(item) === item.metadata.version

/** The authors' display names the server gives (`Given Family`), empty while its metadata is unknown. */
export const authorNamesOf = (item: Pick<EnrichedPaper, "metadata">): ReadonlyArray<string> =>
  item.metadata === null
    ? []
    : item.metadata instanceof ArxivMetadata
      ? item.metadata.authors.map((author) => author.name)
      : item.metadata.authors.map((person) =>
          person.given === null ? person.family : `${person.given} ${person.family}`
        )

/** The date of the paper's first version as the server gives it (arXiv `published`; bioRxiv/medRxiv: none). */
export const firstVersionDateOf = (item: Pick<EnrichedPaper, "metadata">): string | null =>
  item.metadata instanceof ArxivMetadata ? item.metadata.published : null
