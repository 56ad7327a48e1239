/** DOIs: the identity of bioRxiv and medRxiv papers, bare, lower-cased, prefix included (RXIV.md). */
import { Schema } from "effect"

/** `10.<registrant>/<suffix>`, lower-case (DOIs are case-insensitive), no whitespace. */
const DOI_PATTERN = /^10\.\d{4,9}\/[^\sA-Z]+$/

/** A bare DOI such as `10.1101/2025.02.10.637397`, `10.64898/2026.04.29.721673` or `10.1101/029900`. */
export const Doi = Schema.String.pipe(Schema.pattern(DOI_PATTERN), Schema.brand("Doi"))
export type Doi = typeof Doi.Type

/** The check Doi's schema makes, as a plain predicate. */
export const isDoi = (text: string): text is Doi => DOI_PATTERN.test(text)

/** The servers that share the bioRxiv API and its DOIs. */
export const RxivServer = Schema.Literal("biorxiv", "medrxiv")
export type RxivServer = typeof RxivServer.Type

/**
 * bioRxiv/medRxiv DOIs never end in a version, but their page and PDF URLs append one (`…637397v1.full.pdf`):
 * the upstream adds `v1` to any DOI it links, so that suffix is dropped, never read as a version.
 */
const RXIV_VERSION_SUFFIX = /^(10\.(?:1101|64898)\/(?:\d{4}\.\d{2}\.\d{2}\.\d{6,8}|\d{6}))v\d+$/

/** A bare DOI from text that is one (`10.…`, `doi:10.…`), lower-cased; undefined when it is not a DOI. */
export const parseDoi = (text: string): Doi | undefined => {
  let doi = text.trim().replace(/^doi:\s*/i, "")
  try {
    if (doi.includes("%")) doi = decodeURIComponent(doi)
  } catch {
    return undefined
  }
  doi = doi.toLowerCase()
  doi = doi.match(RXIV_VERSION_SUFFIX)?.[1] ?? doi
  return DOI_PATTERN.test(doi) ? Doi.make(doi, true) : undefined
}

export interface RxivLink {
  readonly doi: Doi
  /** The server named by the URL's host; null for a `doi.org` link, which names none. */
  readonly server: RxivServer | null
}

const DOI_ORG = /^https?:\/\/(?:dx\.)?doi\.org\/(.+?)\/?$/i
const CONTENT =
  /^https?:\/\/(?:www\.)?(biorxiv|medrxiv)\.org\/content\/(?:early\/\d{4}\/\d{2}\/\d{2}\/)?(10\.\d{4,9}\/.+?)(?:\.full\.pdf|\.full|\.pdf|\.abstract)?\/?$/i

/** The DOI of a digest's PDF link: `https://doi.org/<doi>` or `https://www.biorxiv.org/content/<doi>v1.full.pdf`. */
export const parseRxivUrl = (url: string): RxivLink | undefined => {
  const trimmed = url.trim()
  const viaDoiOrg = trimmed.match(DOI_ORG)?.[1]
  if (viaDoiOrg !== undefined) {
    const doi = parseDoi(viaDoiOrg)
    return doi === undefined ? undefined : { doi, server: null }
  }
  const content = trimmed.match(CONTENT)
  if (content?.[1] === undefined || content[2] === undefined) return undefined
  const doi = parseDoi(content[2])
  return doi === undefined ? undefined : { doi, server: content[1].toLowerCase() as RxivServer }
}

/** The DOI resolver URL: the item id of a bioRxiv/medRxiv paper everywhere (DESIGN.md). */
export const doiUrl = (doi: Doi): string => `https://doi.org/${doi}`
/** The server's version-less page for the DOI. */
export const rxivPageUrl = (server: RxivServer, doi: Doi): string =>
  `https://www.${server}.org/content/${doi}`
