/** Reads the files a source wants out of a gzip tar stream (a GitHub tarball), without touching the disk. */
import { once } from "node:events"
import { Parser, type ReadEntry } from "tar"

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"])

/**
 * How many bytes of files handed over may wait for `onFile` to finish before the download stops reading: the
 * whole archive (371 MB for a year of the mixed upstream) would otherwise sit in memory until it is written.
 */
export const MAX_PENDING_BYTES = 16 * 1024 * 1024

/**
 * Streams `body` through a tar parser (gzip is detected), strips the archive's top folder (`owner-repo-sha/`)
 * and hands every regular file `wanted` accepts to `onFile` as soon as it is complete, so a download that
 * breaks midway keeps the files before the break. When `onFile` returns a promise (a write), the body is read
 * on only while the files not yet taken hold at most `maxPendingBytes`, and the extraction settles after the
 * last of them, also when it fails. Rejects when `onFile` rejects, and on a corrupt or truncated archive.
 */
export const extractTarball = async (
  body: AsyncIterable<Uint8Array>,
  wanted: (path: string) => boolean,
  onFile: (path: string, bytes: Uint8Array) => Promise<void> | undefined,
  maxPendingBytes: number = MAX_PENDING_BYTES
): Promise<void> => {
  const parser = new Parser({ strict: true })
  const failed = new Promise<never>((_, reject) => parser.on("error", reject))
  // Keep an unhandled rejection from escaping when the body fails first.
  failed.catch(() => {})
  const ended = new Promise<void>((resolve) => parser.on("end", () => resolve()))
  const pending = new Set<Promise<void>>()
  let pendingBytes = 0
  let refused: { readonly cause: unknown } | undefined
  const handOver = (path: string, bytes: Uint8Array) => {
    const taking = onFile(path, bytes)
    if (taking === undefined) return
    pendingBytes += bytes.byteLength
    const settled: Promise<void> = taking
      .catch((cause: unknown) => {
        refused ??= { cause }
      })
      .finally(() => {
        pending.delete(settled)
        pendingBytes -= bytes.byteLength
      })
    pending.add(settled)
  }
  parser.on("entry", (entry: ReadEntry) => {
    const slash = entry.path.indexOf("/")
    const path = slash < 0 ? "" : entry.path.slice(slash + 1)
    if (!FILE_TYPES.has(entry.type) || path === "" || !wanted(path)) {
      entry.resume()
      return
    }
    const chunks: Array<Uint8Array> = []
    entry.on("data", (chunk: Uint8Array) => chunks.push(chunk))
    entry.on("end", () => handOver(path, Buffer.concat(chunks)))
  })
  const feed = async () => {
    for await (const chunk of body) {
      if (!parser.write(Buffer.from(chunk))) await once(parser, "drain")
      while (pendingBytes > maxPendingBytes) await Promise.race(pending)
    }
    parser.end()
    await ended
  }
  try {
    await Promise.race([feed(), failed])
  } finally {
    // What was handed over is taken before the caller looks at what arrived, also after a failure.
    await Promise.allSettled(pending)
  }
  if (refused !== undefined) throw refused.cause
}
