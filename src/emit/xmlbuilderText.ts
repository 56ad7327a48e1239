/** Text and attribute values for xmlbuilder2, so that what a reader parses back is exactly what we wrote. */

/**
 * xmlbuilder2 4 escapes `&` only when it does not already look like a reference (`&amp;`, `&lt;`, `&#65;`
 * pass through unchanged: its "no double encoding" rule), so the text `&lt;script&gt;` of an HTML body would
 * be read back as `<script>`. Escaping every `&` first leaves xmlbuilder2 only `&amp;` sequences, which it
 * keeps, while it still escapes `<` and `>` itself: each character is then escaped exactly once.
 */
export const xmlText = (text: string): string => text.replace(/&/g, "&amp;")

/** xmlText over every attribute value. */
export const xmlAttrs = (attributes: Record<string, string>): Record<string, string> => {
  const escaped: Record<string, string> = {}
  for (const [name, value] of Object.entries(attributes)) escaped[name] = xmlText(value)
  return escaped
}
