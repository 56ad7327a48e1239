/**
 * A document made of day sections between a head and a tail (papers.json, papers.bib, papers.csl.json). A
 * section is the day's items joined by the separator, and sections are joined by the same separator, so a
 * section's bytes do not depend on where it sits: a run renders only the days that changed and copies every
 * other section from the file the previous run published. A full render and a spliced one are the same bytes.
 */
import type { IsoDate } from "../domain/IsoDate.ts"
import type { ByteRange, Chunk } from "./Artifact.ts"

export interface DocumentShape {
  readonly head: string
  /** Before the first item. */
  readonly open: string
  /** Between items, and between sections. */
  readonly separator: string
  /** After the last item. */
  readonly close: string
  /** Instead of open and close when there is no item at all. */
  readonly empty: string
}

/** One day's items, rendered afresh (lazily) or copied from the previous file; `day` null: no marks. */
export type Section =
  | { readonly day: IsoDate | null; readonly items: Iterable<string> }
  | { readonly day: IsoDate; readonly copy: ByteRange }

const mark = (day: IsoDate, edge: "start" | "end"): Chunk => ({ _tag: "SectionMark", day, edge })

/** The document's chunks; a rendered section with no item adds nothing (and no mark). */
export function* sectionedChunks(shape: DocumentShape, sections: Iterable<Section>): Generator<Chunk> {
  yield shape.head
  let first = true
  for (const section of sections) {
    if ("copy" in section) {
      yield first ? shape.open : shape.separator
      first = false
      yield mark(section.day, "start")
      yield { _tag: "CopyRange", offset: section.copy.offset, length: section.copy.length }
      yield mark(section.day, "end")
      continue
    }
    let started = false
    for (const item of section.items) {
      if (!started) {
        yield first ? shape.open : shape.separator
        first = false
        if (section.day !== null) yield mark(section.day, "start")
        started = true
      } else yield shape.separator
      yield item
    }
    if (started && section.day !== null) yield mark(section.day, "end")
  }
  yield first ? shape.empty : shape.close
}

/** The text of a document whose sections are all rendered (no copies, marks dropped). */
export const textChunks = function* (chunks: Iterable<Chunk>): Generator<string> {
  for (const chunk of chunks) if (typeof chunk === "string") yield chunk
}
