/** The installed package's folder (where pipelines/ ships), whether running from src/ or from the dist/ bundle. */
import { fileURLToPath } from "node:url"
import { FileSystem, Path } from "@effect/platform"
import { Effect } from "effect"

export const packageRoot = Effect.gen(function* () {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  let folder = path.dirname(fileURLToPath(import.meta.url))
  while (folder !== path.dirname(folder)) {
    if (yield* fs.exists(path.join(folder, "package.json")).pipe(Effect.orElseSucceed(() => false)))
      return folder
    folder = path.dirname(folder)
  }
  return process.cwd()
})
