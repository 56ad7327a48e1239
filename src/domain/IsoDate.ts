/** Calendar dates as `YYYY-MM-DD` strings: digest dates, announcement dates. */
import { Schema } from "effect"

const isRealDate = (s: string): boolean => {
  const parsed = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(s)
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** A real calendar date written `YYYY-MM-DD`. */
export const IsoDate = Schema.String.pipe(
  Schema.pattern(ISO_DATE),
  Schema.filter(isRealDate, { message: () => "not a calendar date" }),
  Schema.brand("IsoDate")
)
export type IsoDate = typeof IsoDate.Type

/** What IsoDate's schema accepts, as a plain predicate (for one-pass checks of state files). */
export const isIsoDate = (input: unknown): input is IsoDate =>
  typeof input === "string" && ISO_DATE.test(input) && isRealDate(input)

/** The digest date from a file name such as `2025-10-06-arxiv.md`; undefined when the name carries none. */
export const dateFromFileName = (path: string): IsoDate | undefined => {
  const match = path.match(/(?:^|\/)(\d{4}-\d{2}-\d{2})(?:(?:-[a-z]+)?\.md|\.json)$/)
  // Checked here as the schema checks it: make's second check cost a night thousands of Schema validations.
  return match?.[1] !== undefined && isRealDate(match[1]) ? IsoDate.make(match[1], true) : undefined
}

const DAY_MS = 86_400_000
const dayNumber = (date: IsoDate): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS

/** The date `days` calendar days after `date` (before, when negative). */
export const addDays = (date: IsoDate, days: number): IsoDate =>
  IsoDate.make(new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10))

/** The latest of `dates`, null when there is none (ISO dates compare as strings). */
export const latestDate = (dates: Iterable<IsoDate>): IsoDate | null => {
  let latest: IsoDate | null = null
  for (const date of dates) if (latest === null || date > latest) latest = date
  return latest
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: IsoDate, to: IsoDate): number => Math.round(dayNumber(to) - dayNumber(from))
