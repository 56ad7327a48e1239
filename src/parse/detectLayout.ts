/** Finds the table header rows of a digest and tells its layout from the header cells, never from the date. */
import type { Layout } from "../domain/DigestRow.ts"
import type { TextLines } from "./TextLines.ts"

/** Header cells of the three real layouts (DIGESTS.md), whitespace-trimmed. */
const HEADERS: ReadonlyArray<readonly [Layout, string]> = [
  ["A", "标题|作者|PDF链接|代码仓库|Title"],
  ["B", "标题|作者|PDF链接|摘要"],
  ["C", "标题|作者|发布日期|PDF链接|摘要"]
]

/** Which column holds the PDF link, per layout (0-based): also what the benchmark reads from remark. */
export const pdfColumn: Readonly<Record<Layout, number>> = { A: 2, B: 2, C: 3 }

const DELIMITER = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/

export interface TableHeader {
  /** 0-based line of the header row; the delimiter row follows it. */
  readonly line: number
  readonly cells: ReadonlyArray<string>
  /** null: a header no layout matches. */
  readonly layout: Layout | null
}

export const headerCells = (line: string): ReadonlyArray<string> => {
  const trimmed = line.trim().replace(/^\|/, "").replace(/\|$/, "")
  return trimmed.split("|").map((cell) => cell.trim())
}

export const layoutOfHeader = (cells: ReadonlyArray<string>): Layout | null => {
  const key = cells.join("|")
  return HEADERS.find(([, header]) => header === key)?.[0] ?? null
}

/**
 * The file's table headers: the first `|` line followed by a delimiter row, whatever its cells, and after
 * it only headers of a known layout. Data rows starting `| 标题：` are no headers (no delimiter follows);
 * a nested table inside a cell has a delimiter but an unknown header, so it stays cell text.
 */
export const findHeaders = (lines: TextLines): ReadonlyArray<TableHeader> => {
  const found: Array<TableHeader> = []
  const text = lines.text
  for (let index = 0; index + 1 < lines.count; index++) {
    const start = lines.start(index)
    // Cheap test first: most lines are cell text, not table rows.
    if (text.charCodeAt(start) !== 124 && !/^[ \t]+\|/.test(lines.line(index))) continue
    // A delimiter row starts with `|`, `-`, `:` or a blank; a row's continuation rarely does.
    const first = text.charCodeAt(lines.start(index + 1))
    if (first !== 124 && first !== 45 && first !== 58 && first !== 32 && first !== 9) continue
    const next = lines.line(index + 1)
    if (!next.includes("-") || !next.includes("|") || !DELIMITER.test(next)) continue
    const cells = headerCells(lines.line(index))
    const layout = layoutOfHeader(cells)
    if (found.length === 0 || layout !== null) {
      found.push({ line: index, cells, layout })
      index++
    }
  }
  return found
}
