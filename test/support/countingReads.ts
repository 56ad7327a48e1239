/** A FileSystem that notes what a run reads, to test that it reads only what it needs. */
import { FileSystem } from "@effect/platform"
import { NodeFileSystem } from "@effect/platform-node"
import { Effect, Layer } from "effect"

/** The platform's FileSystem, noting the path of every whole-file read. */
export const countingReads = (reads: Array<string>) =>
  Layer.effect(
    FileSystem.FileSystem,
    Effect.map(
      FileSystem.FileSystem,
      (fs): FileSystem.FileSystem => ({
        ...fs,
        readFile: (path) => {
          reads.push(path)
          return fs.readFile(path)
        }
      })
    )
  ).pipe(Layer.provide(NodeFileSystem.layer))
