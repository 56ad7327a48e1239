/** HTML escaping for text and attribute values, and the only URL schemes the page will link to. */
import { cleanText } from "../cleanText.ts"

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;"
}

/**
 * Escapes text for element content and quoted attribute values alike, after cleanText: control characters
 * from a digest (NUL, BS, ESC, DEL...) never reach the page, as they never reach the XML and JSON outputs.
 */
export const escapeHtml = (text: string): string =>
  cleanText(text).replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char)

/**
 * True for absolute http(s) URLs. Code links are extracted from digest text that nobody here controls,
 * so a `javascript:` or `data:` URL must never become an href.
 */
export const isWebUrl = (url: string): boolean => /^https?:\/\/[^\s"'<>]+$/i.test(url)

/** A path under the output folder as a relative href: each segment percent-encoded, no leading slash. */
export const relativeHref = (path: string): string =>
  path
    .split("/")
    .filter((segment) => segment !== "" && segment !== "." && segment !== "..")
    .map(encodeURIComponent)
    .join("/")
