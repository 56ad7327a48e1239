/** Atom 1.0 writer (xmlbuilder2), valid against the RFC 4287 RELAX NG grammar. */
import { create } from "xmlbuilder2"
import type { IsoDate } from "../domain/IsoDate.ts"
import type { Server } from "../domain/PaperKey.ts"
import { distinctUpdated, instant } from "./atomUpdated.ts"
import { cleanLine, doiUrl } from "./cleanText.ts"
import type { FeedItem } from "./FeedItem.ts"
import { type FeedMeta, GENERATOR, newestDay } from "./FeedMeta.ts"
import { dayInstant } from "./feedDates.ts"
import { xmlAttrs, xmlText } from "./xmlbuilderText.ts"

const ATOM_NS = "http://www.w3.org/2005/Atom"
/** The scheme of a category term: arXiv's own Atom scheme; the server's subject collections for bioRxiv/medRxiv. */
const CATEGORY_SCHEMES: Readonly<Record<Server, string>> = {
  arxiv: "http://arxiv.org/schemas/atom",
  biorxiv: "https://www.biorxiv.org/collection",
  medrxiv: "https://www.medrxiv.org/collection"
}
const EPOCH = "1970-01-01T00:00:00Z"

/**
 * Renders an Atom 1.0 feed. Content is `type="html"`: the same markup as the RSS description and JSON Feed
 * `content_html`, so every reader shows the same thing, and html is the content type every reader supports.
 */
export const renderAtom = (meta: FeedMeta, items: ReadonlyArray<FeedItem>): string => {
  const feed = create({ version: "1.0", encoding: "UTF-8" }).ele(
    ATOM_NS,
    "feed",
    xmlAttrs({ "xml:lang": meta.language })
  )
  feed.ele("id").txt(xmlText(meta.selfUrl))
  feed.ele("title", { type: "text" }).txt(xmlText(cleanLine(meta.title)))
  const subtitle = cleanLine(meta.description)
  if (subtitle !== "") feed.ele("subtitle", { type: "text" }).txt(xmlText(subtitle))
  // updated is required: the newest entry's, else the run's newest announcement; never the run time
  const updated = distinctUpdated(items)
  const fallback: IsoDate | null = newestDay(items, meta.asOf)
  const newest = updated.length === 0 ? null : Math.max(...updated)
  feed
    .ele("updated")
    .txt(newest !== null ? instant(newest) : fallback === null ? EPOCH : dayInstant(fallback))
  feed.ele("link", xmlAttrs({ rel: "self", type: "application/atom+xml", href: meta.selfUrl }))
  feed.ele("link", xmlAttrs({ rel: "alternate", type: "text/html", href: meta.homeUrl }))
  // A feed-level author makes the feed valid even if an entry had no known author (RFC 4287 4.1.1).
  feed
    .ele("author")
    .ele("name")
    .txt(xmlText(cleanLine(meta.title)))
  feed.ele("generator").txt(GENERATOR)
  items.forEach((item, index) => {
    const entry = feed.ele("entry")
    entry.ele("id").txt(xmlText(item.url))
    entry.ele("title", { type: "text" }).txt(xmlText(item.title))
    entry.ele("published").txt(item.date)
    entry.ele("updated").txt(instant(updated[index] ?? Date.parse(item.date)))
    for (const author of item.authors) entry.ele("author").ele("name").txt(xmlText(author.name))
    entry.ele("link", xmlAttrs({ rel: "alternate", type: "text/html", href: item.link }))
    entry.ele(
      "link",
      xmlAttrs({ rel: "enclosure", type: "application/pdf", href: item.pdfUrl, title: "PDF" })
    )
    if (item.doi !== null)
      entry.ele("link", xmlAttrs({ rel: "related", href: doiUrl(item.doi), title: "DOI" }))
    for (const codeLink of item.codeLinks) {
      const href = cleanLine(codeLink.url)
      if (/^https?:\/\/\S+$/i.test(href))
        entry.ele("link", xmlAttrs({ rel: "related", href, title: codeLink.kind }))
    }
    for (const category of item.categories)
      entry.ele("category", xmlAttrs({ term: category, scheme: CATEGORY_SCHEMES[item.server] }))
    entry.ele("content", { type: "html" }).txt(xmlText(item.contentHtml))
  })
  return `${feed.end({ prettyPrint: true, indent: "  " })}\n`
}
