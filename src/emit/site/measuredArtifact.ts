/**
 * The byte size of an artifact, known to the page that links it. The page is rendered before anything is
 * written, so the size comes from the rendered bytes themselves: counted while the publisher writes the file
 * (the page is the last artifact, so by then every file it links has passed), or by one pass of its own when
 * nobody has iterated the file yet. Same bytes, same size: the page stays deterministic.
 */
import type { Artifact, ArtifactPass, Chunk, PassEvent } from "../Artifact.ts"

const chunkBytes = (chunk: Chunk): number =>
  typeof chunk === "string" ? Buffer.byteLength(chunk, "utf8") : chunk._tag === "CopyRange" ? chunk.length : 0

export interface MeasuredArtifact {
  /** The same artifact, counting its bytes whenever it is iterated to the end. */
  readonly artifact: Artifact
  /** Its size in bytes (from the last complete pass, else from a pass of its own). */
  readonly bytes: () => number
}

export const measureArtifact = (artifact: Artifact): MeasuredArtifact => {
  const { content } = artifact
  if (typeof content === "string") {
    const size = Buffer.byteLength(content, "utf8")
    return { artifact, bytes: () => size }
  }
  let size: number | null = null
  const counted: Iterable<Chunk> = {
    *[Symbol.iterator]() {
      let total = 0
      for (const chunk of content) {
        total += chunkBytes(chunk)
        yield chunk
      }
      size = total
    }
  }
  const bytes = (): number => {
    if (size === null) {
      let total = 0
      for (const chunk of content) total += chunkBytes(chunk)
      size = total
    }
    return size
  }
  return { artifact: { path: artifact.path, content: counted }, bytes }
}

export interface MeasuredPass {
  /** The same pass, counting every file's bytes whenever it is iterated to the end. */
  readonly pass: ArtifactPass
  /** A file's size in bytes (from the last complete pass, else from a pass of its own); undefined: not in it. */
  readonly bytes: (path: string) => number | undefined
}

/** measureArtifact for a pass: each file's text and copies counted as the publisher writes them. */
export const measurePass = (pass: ArtifactPass): MeasuredPass => {
  let sizes: ReadonlyMap<string, number> | null = null
  const add = (totals: Map<string, number>, event: PassEvent) => {
    if ("chunk" in event) totals.set(event.path, (totals.get(event.path) ?? 0) + chunkBytes(event.chunk))
  }
  const counted: Iterable<PassEvent> = {
    *[Symbol.iterator]() {
      const totals = new Map<string, number>()
      for (const event of pass.events) {
        add(totals, event)
        yield event
      }
      sizes = totals
    }
  }
  const bytes = (path: string): number | undefined => {
    if (sizes === null) {
      const totals = new Map<string, number>()
      for (const event of pass.events) add(totals, event)
      sizes = totals
    }
    return sizes.get(path)
  }
  return { pass: { scratch: pass.scratch, events: counted }, bytes }
}

/** A size as people read it, in binary units as readers' limits are given (Miniflux: 15 MiB). */
export const formatBytes = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`
}
