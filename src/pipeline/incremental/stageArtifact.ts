/**
 * Writes one artifact's chunks to its staging file, hashing on the way (no second pass): text as it is, a
 * CopyRange read from the previously published file, a SectionMark recorded as a byte offset. Every failure is
 * a PublishError value: a short previous file, an unreadable one, a full disk.
 */
import { createHash } from "node:crypto"
import { FileSystem } from "@effect/platform"
import { Data, Effect } from "effect"
import type { ByteRange, Chunk } from "../../emit/Artifact.ts"

/** Publishing could not complete; the previous outputs are left as they were. */
export class PublishError extends Data.TaggedError("PublishError")<{
  readonly path: string
  readonly message: string
  readonly cause?: unknown
}> {}

/** What was staged: the bytes' hash and size, and where each day's section lies. */
export interface StagedBytes {
  readonly sha256: string
  readonly bytes: number
  readonly sections: Readonly<Record<string, ByteRange>>
}

const COPY_BLOCK = 4 << 20
const TEXT_BLOCK = 1 << 16
const encoder = new TextEncoder()

export const stageArtifact = Effect.fn("stageArtifact")(function* (input: {
  readonly content: string | Iterable<Chunk>
  readonly target: string
  /** The file the previous run published at the same path, which CopyRanges read from. */
  readonly previous: string
}) {
  const fs = yield* FileSystem.FileSystem
  const failed = (message: string) => (cause: unknown) =>
    new PublishError({ path: input.target, message: `${message}: ${String(cause)}`, cause })
  return yield* Effect.scoped(
    Effect.gen(function* () {
      const file = yield* fs.open(input.target, { flag: "w" }).pipe(Effect.mapError(failed("cannot stage")))
      let previous: FileSystem.File | undefined
      let copyBlock: Uint8Array | undefined
      const hash = createHash("sha256")
      const sections: Record<string, ByteRange> = {}
      const starts = new Map<string, number>()
      let bytes = 0
      let buffered = ""
      const write = (data: Uint8Array) => file.writeAll(data).pipe(Effect.mapError(failed("cannot stage")))
      const flush = Effect.suspend(() => {
        const text = buffered
        buffered = ""
        return text === "" ? Effect.void : write(encoder.encode(text))
      })
      for (const chunk of typeof input.content === "string" ? [input.content] : input.content) {
        if (typeof chunk === "string") {
          hash.update(chunk, "utf8")
          bytes += Buffer.byteLength(chunk, "utf8")
          buffered += chunk
          if (buffered.length >= TEXT_BLOCK) yield* flush
        } else if (chunk._tag === "SectionMark") {
          if (chunk.edge === "start") starts.set(chunk.day, bytes)
          else {
            const offset = starts.get(chunk.day) ?? bytes
            sections[chunk.day] = { offset, length: bytes - offset }
          }
        } else {
          yield* flush
          previous ??= yield* fs
            .open(input.previous, { flag: "r" })
            .pipe(Effect.mapError(failed(`cannot read ${input.previous}`)))
          yield* previous.seek(chunk.offset, "start")
          // One block reused for the whole copy: a fresh buffer per MiB was 880 MB of garbage a night.
          copyBlock ??= new Uint8Array(COPY_BLOCK)
          for (let done = 0; done < chunk.length; ) {
            const want = Math.min(COPY_BLOCK, chunk.length - done)
            const read = Number(
              yield* previous
                .read(copyBlock.subarray(0, want))
                .pipe(Effect.mapError(failed(`cannot read ${input.previous}`)))
            )
            if (read === 0)
              return yield* new PublishError({
                path: input.target,
                message: `${input.previous} is shorter than the last run published it; rerun to render it whole`
              })
            const block = copyBlock.subarray(0, read)
            hash.update(block)
            bytes += read
            done += read
            yield* write(block)
          }
        }
      }
      yield* flush
      yield* file.sync.pipe(Effect.mapError(failed("cannot flush")))
      return { sha256: hash.digest("hex"), bytes, sections } satisfies StagedBytes
    })
  )
})
