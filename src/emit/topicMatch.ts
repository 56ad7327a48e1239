/**
 * Which papers a topic selects (README "Topics") and its window. Pure: the same papers give the same topic
 * feeds whatever else the run did.
 */
import { authorNamesOf, categoriesOf, type EnrichedPaper } from "../domain/EnrichedPaper.ts"
import type { IsoDate } from "../domain/IsoDate.ts"
import type { Topic, TopicServer } from "../domain/Topic.ts"
import { normaliseText, termOccurs } from "../domain/topicTerms.ts"
import { hasCode } from "./FeedCatalog.ts"
import { newestFirst, windowStart } from "./feedWindow.ts"

/**
 * The paper's known titles and abstracts, Chinese and English, normalised: the digest's title and abstract
 * (Chinese, or English where the translation failed), the digest's English title and abstract (the upstream
 * JSON's, for bioRxiv/medRxiv), and the server's English title and abstract once known. One per line, so no
 * word runs on from one text into the next.
 */
export const topicText = ({ paper, metadata }: EnrichedPaper): string =>
  normaliseText(
    [paper.title, paper.titleEn, paper.abstract, paper.abstractEn, metadata?.title, metadata?.abstract]
      .filter((text): text is string => text !== null && text !== undefined && text !== "")
      .join("\n")
  )

const serverOf = (item: EnrichedPaper): TopicServer => item.paper.server

/** The authors as the feeds know them: the server's list once known, the digest's first author until then. */
const authorNames = (item: EnrichedPaper): ReadonlyArray<string> => {
  const names = authorNamesOf(item)
  return names.length > 0 ? names : [item.paper.author]
}

/** A topic with its terms normalised once, to test many papers. */
export const topicMatcher = (topic: Topic): ((paper: EnrichedPaper) => boolean) => {
  const matches = topicTextMatcher(topic)
  return (paper) => matches(paper, () => topicText(paper))
}

/**
 * topicMatcher for a caller that tests each paper against several topics: `textOf` gives the paper's
 * topicText, so it is normalised once for all of them (asked only when a topic needs the text).
 */
export const topicTextMatcher = (topic: Topic): ((paper: EnrichedPaper, textOf: () => string) => boolean) => {
  const any = topic.any.map(normaliseText)
  const all = topic.all.map(normaliseText)
  const none = topic.none.map(normaliseText)
  const authors = topic.authors.map(normaliseText)
  const categories = new Set(topic.categories.map((category) => category.toLowerCase()))
  const servers = new Set<string>(topic.servers)
  const needsText = any.length + all.length + none.length > 0
  return (paper, textOf) => {
    if (topic.hasCode && !hasCode(paper)) return false
    if (servers.size > 0 && !servers.has(serverOf(paper))) return false
    if (categories.size > 0 && !categoriesOf(paper).some((c) => categories.has(c.toLowerCase()))) return false
    if (authors.length > 0) {
      const names = authorNames(paper).map(normaliseText)
      if (!authors.some((fragment) => names.some((name) => name.includes(fragment)))) return false
    }
    if (!needsText) return true
    const text = textOf()
    return (
      (any.length === 0 || any.some((term) => termOccurs(text, term))) &&
      all.every((term) => termOccurs(text, term)) &&
      !none.some((term) => termOccurs(text, term))
    )
  }
}

/**
 * The topic's feed: its papers announced in its own `days` calendar days ending on `newest` (the archive's
 * newest announcement, as for the main feeds), newest first, at most `maxItems`.
 */
export const topicWindow = (
  topic: Topic,
  papers: Iterable<EnrichedPaper>,
  newest: IsoDate | null,
  maxItems: number
): ReadonlyArray<EnrichedPaper> => {
  if (newest === null) return []
  const start = windowStart(newest, topic.days)
  const matches = topicMatcher(topic)
  const selected: Array<EnrichedPaper> = []
  for (const paper of papers) if (paper.paper.firstSeen >= start && matches(paper)) selected.push(paper)
  return selected.sort(newestFirst).slice(0, maxItems)
}

/** The longest window of the feeds and topics: the days a run must render to fill every windowed feed. */
export const longestWindow = (pipeline: {
  readonly feeds: { readonly days: number }
  readonly topics: ReadonlyArray<Topic>
}): number => Math.max(pipeline.feeds.days, ...pipeline.topics.map((topic) => topic.days))
