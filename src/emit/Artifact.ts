/** An output file to publish: a path under the output folder and its text, possibly produced lazily. */
import type { IsoDate } from "../domain/IsoDate.ts"

/**
 * Bytes copied as they are: from the file the previous run published at the same path (an unchanged section),
 * or, with `from`, from a file staged earlier in the same pass (ArtifactPass: a scratch file or an ended one).
 * `sections`: the day sections the range holds, at their offsets in the source: several adjacent days copied
 * as one range (one read and write a block, not a few per day) still record where each lies.
 */
export interface CopyRange {
  readonly _tag: "CopyRange"
  readonly offset: number
  readonly length: number
  readonly from?: string
  readonly sections?: ReadonlyArray<DaySection>
}

/** A day's section at a byte offset of some file. */
export interface DaySection extends ByteRange {
  readonly day: IsoDate
}

/** Where a day's section of a cumulative file starts or ends: the publisher records its byte range. */
export interface SectionMark {
  readonly _tag: "SectionMark"
  readonly day: IsoDate
  readonly edge: "start" | "end"
}

/** A piece of an artifact: text, previously published bytes, or a section boundary (no bytes). */
export type Chunk = string | CopyRange | SectionMark

export interface Artifact {
  /** Relative to the output folder, `/`-separated (`rss.xml`, `bib/2025-10-06.bib`). */
  readonly path: string
  /** The text; cumulative outputs yield chunks so they never have to fit in memory at once. */
  readonly content: string | Iterable<Chunk>
}

/** Where a day's section lies in a published cumulative file. */
export interface ByteRange {
  readonly offset: number
  readonly length: number
}

/** One step of a pass: a chunk for one of its files, or the end of that file (nothing more is written to it). */
export type PassEvent =
  | { readonly path: string; readonly chunk: Chunk }
  | { readonly path: string; readonly end: true }

/**
 * Several files written in one pass over the archive, chunk by chunk, interleaved: each paper is rendered once
 * and its text goes to every file that holds it. A file is opened at its first chunk and finished at its end
 * event (or the end of the pass). `scratch` files are staged for the pass alone (CopyRange `from` reads them)
 * and never published.
 */
export interface ArtifactPass {
  readonly scratch: ReadonlyArray<string>
  readonly events: Iterable<PassEvent>
}

/**
 * A text rendered when the publisher writes it (each time the content is iterated), not when the run renders:
 * the publisher stages the search index's pages first and starts Pagefind beside the rest, so what is rendered
 * lazily is rendered beside Pagefind instead of before it starts.
 */
export const renderedWhenWritten = (render: () => string): Iterable<Chunk> => ({
  [Symbol.iterator]: () => [render()][Symbol.iterator]()
})

/** What a render produces: files to write, and files the previous run published that stay as they are. */
export interface SiteRender {
  readonly artifacts: ReadonlyArray<Artifact>
  readonly kept: ReadonlyArray<string>
  /** Files written together in one pass each, staged beside the artifacts. */
  readonly passes?: ReadonlyArray<ArtifactPass>
  /** Staged after the passes and the artifacts: files that state their sizes (the landing page). */
  readonly last?: ReadonlyArray<Artifact>
}

/** Every artifact of a render but the passes' files, in the order the publisher records them. */
export const siteArtifacts = (site: SiteRender): ReadonlyArray<Artifact> => [
  ...site.artifacts,
  ...(site.last ?? [])
]

/** The whole text of an artifact rendered without copies (section marks carry no text). */
export const artifactText = (artifact: Artifact): string => {
  if (typeof artifact.content === "string") return artifact.content
  let text = ""
  for (const chunk of artifact.content) {
    if (typeof chunk === "string") text += chunk
    else if (chunk._tag === "CopyRange")
      throw new Error(`${artifact.path} copies published bytes: read it from disk`)
  }
  return text
}

/** Every file of a pass rendered without copies, by path, in the order they end (scratch files left out). */
export const passTexts = (pass: ArtifactPass): Map<string, string> => {
  const texts = new Map<string, string>()
  const ended: Array<string> = []
  for (const event of pass.events) {
    if ("end" in event) {
      ended.push(event.path)
      continue
    }
    const { chunk } = event
    if (typeof chunk === "string") texts.set(event.path, (texts.get(event.path) ?? "") + chunk)
    else if (chunk._tag === "CopyRange") {
      const from = chunk.from === undefined ? undefined : texts.get(chunk.from)
      if (from === undefined) throw new Error(`${event.path} copies published bytes: read it from disk`)
      // offsets are in bytes
      const bytes = Buffer.from(from, "utf8").subarray(chunk.offset, chunk.offset + chunk.length)
      texts.set(event.path, (texts.get(event.path) ?? "") + bytes.toString("utf8"))
    } else if (!texts.has(event.path)) texts.set(event.path, "")
  }
  const scratch = new Set(pass.scratch)
  const order = [...new Set([...ended, ...texts.keys()])].filter((path) => !scratch.has(path))
  return new Map(order.map((path) => [path, texts.get(path) ?? ""]))
}
