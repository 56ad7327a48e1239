/** OPML 2.0 subscription lists, one per feed format, each listing every feed once (xmlbuilder2). */
import { create } from "xmlbuilder2"
import { cleanLine } from "./cleanText.ts"
import type { FeedEntry, FeedFormat } from "./FeedCatalog.ts"
import { xmlAttrs, xmlText } from "./xmlbuilderText.ts"

/**
 * The OPML files and the outline type of their feeds. OPML 2.0 defines `type="rss"` for subscription lists
 * (with `version="RSS2"` for RSS 2.0) and nothing for other formats: Atom outlines are typed `atom`, which
 * selfoss and other readers act on, and JSON Feed outlines `json`, so no reader takes them for RSS (readers
 * that read JSON Feed look at the document, not the type). `feeds.opml` holds the RSS feeds: the list the
 * most readers import; "subscribe to all" in any of the three gets each paper once.
 */
export const OPML_FILES: Readonly<
  Record<
    FeedFormat,
    { readonly path: string; readonly label: string; readonly type: string; readonly version?: string }
  >
> = {
  rss: { path: "feeds.opml", label: "RSS", type: "rss", version: "RSS2" },
  atom: { path: "feeds-atom.opml", label: "Atom", type: "atom" },
  json: { path: "feeds-json.opml", label: "JSON Feed", type: "json" }
}

/** The OPML file of one format: every feed of that format, in the catalogue's order. No dates, so it only
 * changes when the list of feeds does. */
export const renderOpml = (input: {
  readonly title: string
  readonly siteUrl: string
  readonly feeds: ReadonlyArray<FeedEntry>
  readonly format: FeedFormat
}): string => {
  const file = OPML_FILES[input.format]
  const opml = create({ version: "1.0", encoding: "UTF-8" }).ele("opml", { version: "2.0" })
  const head = opml.ele("head")
  head.ele("title").txt(xmlText(`${cleanLine(input.title)} (${file.label})`))
  head.ele("docs").txt("http://opml.org/spec2.opml")
  const body = opml.ele("body")
  for (const feed of input.feeds.filter((f) => f.format === input.format)) {
    const text = cleanLine(feed.title)
    body.ele(
      "outline",
      xmlAttrs({
        type: file.type,
        text,
        title: text,
        xmlUrl: new URL(feed.path, input.siteUrl).href,
        htmlUrl: input.siteUrl,
        ...(file.version === undefined ? {} : { version: file.version })
      })
    )
  }
  return `${opml.end({ prettyPrint: true, indent: "  " })}\n`
}
