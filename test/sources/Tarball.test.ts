/** The tarball's extraction: files handed over as they complete, the download held back while they are taken. */
import { randomBytes } from "node:crypto"
import { describe, expect, it } from "vitest"
import { extractTarball } from "../../src/sources/Tarball.ts"
import { filesTarball } from "../fakes/GitHubFakeTar.ts"

const FILE_BYTES = 64 * 1024
const files = Array.from({ length: 12 }, (_, k) => [`docs/f${k}.md`, randomBytes(FILE_BYTES)] as const)
// Random bytes do not compress: the gzip stream is about as long as the tar, so chunks map to files.
const archive = filesTarball("owner-repo-abc1234/", files)
const CHUNK = 16 * 1024

/** The archive in small chunks, counting how many the extraction has asked for. */
const chunked = (bytes: Buffer, cutAfter = Number.POSITIVE_INFINITY) => {
  const state = { pulled: 0 }
  const body = (async function* () {
    for (let at = 0; at < bytes.byteLength; at += CHUNK) {
      if (at >= cutAfter) throw new Error("connection reset")
      state.pulled++
      yield bytes.subarray(at, at + CHUNK)
    }
  })()
  return { body, state, chunks: Math.ceil(bytes.byteLength / CHUNK) }
}

/** An onFile whose promises settle only when the test says so. */
const heldWrites = () => {
  const taken: Array<string> = []
  const waiting: Array<() => void> = []
  const onFile = (path: string, bytes: Uint8Array) =>
    new Promise<void>((resolve) => {
      expect(bytes.byteLength).toBe(FILE_BYTES)
      waiting.push(() => {
        taken.push(path)
        resolve()
      })
    })
  const releaseAll = () => {
    for (const release of waiting.splice(0)) release()
  }
  return { onFile, taken, waiting, releaseAll }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10))

describe("extractTarball", () => {
  it("stops reading the body while the files not yet taken exceed the bound, and goes on as they are taken", async () => {
    const { body, state, chunks } = chunked(archive)
    const writes = heldWrites()
    const extraction = extractTarball(body, () => true, writes.onFile, 2 * FILE_BYTES)
    let settled = false
    void extraction.then(() => (settled = true))
    while (writes.waiting.length < 3) await tick()
    // However long it is given, the extraction reads no further.
    for (let k = 0; k < 10; k++) await tick()
    // Three files of 64 KiB waiting (over the 128 KiB bound): the body is not read to its end.
    expect(writes.waiting.length).toBe(3)
    expect(state.pulled).toBeLessThan(chunks / 2)
    expect(settled).toBe(false)
    while (!settled) {
      writes.releaseAll()
      await tick()
    }
    await extraction
    expect(writes.taken).toEqual(files.map(([path]) => path))
    expect(state.pulled).toBe(chunks)
  })

  it("without a bound's worth waiting, reads on and settles only after the last file is taken", async () => {
    const { body, state, chunks } = chunked(archive)
    const writes = heldWrites()
    let settled = false
    const extraction = extractTarball(body, () => true, writes.onFile).then(() => (settled = true))
    while (state.pulled < chunks || writes.waiting.length < files.length) await tick()
    await tick()
    expect(settled).toBe(false)
    writes.releaseAll()
    await extraction
    expect(writes.taken.length).toBe(files.length)
  })

  it("a download cut midway rejects after the files before the cut are taken", async () => {
    const { body } = chunked(archive, archive.byteLength / 2)
    const taken: Array<string> = []
    const onFile = async (path: string) => {
      await tick()
      taken.push(path)
    }
    await expect(extractTarball(body, () => true, onFile)).rejects.toThrow()
    expect(taken.length).toBeGreaterThanOrEqual(4)
    expect(taken).toEqual(files.slice(0, taken.length).map(([path]) => path))
  })

  it("rejects when a file cannot be taken, after the others are", async () => {
    const { body } = chunked(archive)
    const taken: Array<string> = []
    const onFile = async (path: string) => {
      await tick()
      if (path === "docs/f3.md") throw new Error("disk full")
      taken.push(path)
    }
    await expect(extractTarball(body, () => true, onFile)).rejects.toThrow("disk full")
    expect(taken.length).toBe(files.length - 1)
  })

  it("skips the files not wanted unread and hands over only the wanted ones", async () => {
    const { body } = chunked(archive)
    const taken: Array<string> = []
    await extractTarball(
      body,
      (path) => path.endsWith("1.md"),
      (path) => {
        taken.push(path)
        return undefined
      }
    )
    expect(taken).toEqual(["docs/f1.md", "docs/f11.md"])
  })
})
