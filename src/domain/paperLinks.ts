/** Where a paper lives on its server, by identity alone: the links every output and page shows. */
import { type ArxivId, absUrl, arxivDoi, pdfUrl } from "./ArxivId.ts"
import { type Doi, doiUrl, isDoi, rxivPageUrl } from "./Doi.ts"
import type { Paper } from "./Paper.ts"
import { type PaperKey, SERVER_NAMES } from "./PaperKey.ts"

export interface PaperLinks {
  /** The version-less identity URL: arXiv's abs page, or `https://doi.org/<doi>`. */
  readonly idUrl: string
  /** The page a reader opens: the abs page, or the server's version-less page. */
  readonly page: string
  /** The PDF of `version`; bioRxiv/medRxiv's version-less PDF URL serves the newest. */
  readonly pdf: string
  /** The preprint's own DOI (arXiv's DataCite DOI, or the bioRxiv/medRxiv DOI). */
  readonly doi: string
  /** How the paper names itself in a link: `arXiv:2510.03232`, `bioRxiv doi:10.1101/…`. */
  readonly label: string
}

/** A key's version-less identity URL, the key alone telling the kind: doi.org for a DOI, else arXiv's abs page. */
export const identityUrl = (key: PaperKey): string => (isDoi(key) ? doiUrl(key) : absUrl(key as ArxivId))

export const paperLinks = (paper: Pick<Paper, "id" | "server">, version: number | null): PaperLinks => {
  if (paper.server === "arxiv") {
    const id = paper.id as ArxivId
    return {
      idUrl: identityUrl(id),
      page: absUrl(id),
      pdf: pdfUrl(id, version),
      doi: arxivDoi(id),
      label: `arXiv:${id}`
    }
  }
  const doi = paper.id as Doi
  const page = rxivPageUrl(paper.server, doi)
  return {
    idUrl: identityUrl(doi),
    page,
    pdf: version === null ? `${page}.full.pdf` : `${page}v${version}.full.pdf`,
    doi,
    label: `${SERVER_NAMES[paper.server]} doi:${doi}`
  }
}
