/** Text hygiene shared by every writer: what XML 1.0 cannot carry is removed, line breaks are normalised. */

/**
 * C0 controls except tab and line feed, DEL and the C1 block (legal in XML 1.0 but discouraged and shown as
 * garbage by readers), U+FFFE/U+FFFF, and UTF-16 surrogates that are not part of a pair.
 */
const INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Cheap pre-check: most texts have nothing to remove, and INVALID's lookarounds are slow on long texts. */
const SUSPECT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/

/**
 * Removes characters XML 1.0 cannot carry and turns CR LF and lone CR into LF, which is what every XML parser
 * does on reading anyway: the text a reader gets back is exactly the text we meant to write.
 */
export const cleanText = (text: string): string =>
  SUSPECT.test(text) ? text.replace(/\r\n?/g, "\n").replace(INVALID, "") : text

/** cleanText, then every run of white space (line breaks included) folded to one space and trimmed. */
export const cleanLine = (text: string): string => cleanText(text).replace(/\s+/g, " ").trim()

/** Han, kana and hangul: tells a translated (Chinese) text from an untranslated (English) one. */
export const hasCjk = (text: string): boolean =>
  /[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]/.test(text)

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }

/** Escapes text for the HTML inside feed items (element content, double-quoted attributes); the landing page has its own, site/escapeHtml.ts, which also escapes single quotes. */
export const escapeItemHtml = (text: string): string => text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c)

/** The resolver URL of a DOI, each path segment percent-encoded (DOIs may hold `#`, `?`, `%`, `<`). */
export const doiUrl = (doi: string): string =>
  `https://doi.org/${doi.split("/").map(encodeURIComponent).join("/")}`
