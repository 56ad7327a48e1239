/** Which code is running: a hash of the dist/ bundle, or null when running the TypeScript sources (development). */
import { createHash } from "node:crypto"
import { fileURLToPath } from "node:url"
import { FileSystem } from "@effect/platform"
import { Effect } from "effect"

export const codeFingerprint = Effect.gen(function* () {
  const file = fileURLToPath(import.meta.url)
  if (!file.endsWith(".cjs")) return null
  const fs = yield* FileSystem.FileSystem
  const bytes = yield* fs.readFile(file).pipe(Effect.orElseSucceed(() => null))
  return bytes === null ? null : createHash("sha256").update(bytes).digest("hex")
})
