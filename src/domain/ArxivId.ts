/** arXiv identifiers: version-less ids (new style `2510.03232`, old style `q-bio/0608003`) and versions. */
import { Schema } from "effect"

const NEW_STYLE = String.raw`\d{4}\.\d{4,5}`
const OLD_STYLE = String.raw`[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7}`
const ID_PATTERN = new RegExp(`^(?:${NEW_STYLE}|${OLD_STYLE})$`)
const VERSIONED = new RegExp(`^(${NEW_STYLE}|${OLD_STYLE})(?:v(\\d+))?$`)
const IN_URL = new RegExp(`arxiv\\.org/(?:abs|pdf)/(${NEW_STYLE}|${OLD_STYLE})(?:v(\\d+))?`)

/** A version-less arXiv identifier, the one identity of a paper everywhere. */
export const ArxivId = Schema.String.pipe(Schema.pattern(ID_PATTERN), Schema.brand("ArxivId"))
export type ArxivId = typeof ArxivId.Type

/** The check ArxivId's schema makes, as a plain predicate (for state files holding 200,000 of them). */
export const isArxivId = (text: string): text is ArxivId => ID_PATTERN.test(text)

export interface VersionedId {
  readonly id: ArxivId
  readonly version: number | null
}

const toVersioned = (match: RegExpMatchArray | null): VersionedId | undefined =>
  match?.[1] === undefined
    ? undefined
    : { id: ArxivId.make(match[1]), version: match[2] === undefined ? null : Number(match[2]) }

/** Splits `2510.03232v2` into id and version; undefined when it is not an arXiv id. */
export const parseVersionedId = (text: string): VersionedId | undefined =>
  toVersioned(text.trim().match(VERSIONED))

/** Finds the id in an arxiv.org abs or pdf URL (http or https, with or without `.pdf`). */
export const parseArxivUrl = (url: string): VersionedId | undefined => toVersioned(url.match(IN_URL))

export const absUrl = (id: ArxivId): string => `https://arxiv.org/abs/${id}`
export const pdfUrl = (id: ArxivId, version?: number | null): string =>
  `https://arxiv.org/pdf/${id}${version ? `v${version}` : ""}`
/** arXiv registers a DataCite DOI for every paper. */
export const arxivDoi = (id: ArxivId): string => `10.48550/arXiv.${id}`

/**
 * The year and month an id was given, its YYMM: the month of the paper's first version (old-style ids date from
 * 1991, new-style ones from 2007). Undefined for text that is not an id.
 */
export const arxivIdMonth = (id: string): readonly [number, number] | undefined => {
  const match = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id) ?? /\/(\d{2})(\d{2})\d{3}$/.exec(id)
  if (match === null || !isArxivId(id)) return undefined
  const [years, month] = [Number(match[1]), Number(match[2])]
  return month >= 1 && month <= 12 ? [years >= 91 ? 1900 + years : 2000 + years, month] : undefined
}
