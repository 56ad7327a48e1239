/** Reads the files a source wants out of a gzip tar stream (a GitHub tarball), without touching the disk. */
import { once } from "node:events"
import { Parser, type ReadEntry } from "tar"

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"])

/**
 * Streams `body` through a tar parser (gzip is detected), strips the archive's top folder (`owner-repo-sha/`)
 * and hands every regular file `wanted` accepts to `onFile` as soon as it is complete, so a download that
 * breaks midway keeps the files before the break. Rejects on a corrupt or truncated archive.
 */
export const extractTarball = async (
  body: AsyncIterable<Uint8Array>,
  wanted: (path: string) => boolean,
  onFile: (path: string, bytes: Uint8Array) => void
): Promise<void> => {
  const parser = new Parser({ strict: true })
  const failed = new Promise<never>((_, reject) => parser.on("error", reject))
  // Keep an unhandled rejection from escaping when the body fails first.
  failed.catch(() => {})
  const ended = new Promise<void>((resolve) => parser.on("end", () => resolve()))
  parser.on("entry", (entry: ReadEntry) => {
    const slash = entry.path.indexOf("/")
    const path = slash < 0 ? "" : entry.path.slice(slash + 1)
    if (!FILE_TYPES.has(entry.type) || path === "" || !wanted(path)) {
      entry.resume()
      return
    }
    const chunks: Array<Uint8Array> = []
    entry.on("data", (chunk: Uint8Array) => chunks.push(chunk))
    entry.on("end", () => onFile(path, Buffer.concat(chunks)))
  })
  const feed = async () => {
    for await (const chunk of body) {
      if (!parser.write(Buffer.from(chunk))) await once(parser, "drain")
    }
    parser.end()
    await ended
  }
  await Promise.race([feed(), failed])
}
