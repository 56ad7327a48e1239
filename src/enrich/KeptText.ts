/**
 * The text of one element the arXiv Atom scanner keeps (a title, a name, a date), gathered while the scan
 * passes it: usually one span of the answer, taken at the end trimmed and folded as a new string; forward
 * cursors say where a line break, tab, CR or double space falls inside it, so a value with none is copied
 * as it is and a wrapped abstract is joined from its lines without a regex.
 */
import { copyOf, decodeReferences, foldWhiteSpace, isTrimmed, isXmlSpace, TextCursor } from "./atomText.ts"

export class KeptText {
  // One span of the answer (the usual case), or, once there are more pieces (CDATA, a comment in between),
  // the pieces joined with their references decoded.
  private spanStart = -1
  private spanEnd = -1
  private spanHasReference = false
  private pieces: string | undefined = undefined
  private readonly lineFeeds: TextCursor
  private readonly tabs: TextCursor
  private readonly returns: TextCursor
  private readonly doubleSpaces: TextCursor

  constructor(private readonly xml: string) {
    this.lineFeeds = new TextCursor(xml, "\n")
    this.tabs = new TextCursor(xml, "\t")
    this.returns = new TextCursor(xml, "\r")
    this.doubleSpaces = new TextCursor(xml, "  ")
  }

  /** Text of the answer in [start, end), holding an `&` (all references, none stray) or not. */
  addText(start: number, end: number, hasReference: boolean): void {
    if (this.spanStart < 0 && this.pieces === undefined) {
      this.spanStart = start
      this.spanEnd = end
      this.spanHasReference = hasReference
    } else this.pieces = this.piecesSoFar() + decodeReferences(this.xml.slice(start, end))
  }

  /** A CDATA section's content, verbatim. */
  addCdata(start: number, end: number): void {
    this.pieces = this.piecesSoFar() + this.xml.slice(start, end)
  }

  /** The text gathered, folded and trimmed, as a new string; starts over. */
  take(): string {
    let value: string
    if (this.pieces !== undefined) value = copyOf(foldWhiteSpace(this.pieces))
    else if (this.spanStart < 0) value = ""
    else if (this.spanHasReference)
      value = copyOf(foldWhiteSpace(decodeReferences(this.xml.slice(this.spanStart, this.spanEnd))))
    else value = this.foldedSpan(this.spanStart, this.spanEnd)
    this.spanStart = -1
    this.pieces = undefined
    return value
  }

  private piecesSoFar(): string {
    if (this.pieces !== undefined) return this.pieces
    if (this.spanStart < 0) return ""
    const first = this.xml.slice(this.spanStart, this.spanEnd)
    this.spanStart = -1
    return this.spanHasReference ? decodeReferences(first) : first
  }

  /** The span's text, trimmed and folded, as a new string (never a slice of the answer). */
  private foldedSpan(from: number, to: number): string {
    const xml = this.xml
    let start = from
    let end = to
    // Trimmed as String.prototype.trim would (NBSP too), folded inside by XML's white space only.
    while (start < end && isTrimmed(xml.charCodeAt(start))) start++
    while (end > start && isTrimmed(xml.charCodeAt(end - 1))) end--
    if (start === end) return ""
    let run = this.nextRun(start, end)
    if (run < 0) return copyOf(xml.slice(start, end))
    const parts: Array<string> = []
    let piece = start
    while (run >= 0) {
      let runEnd = run + 1
      while (isXmlSpace(xml.charCodeAt(runEnd))) runEnd++
      parts.push(xml.slice(piece, run))
      piece = runEnd
      run = this.nextRun(piece, end)
    }
    parts.push(xml.slice(piece, end))
    // Two parts or more: join writes a new string.
    return parts.join(" ")
  }

  /** Where the next run that folding changes starts in [start, end) (trimmed: no run touches an end), or -1. */
  private nextRun(start: number, end: number): number {
    let at = Math.min(
      this.lineFeeds.next(start),
      this.tabs.next(start),
      this.returns.next(start),
      this.doubleSpaces.next(start)
    )
    if (at >= end) return -1
    // A single space before a line break (or tab, or CR) belongs to the same run.
    if (at > start && this.xml.charCodeAt(at - 1) === 32) at--
    return at
  }
}
