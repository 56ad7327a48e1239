/** RSS 2.0 writer (xmlbuilder2): dc:creator per author, dc:identifier (DOI), categories, PDF enclosure, atom:link self. */
import { create } from "xmlbuilder2"
import { cleanLine } from "./cleanText.ts"
import { citedDoi, type FeedItem } from "./FeedItem.ts"
import { type FeedMeta, GENERATOR, newestDay } from "./FeedMeta.ts"
import { rfc822 } from "./feedDates.ts"
import { xmlAttrs, xmlText } from "./xmlbuilderText.ts"

const ATOM_NS = "http://www.w3.org/2005/Atom"
const DC_NS = "http://purl.org/dc/elements/1.1/"

/** Renders an RSS 2.0 document; items are written in the order given (newest first). */
export const renderRss = (meta: FeedMeta, items: ReadonlyArray<FeedItem>): string => {
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele("rss", {
    version: "2.0",
    "xmlns:atom": ATOM_NS,
    "xmlns:dc": DC_NS
  })
  const channel = root.ele("channel")
  channel.ele("title").txt(xmlText(cleanLine(meta.title)))
  channel.ele("link").txt(xmlText(meta.homeUrl))
  // description is required by RSS 2.0; the title stands in when the pipeline has none
  channel.ele("description").txt(xmlText(cleanLine(meta.description) || cleanLine(meta.title)))
  channel.ele("language").txt(xmlText(meta.language))
  channel.ele(
    ATOM_NS,
    "atom:link",
    xmlAttrs({ href: meta.selfUrl, rel: "self", type: "application/rss+xml" })
  )
  // Feed dates come from the newest item so that a rerun is byte-identical; an empty feed has none.
  const newest = newestDay(items, null)
  if (newest !== null) {
    channel.ele("pubDate").txt(rfc822(newest))
    channel.ele("lastBuildDate").txt(rfc822(newest))
  }
  channel.ele("generator").txt(GENERATOR)
  channel.ele("docs").txt("https://www.rssboard.org/rss-specification")
  for (const item of items) {
    const node = channel.ele("item")
    node.ele("title").txt(xmlText(item.title))
    node.ele("link").txt(xmlText(item.link))
    node.ele("description").txt(xmlText(item.contentHtml))
    // RSS <author> wants an e-mail address and appears once: names go to dc:creator, one per author.
    for (const author of item.authors) node.ele(DC_NS, "dc:creator").txt(xmlText(author.name))
    for (const category of item.categories) node.ele("category").txt(xmlText(category))
    // Zotero's feed reader takes an item's DOI from dc:identifier only (it reads no prism:doi, and no reader
    // found here does): the DOI the citation files write (citedDoi).
    node.ele(DC_NS, "dc:identifier").txt(xmlText(`doi:${citedDoi(item)}`))
    // RSS 2.0 requires enclosure@length. The PDF size is unknown without fetching it, and the RSS Advisory
    // Board's Best Practices Profile says: "When an enclosure's size cannot be determined, a publisher SHOULD
    // use a length of 0" (the W3C feed validator accepts exactly that). Omitting the enclosure would lose the
    // typed PDF link readers offer as a download, so it stays, with length="0".
    node.ele("enclosure", xmlAttrs({ url: item.pdfUrl, length: "0", type: "application/pdf" }))
    node.ele("guid", { isPermaLink: "true" }).txt(xmlText(item.url))
    node.ele("pubDate").txt(rfc822(item.firstSeen))
  }
  return `${root.end({ prettyPrint: true, indent: "  " })}\n`
}
