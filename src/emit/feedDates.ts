/** Date formats of the feed formats; every date here is a calendar day at midnight UTC or an ISO instant. */
import type { IsoDate } from "../domain/IsoDate.ts"

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const

/** RFC 3339 instant of a digest day: the announcement date as midnight UTC. */
export const dayInstant = (day: IsoDate): string => `${day}T00:00:00Z`

/** RFC 822 date (RSS 2.0), with a four-digit year as the RSS Advisory Board recommends. */
export const rfc822 = (day: IsoDate): string => {
  const date = new Date(`${day}T00:00:00Z`)
  const dd = String(date.getUTCDate()).padStart(2, "0")
  return `${DAYS[date.getUTCDay()]}, ${dd} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} 00:00:00 GMT`
}

/** Year, month and day of an ISO 8601 date or instant (`2025-10-03T17:59:59Z`), undefined when it is not one. */
export const dateParts = (iso: string): readonly [number, number, number] | undefined => {
  const match = iso.match(/^(\d{4})-(\d{2})-(\d{2})/)
  if (match === null) return undefined
  return [Number(match[1]), Number(match[2]), Number(match[3])]
}

/** BibTeX month macros: understood by BibTeX, biblatex and Zotero's importer alike. */
export const MONTH_MACROS = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec"
] as const
