/** The benchmark's remark + remark-gfm reader: which arXiv ids a GFM table parse yields, row by row. */
import type { Root, RootContent, Table } from "mdast"
import { remark } from "remark"
import remarkGfm from "remark-gfm"
import { pdfColumn } from "../src/parse/detectLayout.ts"
import type { CorpusFile } from "./corpus.ts"

const ARXIV_PDF = /arxiv\.org\/pdf\/((?:[a-z][a-z-]*(?:\.[A-Z]{2})?\/)?\d[\d.]*?)(?:v\d+)?$/

const linkIn = (node: RootContent): string | undefined => {
  if (node.type === "link") return node.url
  if ("children" in node) {
    for (const child of node.children) {
      const url = linkIn(child as RootContent)
      if (url !== undefined) return url
    }
  }
  return undefined
}

/** remark-gfm's reading: every table row's cell in the layout's PDF column, if it holds an arXiv link. */
export const remarkReader = () => {
  const processor = remark().use(remarkGfm)
  return (file: CorpusFile): ReadonlyArray<string | null> => {
    const tree = processor.parse(file.content) as Root
    if (file.layout === null) return []
    const column = pdfColumn[file.layout]
    const ids: Array<string | null> = []
    for (const node of tree.children) {
      if (node.type !== "table") continue
      for (const row of (node as Table).children.slice(1)) {
        const cell = row.children[column]
        const url = cell === undefined ? undefined : linkIn(cell as RootContent)
        ids.push(url?.match(ARXIV_PDF)?.[1] ?? null)
      }
    }
    return ids
  }
}
