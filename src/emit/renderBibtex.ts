/** BibTeX writer: `@misc`/`@article` entries as DESIGN.md specifies (Zotero keeps the arXiv id only with eprinttype). */
import { arxivIdMonth } from "../domain/ArxivId.ts"
import { SERVER_NAMES } from "../domain/PaperKey.ts"
import { bibLine, bibLines, bibtexName, texLine } from "./bibtexText.ts"
import { protectTitleCase } from "./bibtexTitle.ts"
import type { FeedItem } from "./FeedItem.ts"
import { dateParts, MONTH_MACROS } from "./feedDates.ts"
import { authorPersonName } from "./PersonName.ts"
import { type DocumentShape, sectionedChunks, textChunks } from "./sectionedDocument.ts"

/**
 * v1's date when known (arXiv `published`, the digest's published column). Until arXiv answers, an arXiv
 * paper's is the month of its id (v1's; an old paper in a new digest is years older than the digest), with the
 * announcement's day only when that falls in the same month (day null otherwise); a DOI's, the announcement.
 */
export const citationDate = (item: FeedItem): readonly [number, number, number | null] => {
  const known = dateParts(item.submitted ?? "")
  if (known !== undefined) return known
  const announced = dateParts(item.firstSeen) ?? [1970, 1, 1]
  const idMonth = item.server === "arxiv" ? arxivIdMonth(item.id) : undefined
  if (idMonth === undefined) return announced
  const [year, month] = idMonth
  return year === announced[0] && month === announced[1] ? announced : [year, month, null]
}

/** CSL's `date-parts` of a citation date: year and month alone when the day is unknown. */
export const cslDateParts = ([year, month, day]: readonly [number, number, number | null]) =>
  day === null ? [year, month] : [year, month, day]

/** A paper with a journal reference: it is cited as the article it became (Zotero's arXiv translator does). */
export const isPublished = (item: FeedItem): boolean => item.journalRef !== null

/** One entry: arXiv's (renderArxivEntry) or a bioRxiv/medRxiv preprint's (renderRxivEntry). */
export const renderBibtexEntry = (item: FeedItem, key: string): string =>
  item.server === "arxiv" ? renderArxivEntry(item, key) : renderRxivEntry(item, key)

/** `name = {value}` lines aligned on `=`, as one entry. */
const entryText = (type: string, key: string, fields: ReadonlyArray<readonly [string, string]>): string => {
  const width = Math.max(...fields.map(([name]) => name.length))
  const body = fields.map(([name, value]) => `  ${name.padEnd(width)} = ${value}`).join(",\n")
  return `@${type}{${key},\n${body}\n}\n`
}

/** Every author as `Last, First`, joined with `and`. */
const authorList = (item: FeedItem): string =>
  item.authors.map((author) => bibtexName(authorPersonName(author))).join(" and ")

/**
 * An arXiv entry. A preprint is `@misc`; a paper arXiv reports as published (a journal reference) is `@article`
 * with the journal reference in `journal`. `doi` is the journal DOI when arXiv knows one (the version of
 * record), else arXiv's DataCite DOI. Both are where BibTeX styles, biber and Zotero's importer read them
 * (Zotero's own arXiv translator imports a paper with a journal DOI as a Journal Article with that DOI). `eprint`, `eprinttype = {arxiv}` and `url` keep the
 * arXiv id either way. No `archivePrefix`: biber's default data model lacks it (its source map turns
 * `archivePrefix` into `eprinttype` only when that is absent, else warns "Field 'archiveprefix' invalid in
 * data model" on every entry) and Zotero ignores it; `eprinttype` carries the same fact to biber and Zotero.
 * `primaryClass` stays: biber maps it to `eprintclass` silently, and it is what arXiv's own BibTeX export writes.
 * Title and abstract are TeX (texField), the title brace-protected (protectTitleCase). The English title and
 * abstract are used when known (the paper's own), else the Chinese ones; `annote` carries the Chinese title and
 * abstract and the code links (Zotero turns it into a child note). `langid` is written only for English
 * titles: babel and polyglossia have no Chinese language name biblatex would accept.
 */
