/**
 * An output folder for the browser test: the real landing page from the renderer, next to STUB feed and
 * download files (the right root element or JSON shape, no items) so every link has something to resolve.
 * Once the pipeline writes a whole `outputs/`, the browser test can serve that instead.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import type { IndexHtmlInput } from "../../../src/emit/site/renderIndexHtml.ts"
import { renderIndexHtml } from "../../../src/emit/site/renderIndexHtml.ts"

const LABEL = "STUB written by test/emit/site/writeStubSite.ts for the browser test: not a real feed"

const escapeXml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

const stubFeed = (format: "rss" | "atom" | "json", title: string): string => {
  switch (format) {
    case "rss":
      return `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${LABEL} -->\n<rss version="2.0"><channel><title>${escapeXml(title)}</title><link>https://example.org/</link><description>stub</description></channel></rss>\n`
    case "atom":
      return `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${LABEL} -->\n<feed xmlns="http://www.w3.org/2005/Atom"><title>${escapeXml(title)}</title><id>urn:stub</id><updated>2025-10-06T00:00:00Z</updated></feed>\n`
    case "json":
      return `${JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title, _comment: LABEL, items: [] })}\n`
  }
}

const stubDownload = (path: string): string =>
  path.endsWith(".opml")
    ? `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${LABEL} -->\n<opml version="2.0"><head><title>stub</title></head><body/></opml>\n`
    : path.endsWith(".bib")
      ? `% ${LABEL}\n`
      : path.endsWith(".csl.json")
        ? "[]\n"
        : `${JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: LABEL, items: [] })}\n`

const write = (folder: string, path: string, text: string): void => {
  const target = join(folder, path)
  mkdirSync(dirname(target), { recursive: true })
  writeFileSync(target, text)
}

/** Writes `index.html` and one stub per feed and download of the input into `folder`. */
export const writeStubSite = (folder: string, input: IndexHtmlInput): void => {
  write(folder, "index.html", renderIndexHtml(input))
  for (const feed of input.feeds) {
    write(folder, feed.path, stubFeed(feed.format, feed.title))
    // a feed in a folder of its own has a page beside it (renderFeedPages)
    if (feed.path.includes("/"))
      write(folder, feed.path.replace(/[^/]+$/, "index.html"), `<!doctype html><title>${LABEL}</title>\n`)
  }
  for (const download of input.downloads) write(folder, download.path, stubDownload(download.path))
  // each day heading links that day's BibTeX file
  for (const day of new Set(input.papers.map((paper) => paper.paper.firstSeen))) {
    write(folder, `bib/${day}.bib`, stubDownload(".bib"))
    // and its page (renderArchivePages; the sample's browser test crawls the real ones)
    write(folder, `day/${day}.html`, `<!doctype html><title>${LABEL}</title>\n`)
  }
  write(folder, "archive.html", `<!doctype html><title>${LABEL}</title>\n`)
  write(folder, "search.html", `<!doctype html><title>${LABEL}</title>\n`)
}
