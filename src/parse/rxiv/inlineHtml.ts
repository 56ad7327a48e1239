/**
 * Turns the inline HTML the servers leave in titles and abstracts (`CO<inf>2</inf>`, `<em>E. coli</em>`,
 * `&gt;`, `&ge;`) into plain text. Only known inline tags are dropped, so `p < 0.05` stays as written.
 */

const INLINE_TAG = /<\/?(?:inf|sub|sup|em|i|b|strong|u|sc|br|span|p)(?:\s[^<>]*)?\s*\/?>/gi

const NAMED: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  le: "≤",
  ge: "≥",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "–",
  mdash: "—",
  plusmn: "±",
  times: "×",
  deg: "°",
  micro: "µ",
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  kappa: "κ",
  lambda: "λ",
  mu: "μ",
  sigma: "σ",
  tau: "τ",
  ne: "≠",
  asymp: "≈",
  middot: "·",
  prime: "′",
  rsquo: "’",
  lsquo: "‘",
  rdquo: "”",
  ldquo: "“",
  hellip: "…"
}

const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,8}));/gi

const fromCodePoint = (code: number, original: string): string =>
  code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff
    ? String.fromCodePoint(code)
    : original

const decodeEntity = (entity: string, decimal?: string, hex?: string, name?: string): string => {
  if (decimal !== undefined) return fromCodePoint(Number(decimal), entity)
  if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16), entity)
  return NAMED[name ?? ""] ?? NAMED[(name ?? "").toLowerCase()] ?? entity
}

/** Plain text of a cell: known inline tags dropped, then entities decoded (once: `&amp;lt;` gives `&lt;`). */
export const inlineHtmlToText = (text: string): string => {
  if (!text.includes("<") && !text.includes("&")) return text
  return text.replace(INLINE_TAG, "").replace(ENTITY, decodeEntity)
}
