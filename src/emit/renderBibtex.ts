/** BibTeX writer: `@misc` entries as DESIGN.md specifies (Zotero keeps the arXiv id only with eprinttype). */
import { bibLine, bibLines, bibtexName } from "./bibtexText.ts"
import type { FeedItem } from "./FeedItem.ts"
import { dateParts, MONTH_MACROS } from "./feedDates.ts"
import { parsePersonName } from "./PersonName.ts"
import { type DocumentShape, sectionedChunks, textChunks } from "./sectionedDocument.ts"

/** v1 date when known (arXiv `published`, the digest's published column), else the announcement. */
export const citationDate = (item: FeedItem): readonly [number, number, number] =>
  dateParts(item.submitted ?? "") ?? dateParts(item.firstSeen) ?? [1970, 1, 1]

/**
 * One entry. `doi` is arXiv's DataCite DOI (it identifies the preprint this entry describes); a journal DOI
 * and journal reference go to `note`, which biblatex prints and Zotero keeps. The English title and abstract
 * are used when known (the paper's own), else the Chinese ones; `annote` carries the Chinese title and
 * abstract and the code links (Zotero turns it into a child note). `langid` is written only for English
 * titles: babel and polyglossia have no Chinese language name biblatex would accept.
 */
export const renderBibtexEntry = (item: FeedItem, key: string): string => {
  const [year, month] = citationDate(item)
  const fields: Array<readonly [string, string]> = []
  const braced = (name: string, value: string) => {
    if (value !== "") fields.push([name, `{${value}}`])
  }
  braced("title", bibLine(item.titleEn ?? item.title))
  braced("author", item.authors.map((author) => bibtexName(parsePersonName(author.name))).join(" and "))
  braced("year", String(year))
  fields.push(["month", MONTH_MACROS[month - 1] ?? "jan"])
  braced("eprint", item.id)
  braced("archivePrefix", "arXiv")
  braced("eprinttype", "arxiv")
  if (item.primaryCategory !== null) braced("primaryClass", bibLine(item.primaryCategory))
  braced("doi", item.arxivDoi)
  braced("url", item.url)
  braced("abstract", bibLine(item.abstractEn ?? item.abstractZh ?? ""))
  braced("keywords", item.categories.map(bibLine).join(", "))
  if (item.titleEn !== null) braced("langid", "english")
  const published = [
    item.journalRef === null ? "" : `Published in ${item.journalRef}`,
    item.doi === null ? "" : `DOI ${item.doi}`
  ].filter((part) => part !== "")
  braced("note", bibLine(published.join("; ")))
  braced(
    "annote",
    bibLines([
      // the Chinese texts, unless they already are the title and abstract (no English known)
      item.titleZh === null || item.titleEn === null ? "" : `中文标题：${item.titleZh}`,
      item.abstractZh === null || item.abstractEn === null ? "" : `中文摘要：${item.abstractZh}`,
      ...item.codeLinks.map((link) => `代码：${link.url}`)
    ])
  )
  const width = Math.max(...fields.map(([name]) => name.length))
  const body = fields.map(([name, value]) => `  ${name.padEnd(width)} = ${value}`).join(",\n")
  return `@misc{${key},\n${body}\n}\n`
}

/** The shape of a .bib file: entries separated by a blank line, nothing around them. */
export const BIBTEX_SHAPE: DocumentShape = { head: "", open: "", separator: "\n", close: "", empty: "" }

/** Entries as BIBTEX_SHAPE items, lazily. */
export const bibtexItems = function* (
  entries: Iterable<{ readonly item: FeedItem; readonly key: string }>
): Generator<string> {
  for (const { item, key } of entries) yield renderBibtexEntry(item, key)
}

/** A .bib file as chunks, one entry each, separated by a blank line; items keep the order given. */
export const bibtexChunks = (
  entries: Iterable<{ readonly item: FeedItem; readonly key: string }>
): Generator<string> =>
  textChunks(sectionedChunks(BIBTEX_SHAPE, [{ day: null, items: bibtexItems(entries) }]))
