/** An output file to publish: a path under the output folder and its text, possibly produced lazily. */
import type { IsoDate } from "../domain/IsoDate.ts"

/** Bytes of the file the previous run published at the same path, copied as they are (an unchanged section). */
export interface CopyRange {
  readonly _tag: "CopyRange"
  readonly offset: number
  readonly length: number
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

/** What a render produces: files to write, and files the previous run published that stay as they are. */
export interface SiteRender {
  readonly artifacts: ReadonlyArray<Artifact>
  readonly kept: ReadonlyArray<string>
}

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
