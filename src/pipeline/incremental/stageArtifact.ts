/**
 * Writes artifacts' chunks to their staging files, hashing on the way (no second pass): text as it is (encoded
 * once, in blocks, for the file and the hash), a CopyRange read from the previously published file (or from a
 * file staged earlier in the same pass), a SectionMark recorded as a byte offset. One file (stageArtifact) or
 * several interleaved in one pass over the archive (stagePass, an ArtifactPass): each file open only between its
 * first chunk and its end. Every failure is a PublishError value: a short previous file, an unreadable one, a
 * full disk.
 */
import { createHash, type Hash } from "node:crypto"
import { FileSystem, Path } from "@effect/platform"
import { Effect, Exit, Scope } from "effect"
import type { ArtifactPass, ByteRange, Chunk, CopyRange, PassEvent } from "../../emit/Artifact.ts"
import { copyPrefix } from "./copyPrefix.ts"
import { PublishError } from "./PublishError.ts"
import { type BlockRing, blockRing, readBlocks } from "./readBlocks.ts"

/** What was staged: the bytes' hash and size, and where each day's section lies. */
export interface StagedBytes {
  readonly sha256: string
  readonly bytes: number
  readonly sections: Readonly<Record<string, ByteRange>>
}

const COPY_BLOCK = 4 << 20
const TEXT_BLOCK = 1 << 16
const encoder = new TextEncoder()

/** Where the pass's files go and what their CopyRanges read. */
export interface PassTargets {
  /** Makes room for `path` in staging (its folder) and says where it is staged; refuses unsafe paths. */
  readonly target: (path: string) => Effect.Effect<string, PublishError>
  /** The file the previous run published at `path`, which CopyRanges without `from` read. */
  readonly previous: (path: string) => string
}

/** A staging file being written: its handle and hash, and the sources its copies read (all in its scope). */
interface OpenFile {
  readonly path: string
  readonly target: string
  readonly scope: Scope.CloseableScope
  readonly file: FileSystem.File
  readonly hash: Hash
  readonly sources: Map<string, FileSystem.File>
  readonly sections: Record<string, ByteRange>
  readonly starts: Map<string, number>
  bytes: number
  /** Bytes in the file so far (`bytes` less what is buffered). */
  written: number
  buffered: string
}

/**
 * Stages every file of a pass; returns each file's staged bytes by path, in the order the files ended. A file
 * the pass never ends is finished when the events run out.
 */
