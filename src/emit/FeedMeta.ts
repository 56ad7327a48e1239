/** What a feed says about itself: title, links, language, and the date it falls back to when empty. */
import { type IsoDate, latestDate } from "../domain/IsoDate.ts"

export interface FeedMeta {
  readonly title: string
  readonly description: string
  /** The landing page (the pipeline's siteUrl). */
  readonly homeUrl: string
  /** Where this very feed is published. */
  readonly selfUrl: string
  /** BCP 47 tag, `zh-CN`. */
  readonly language: string
  /**
   * The feed date when the feed has no item (Atom requires one): the newest announcement of the whole run,
   * null when there is no paper at all (then the Unix epoch). Never the run time, so reruns are byte-identical.
   */
  readonly asOf: IsoDate | null
}

export const GENERATOR = "digest-feeds"

/** Newest announcement among the items, else the fallback. */
export const newestDay = (
  items: ReadonlyArray<{ readonly firstSeen: IsoDate }>,
  fallback: IsoDate | null
): IsoDate | null => latestDate(items.map((item) => item.firstSeen)) ?? fallback
