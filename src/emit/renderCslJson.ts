/** CSL-JSON writer: the one import path that gives Zotero a true Preprint item (`type: "article"`). */
import type { FeedItem } from "./FeedItem.ts"
import { parsePersonName } from "./PersonName.ts"
import { citationDate } from "./renderBibtex.ts"
import { type DocumentShape, sectionedChunks, textChunks } from "./sectionedDocument.ts"

const cslName = (raw: string) => {
  const name = parsePersonName(raw)
  if (name.kind === "literal") return { literal: name.literal }
  return name.suffix === ""
    ? { family: name.family, given: name.given }
    : { family: name.family, given: name.given, suffix: name.suffix }
}

/**
 * One CSL item; `id` is the BibTeX key so both citation files name a paper alike. Zotero maps `publisher` to
 * Repository and `number` to Archive ID; the journal reference and DOI and the Chinese title go to `note`,
 * which Zotero keeps in Extra.
 */
export const cslItem = (item: FeedItem, key: string) => {
  const [year, month, day] = citationDate(item)
  const note = [
    item.titleZh === null ? "" : `中文标题：${item.titleZh}`,
    item.journalRef === null ? "" : `Published in ${item.journalRef}`,
    item.doi === null ? "" : `Journal DOI: ${item.doi}`
  ].filter((line) => line !== "")
  const abstract = item.abstractEn ?? item.abstractZh
  return {
    id: key,
    type: "article",
    title: item.titleEn ?? item.title,
    author: item.authors.map((author) => cslName(author.name)),
    issued: { "date-parts": [[year, month, day]] },
    publisher: "arXiv",
    number: `arXiv:${item.id}`,
    DOI: item.arxivDoi,
    URL: item.url,
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