export const stagePass = Effect.fn("stagePass")(function* (
  events: Iterable<PassEvent>,
  targets: PassTargets
) {
  const fs = yield* FileSystem.FileSystem
  const open = new Map<string, OpenFile>()
  const done = new Map<string, StagedBytes & { readonly target: string }>()
  let copyBlocks: BlockRing | undefined
  const failed = (path: string, message: string) => (cause: unknown) =>
    new PublishError({ path, message: `${message}: ${String(cause)}`, cause })

  const opened = (path: string) =>
    Effect.gen(function* () {
      const known = open.get(path)
      if (known !== undefined) return known
      if (done.has(path))
        return yield* new PublishError({ path, message: `${path} is written to after its end` })
      const target = yield* targets.target(path)
      const scope = yield* Scope.make()
      const file = yield* fs.open(target, { flag: "w" }).pipe(
        Scope.extend(scope),
        Effect.mapError(failed(target, "cannot stage")),
        Effect.tapError(() => Scope.close(scope, Exit.void))
      )
      const entry: OpenFile = {
        path,
        target,
        scope,
        file,
        hash: createHash("sha256"),
        sources: new Map(),
        sections: {},
        starts: new Map(),
        bytes: 0,
        written: 0,
        buffered: ""
      }
      open.set(path, entry)
      return entry
    })
  const write = (entry: OpenFile, data: Uint8Array) =>
    entry.file.writeAll(data).pipe(
      Effect.mapError(failed(entry.target, "cannot stage")),
      Effect.tap(() => {
        entry.written += data.length
      })
    )
  const flush = (entry: OpenFile) =>
    Effect.suspend(() => {
      const text = entry.buffered
      entry.buffered = ""
      if (text === "") return Effect.void
      // Encoded once for the hash and the file: hashing each chunk as a string encoded all text a second time.
      const data = encoder.encode(text)
      entry.hash.update(data)
      return write(entry, data)
    })
  const source = (entry: OpenFile, from: string | undefined) =>
    Effect.gen(function* () {
      const path = from === undefined ? targets.previous(entry.path) : done.get(from)?.target
      if (path === undefined)
        return yield* new PublishError({
          path: entry.target,
          message: `${entry.path} copies from ${from}, which this pass has not finished`
        })
      const known = entry.sources.get(path)
      if (known !== undefined) return { path, file: known }
      const file = yield* fs
        .open(path, { flag: "r" })
        .pipe(Scope.extend(entry.scope), Effect.mapError(failed(entry.target, `cannot read ${path}`)))
      entry.sources.set(path, file)
      return { path, file }
    })
  const copy = (entry: OpenFile, range: CopyRange) =>
    Effect.gen(function* () {
      for (const section of range.sections ?? [])
        entry.sections[section.day] = {
          offset: entry.bytes + section.offset - range.offset,
          length: section.length
        }
      copyBlocks ??= blockRing(COPY_BLOCK)
      const blocks = copyBlocks
      // The file so far (all of it still buffered) and this range begin the previous file: the kernel copies them.
      if (range.from === undefined && entry.written === 0 && entry.bytes === range.offset) {
        const { path, file } = yield* source(entry, undefined)
        const end = range.offset + range.length
        const copied = yield* copyPrefix({
          target: entry.file,
          targetPath: entry.target,
          previous: file,
          previousPath: path,
          head: encoder.encode(entry.buffered),
          end,
          hash: entry.hash,
          blocks
        })
        if (copied) {
          entry.buffered = ""
          entry.bytes = end
          entry.written = end
          return
        }
      }
      yield* flush(entry)
      const { path, file } = yield* source(entry, range.from)
      yield* readBlocks(
        { file, path, target: entry.target, offset: range.offset, length: range.length, blocks },
        (bytes) => {
          entry.hash.update(bytes)
          entry.bytes += bytes.length
        },
        (bytes) => write(entry, bytes)
      )
    })
  const finish = (entry: OpenFile) =>
    Effect.gen(function* () {
      yield* flush(entry)
      yield* entry.file.sync.pipe(Effect.mapError(failed(entry.target, "cannot flush")))
      open.delete(entry.path)
      yield* Scope.close(entry.scope, Exit.void)
      done.set(entry.path, {
        sha256: entry.hash.digest("hex"),
        bytes: entry.bytes,
        sections: entry.sections,
        target: entry.target
      })
    })
  const closeAll = Effect.suspend(() =>
    Effect.forEach([...open.values()], (entry) => Scope.close(entry.scope, Exit.void), { discard: true })
  )

  return yield* Effect.gen(function* () {
    for (const event of events) {
      const entry = yield* opened(event.path)
      if ("end" in event) {
        yield* finish(entry)
        continue
      }
      const chunk: Chunk = event.chunk
      if (typeof chunk === "string") {
        entry.bytes += Buffer.byteLength(chunk, "utf8")
        entry.buffered += chunk
        if (entry.buffered.length >= TEXT_BLOCK) yield* flush(entry)
      } else if (chunk._tag === "SectionMark") {
        if (chunk.edge === "start") entry.starts.set(chunk.day, entry.bytes)
        else {
          const offset = entry.starts.get(chunk.day) ?? entry.bytes
          entry.sections[chunk.day] = { offset, length: entry.bytes - offset }
        }
      } else yield* copy(entry, chunk)
    }
    for (const entry of [...open.values()]) yield* finish(entry)
    return new Map([...done].map(([path, { target: _, ...staged }]) => [path, staged as StagedBytes]))
  }).pipe(Effect.ensuring(closeAll))
})

/** Stages one artifact (text or chunks) at `target`; CopyRanges read `previous`. */
export const stageArtifact = (input: {
  readonly content: string | Iterable<Chunk>
  readonly target: string
  /** The file the previous run published at the same path, which CopyRanges read from. */
  readonly previous: string
}) =>
  Effect.gen(function* () {
    const { content } = input
    const events: Iterable<PassEvent> = {
      *[Symbol.iterator]() {
        for (const chunk of typeof content === "string" ? [content] : content) yield { path: "", chunk }
        yield { path: "", end: true }
      }
    }
    const staged = yield* stagePass(events, {
      target: () => Effect.succeed(input.target),
      previous: () => input.previous
    })
    return staged.get("") ?? { sha256: createHash("sha256").digest("hex"), bytes: 0, sections: {} }
  })

/**
 * A render's passes staged under `staging` (their scratch files under `scratch`, left out of the result: never
 * published); CopyRanges read the files published in `outDir`. Returns every published file's staged bytes.
 */
export const stagePasses = (
  passes: ReadonlyArray<ArtifactPass>,
  options: {
    readonly staging: string
    readonly scratch: string
    readonly outDir: string
    readonly refuse: (file: string) => Effect.Effect<void, PublishError>
  }
) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const result: Array<readonly [string, StagedBytes]> = []
    for (const pass of passes) {
      const scratch = new Set(pass.scratch)
      const where = (file: string) => path.join(scratch.has(file) ? options.scratch : options.staging, file)
      const files = yield* stagePass(pass.events, {
        target: (file) =>
          Effect.gen(function* () {
            if (!scratch.has(file)) yield* options.refuse(file)
            yield* fs.makeDirectory(path.dirname(where(file)), { recursive: true }).pipe(
              Effect.mapError(
                (cause) =>
                  new PublishError({
                    path: where(file),
                    message: `cannot create the folder of ${where(file)}`,
                    cause
                  })
              )
            )
            return where(file)
          }),
        previous: (file) => path.join(options.outDir, file)
      })
      for (const [file, staged] of files) if (!scratch.has(file)) result.push([file, staged])
    }
    return result
  })
