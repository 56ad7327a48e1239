/**
 * When a server is asked again about a paper whose last answer lacked what the digests link: an id arXiv (or a
 * DOI the bioRxiv/medRxiv API) does not know or rejects, or an older version than a digest links (APIs lag the
 * listings by days). Each such answer is recorded per paper in the metadata cache; the next ask waits 1, 2, 4,
 * 8 ... days (capped), counted in run dates (UTC, from the Clock), so a rerun on the same day asks nothing and
 * the schedule is the same on any machine.
 */
import { Schema } from "effect"
import { addDays, IsoDate } from "../domain/IsoDate.ts"
import { PaperKey } from "../domain/PaperKey.ts"

/** The longest wait between two asks: an id arXiv never learns costs a place in a batch about monthly. */
export const ASK_INTERVAL_CAP_DAYS = 32

/** What arXiv's last answer was: no entry, an `Error` entry (malformed id), or an older version. */
export const AskAnswer = Schema.Literal("missing", "rejected", "older")
export type AskAnswer = typeof AskAnswer.Type

/**
 * One paper whose last answer lacked what the digests link, and when it was asked: an arXiv id in the arXiv
 * cache, a DOI in the bioRxiv/medRxiv cache (`missing`: `no posts found`; `older`: a version posted before the
 * digest's posting date).
 */
export class AskRecord extends Schema.Class<AskRecord>("AskRecord")({
  id: PaperKey,
  answer: AskAnswer,
  /** The run date (UTC) of the last ask. */
  lastAsked: IsoDate,
  /** Such answers in a row for the linked version: the wait before the next ask is 2^(tries-1) days, capped. */
  tries: Schema.Int.pipe(Schema.positive()),
  /** The newest version the digests linked when asked (null: none); a newer link restarts the schedule. */
  version: Schema.NullOr(Schema.Int)
}) {}

/** Days between the ask a record describes and the next one. */
export const askInterval = (tries: number): number =>
  Math.min(2 ** Math.max(0, tries - 1), ASK_INTERVAL_CAP_DAYS)

/** The first run date on which the id is asked again (earlier when a digest links a newer version). */
export const nextAskDate = (record: AskRecord): IsoDate =>
  addDays(record.lastAsked, askInterval(record.tries))

const linksNewer = (record: AskRecord, linked: number | null): boolean =>
  linked !== null && (record.version === null || linked > record.version)

/**
 * Whether a run on `today` asks about the id: never twice on one run date; otherwise once the interval has
 * passed, or at once when a digest now links a newer version than the one asked about.
 */
export const askIsDue = (record: AskRecord, today: IsoDate, linked: number | null): boolean =>
  record.lastAsked < today && (today >= nextAskDate(record) || linksNewer(record, linked))

/** The record after another answer without what the digests link (a newer linked version starts over). */
export const recordAnswer = (
  previous: AskRecord | undefined,
  id: PaperKey,
  answer: AskAnswer,
  today: IsoDate,
  linked: number | null
): AskRecord =>
  AskRecord.make({
    id,
    answer,
    lastAsked: today,
    tries: previous === undefined || linksNewer(previous, linked) ? 1 : previous.tries + 1,
    version: linked ?? previous?.version ?? null
  })
