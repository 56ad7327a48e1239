/** OPML 2.0 subscription list of every feed the site publishes (xmlbuilder2). */
import { create } from "xmlbuilder2"
import { cleanLine } from "./cleanText.ts"
import type { FeedEntry, FeedFormat } from "./FeedCatalog.ts"
import { xmlAttrs, xmlText } from "./xmlbuilderText.ts"

const FORMAT_FOLDERS: ReadonlyArray<{ format: FeedFormat; text: string; short: string; version?: string }> = [
  { format: "rss", text: "RSS 2.0", short: "RSS", version: "RSS2" },
  { format: "atom", text: "Atom 1.0", short: "Atom" },
  { format: "json", text: "JSON Feed 1.1", short: "JSON Feed" }
]

/**
 * Every feed as an outline of `type="rss"`: OPML 2.0 says a subscription list holds nodes of type rss, and
 * readers act on that (FeedLand reads only type="rss", selfoss only "rss" or "atom"); the format is in the
 * xmlUrl itself. The feeds are grouped in one folder per format, so a reader importing everything can drop
 * two folders instead of getting each paper three times; the JSON Feed folder comes last, for the readers
 * that cannot read it. No dates: the file only changes when the list of feeds does.
 */
export const renderOpml = (input: {
  readonly title: string
  readonly siteUrl: string
  readonly feeds: ReadonlyArray<FeedEntry>
}): string => {
  const opml = create({ version: "1.0", encoding: "UTF-8" }).ele("opml", { version: "2.0" })
  const head = opml.ele("head")
  head.ele("title").txt(xmlText(cleanLine(input.title)))
  head.ele("docs").txt("http://opml.org/spec2.opml")
  const body = opml.ele("body")
  for (const folder of FORMAT_FOLDERS) {
    const feeds = input.feeds.filter((feed) => feed.format === folder.format)
    if (feeds.length === 0) continue
    const outline = body.ele("outline", xmlAttrs({ text: folder.text, title: folder.text }))
    for (const feed of feeds) {
      // the format in the name too: some readers import the outlines without their folders
      const text = `${cleanLine(feed.title)} (${folder.short})`
      outline.ele(
        "outline",
        xmlAttrs({
          type: "rss",
          text,
          title: text,
          xmlUrl: new URL(feed.path, input.siteUrl).href,
          htmlUrl: input.siteUrl,
          ...(folder.version === undefined ? {} : { version: folder.version })
        })
      )
    }
  }
  return `${opml.end({ prettyPrint: true, indent: "  " })}\n`
}
