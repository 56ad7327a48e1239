/**
 * A copy of `text` that does not point into the larger text it was cut from. Parsers' strings are slices of
 * what they read (a digest, an arXiv answer), and V8 keeps a whole text alive for any slice of it: without a
 * copy, every digest or answer ever read stays in memory for the rest of the run. A round trip through a
 * Buffer copies; strings under 13 characters are never slices.
 */
export const detach = <S extends string | null>(text: S): S =>
  (text === null || text.length < 13 ? text : Buffer.from(text, "utf16le").toString("utf16le")) as S
