/** Tells a bioRxiv/medRxiv table's layout from its header row, never from the date. */
import type { RxivLayout } from "../../domain/RxivRow.ts"
import type { TableHeader } from "../detectLayout.ts"

/**
 * arXiv's header table names A, B and C; bioRxiv/medRxiv add C4 (2026-05-01 only), whose cells equal B's.
 * The two differ only in the spacing before 摘要: B's header has two spaces (`|  摘要 |`, 251 files per
 * server), C4's one. B links `https://doi.org/…`, C4 the server's PDF; either link gives the same DOI, so a
 * misjudged B/C4 costs nothing but the label.
 */
export const rxivLayoutOf = (header: TableHeader, headerLine: string): RxivLayout | null => {
  if (header.layout === null) return null
  if (header.layout !== "B") return header.layout
  return /\|\s{2,}摘要\s*\|/.test(headerLine) ? "B" : "C4"
}

/** The layout splitRows reads a table with: C4 has B's columns. */
export const splitLayout = (layout: RxivLayout) => (layout === "C4" ? "B" : layout)
