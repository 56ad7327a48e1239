/** A digest's text as lines with their offsets: the one place line numbers are computed. */

/** Drops a BOM and turns CRLF and lone CR into LF; line numbers stay those an editor shows. */
export const normalizeText = (content: string): string => {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text
}

export class TextLines {
  /** Offset of the first character of each line; a final entry marks the end of the text. */
  private readonly starts: ReadonlyArray<number>

  constructor(readonly text: string) {
    const starts = [0]
    let at = text.indexOf("\n")
    while (at !== -1) {
      starts.push(at + 1)
      at = text.indexOf("\n", at + 1)
    }
    starts.push(text.length + 1)
    this.starts = starts
  }

  get count(): number {
    return this.starts.length - 1
  }

  /** Offset where line `index` (0-based) starts. */
  start(index: number): number {
    return this.starts[index] ?? this.text.length
  }

  /** Offset of the newline ending line `index` (or the end of the text). */
  end(index: number): number {
    return Math.min((this.starts[index + 1] ?? this.text.length + 1) - 1, this.text.length)
  }

  line(index: number): string {
    return this.text.slice(this.start(index), this.end(index))
  }

  /** 0-based line holding `offset` (binary search: rows are looked up in order, files are small). */
  indexOf(offset: number): number {
    let low = 0
    let high = this.starts.length - 2
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if ((this.starts[mid] ?? 0) <= offset) low = mid
      else high = mid - 1
    }
    return low
  }
}

/** `\|` is a pipe inside a cell (GFM), also when a LaTeX `\\|` put a backslash before it. */
export const unescapePipes = (cell: string): string =>
  cell.includes("\\|") ? cell.replace(/\\\|/g, "|") : cell

/** A pipe preceded by a backslash does not end a cell. */
export const isCellPipe = (text: string, offset: number): boolean =>
  text.charCodeAt(offset) === 124 && text.charCodeAt(offset - 1) !== 92