const renderArxivEntry = (item: FeedItem, key: string): string => {
  const [year, month] = citationDate(item)
  const published = isPublished(item)
  const fields: Array<readonly [string, string]> = []
  const braced = (name: string, value: string) => {
    if (value !== "") fields.push([name, `{${value}}`])
  }
  braced("title", protectTitleCase(texLine(item.titleEn ?? item.title)))
  braced("author", authorList(item))
  if (published) braced("journal", texLine(item.journalRef ?? ""))
  braced("year", String(year))
  fields.push(["month", MONTH_MACROS[month - 1] ?? "jan"])
  braced("eprint", item.id)
  braced("eprinttype", "arxiv")
  if (item.primaryCategory !== null) braced("primaryClass", bibLine(item.primaryCategory))
  braced("doi", bibLine(item.doi ?? item.preprintDoi))
  braced("url", item.url)
  braced("abstract", texLine(item.abstractEn ?? item.abstractZh ?? ""))
  braced("keywords", item.categories.map(bibLine).join(", "))
  if (item.titleEn !== null) braced("langid", "english")
  braced(
    "annote",
    bibLines([
      // the Chinese texts, unless they already are the title and abstract (no English known)
      item.titleZh === null || item.titleEn === null ? "" : `中文标题：${texLine(item.titleZh)}`,
      item.abstractZh === null || item.abstractEn === null ? "" : `中文摘要：${texLine(item.abstractZh)}`,
      ...item.codeLinks.map((link) => `代码：${bibLine(link.url)}`)
    ])
  )
  return entryText(published ? "article" : "misc", key, fields)
}

/**
 * A bioRxiv/medRxiv preprint: `@misc` (Zotero's BibTeX importer makes every `@misc` a Document; it has no
 * entry type for a Preprint, which only CSL-JSON gives). The server is named twice, for two readers:
 * `howpublished` is what BibTeX's standard styles (plain, unsrt, alpha, natbib's plainnat) and biblatex print
 * for `@misc`; Zotero's importer keeps a non-URL `howpublished` only in Extra (`Published: bioRxiv`), so
 * `publisher` names it too: Zotero's Document keeps it as Publisher. `doi` is the preprint's DOI, the one this
 * entry describes; once published, the journal article's DOI goes to `note` (BibTeX has one `doi` field;
 * every style prints `note`, Zotero keeps it as a child note). `date` is the posting date of the version
 * (biblatex and Zotero read it; `year`/`month` for BibTeX). Titles and abstracts are plain text (not TeX as
 * arXiv's are): escaped whole. Authors are the API's persons, never split again.
 */
const renderRxivEntry = (item: FeedItem, key: string): string => {
  const [year, month, day] = citationDate(item)
  const server = SERVER_NAMES[item.server]
  const fields: Array<readonly [string, string]> = []
  const braced = (name: string, value: string) => {
    if (value !== "") fields.push([name, `{${value}}`])
  }
  braced("title", protectTitleCase(bibLine(item.titleEn ?? item.title)))
  braced("author", authorList(item))
  braced("howpublished", server)
  braced("publisher", server)
  braced("year", String(year))
  fields.push(["month", MONTH_MACROS[month - 1] ?? "jan"])
  braced("date", isoDay(year, month, day))
  braced("doi", bibLine(item.preprintDoi))
  braced("url", item.link)
  if (item.doi !== null) braced("note", bibLine(`Published: https://doi.org/${item.doi}`))
  braced("abstract", bibLine(item.abstractEn ?? item.abstractZh ?? ""))
  braced("keywords", item.categories.map(bibLine).join(", "))
  if (item.titleEn !== null) braced("langid", "english")
  braced(
    "annote",
    bibLines([
      item.titleZh === null || item.titleEn === null ? "" : `中文标题：${bibLine(item.titleZh)}`,
      item.abstractZh === null || item.abstractEn === null ? "" : `中文摘要：${bibLine(item.abstractZh)}`,
      ...item.codeLinks.map((link) => `代码：${bibLine(link.url)}`)
    ])
  )
  return entryText("misc", key, fields)
}

const isoDay = (year: number, month: number, day: number | null): string =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}${day === null ? "" : `-${String(day).padStart(2, "0")}`}`

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
