/** CSL-JSON writer: the one import path that gives Zotero a true Preprint item (`type: "article"`), or a Journal Article once published. */
import { SERVER_NAMES } from "../domain/PaperKey.ts"
import type { FeedAuthor, FeedItem } from "./FeedItem.ts"
import { authorPersonName } from "./PersonName.ts"
import { citationDate, cslDateParts, isPublished } from "./renderBibtex.ts"
import { type DocumentShape, sectionedChunks, textChunks } from "./sectionedDocument.ts"

const cslName = (author: FeedAuthor) => {
  const name = authorPersonName(author)
  if (name.kind === "literal") return { literal: name.literal }
  return name.suffix === ""
    ? { family: name.family, given: name.given }
    : { family: name.family, given: name.given, suffix: name.suffix }
}

/**
 * One CSL item; `id` is the BibTeX key so both citation files name a paper alike. A preprint is `article` with
 * `publisher` (Zotero: Repository) and `number` (Archive ID): Zotero creates a Preprint. A paper arXiv reports
 * as published (a journal reference) is `article-journal` with the reference in `container-title`, as
 * papers.bib makes it an `@article`; its arXiv id then goes to `note` as `arXiv: <id>`, the line Zotero's
 * arXiv translator writes into Extra. `DOI` is the journal DOI when arXiv knows one, else arXiv's (CSL has
 * room for one). The Chinese title goes to `note`, which Zotero keeps in Extra.
 */
export const cslItem = (item: FeedItem, key: string) =>
  item.server === "arxiv" ? arxivCslItem(item, key) : rxivCslItem(item, key)

const arxivCslItem = (item: FeedItem, key: string) => {
  const date = cslDateParts(citationDate(item))
  const published = isPublished(item)
  const note = [
    published ? `arXiv: ${item.id}` : "",
    item.titleZh === null ? "" : `中文标题：${item.titleZh}`
  ].filter((line) => line !== "")
  const abstract = item.abstractEn ?? item.abstractZh
  return {
    id: key,
    type: published ? "article-journal" : "article",
    title: item.titleEn ?? item.title,
    author: item.authors.map(cslName),
    issued: { "date-parts": [date] },
    ...(published
      ? { "container-title": item.journalRef ?? "" }
      : { publisher: "arXiv", number: `arXiv:${item.id}` }),
    DOI: item.doi ?? item.preprintDoi,
    URL: item.url,
    ...(abstract === null ? {} : { abstract }),
    language: item.titleEn === null ? "zh-CN" : "en",
    ...(item.categories.length === 0 ? {} : { keyword: item.categories.join(", ") }),
    ...(note.length === 0 ? {} : { note: note.join("\n") })
  }
}

/**
 * A bioRxiv/medRxiv preprint: `article` with `publisher` = the server, which Zotero imports as a Preprint with
 * the Repository filled in; `issued` is the posting date of the version, `DOI` the preprint's, `URL` the
 * server's page. A published preprint stays `article`, unlike arXiv's (`article-journal` with its journal
 * reference): the API gives the journal DOI only, no journal name, volume or pages, and an
 * `article-journal` without `container-title` cites as a journal article of no journal. The journal DOI goes
 * to `note` (CSL has one `DOI`; Zotero keeps `note` in Extra), beside the Chinese title.
 */
const rxivCslItem = (item: FeedItem, key: string) => {
  const date = cslDateParts(citationDate(item))
  const note = [
    item.doi === null ? "" : `Published: https://doi.org/${item.doi}`,
    item.titleZh === null ? "" : `中文标题：${item.titleZh}`
  ].filter((line) => line !== "")
  const abstract = item.abstractEn ?? item.abstractZh
  return {
    id: key,
    type: "article",
    title: item.titleEn ?? item.title,
    author: item.authors.map(cslName),
    issued: { "date-parts": [date] },
    publisher: SERVER_NAMES[item.server],
    ...(item.version === null ? {} : { version: String(item.version) }),
    DOI: item.preprintDoi,
    URL: item.link,
    ...(abstract === null ? {} : { abstract }),
    language: item.titleEn === null ? "zh-CN" : "en",
    ...(item.categories.length === 0 ? {} : { keyword: item.categories.join(", ") }),
    ...(note.length === 0 ? {} : { note: note.join("\n") })
  }
}

/** The shape of `papers.csl.json`: a JSON array, one item per line. */
export const CSL_JSON_SHAPE: DocumentShape = {
  head: "",
  open: "[\n",
  separator: ",\n",
  close: "\n]\n",
  empty: "[]\n"
}

/** Entries as CSL_JSON_SHAPE items, lazily. */
export const cslJsonItems = function* (
  entries: Iterable<{ readonly item: FeedItem; readonly key: string }>
): Generator<string> {
  for (const { item, key } of entries) yield JSON.stringify(cslItem(item, key))
}

/** `papers.csl.json` as chunks: a JSON array, one item per line, consumed lazily. */
export const cslJsonChunks = (
  entries: Iterable<{ readonly item: FeedItem; readonly key: string }>
): Generator<string> =>
  textChunks(sectionedChunks(CSL_JSON_SHAPE, [{ day: null, items: cslJsonItems(entries) }]))
