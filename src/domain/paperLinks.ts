/** Where a paper lives on its server, by identity alone: the links every output and page shows. */
import { type ArxivId, absUrl, arxivDoi, pdfUrl } from "./ArxivId.ts"
import { type Doi, doiUrl, rxivPageUrl } from "./Doi.ts"
import type { Paper } from "./Paper.ts"
import { SERVER_NAMES } from "./PaperKey.ts"

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

export const paperLinks = (paper: Pick<Paper, "id" | "server">, version: number | null): PaperLinks => {
  if (paper.server === "arxiv") {
    const id = paper.id as ArxivId
    return {
      idUrl: absUrl(id),
      page: absUrl(id),
      pdf: pdfUrl(id, version),
      doi: arxivDoi(id),
      label: `arXiv:${id}`
    }
  }
  const doi = paper.id as Doi
  const page = rxivPageUrl(paper.server, doi)
  return {
    idUrl: doiUrl(doi),
    page,
    pdf: version === null ? `${page}.full.pdf` : `${page}v${version}.full.pdf`,
    doi,
    label: `${SERVER_NAMES[paper.server]} doi:${doi}`
  }
}
