/** Loads the trimmed real digests of test/fixtures (provenance in test/fixtures/README.md). */
import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import { dateFromFileName } from "../../src/domain/IsoDate.ts"
import type { DigestInput } from "../../src/parse/parseDigest.ts"

export const realFixturesDir = path.resolve(import.meta.dirname, "../fixtures")

/** One digest of test/fixtures/<folder>, named by its path relative to that folder. */
export const realDigest = (folder: string, name: string): DigestInput => {
  const date = dateFromFileName(name)
  if (date === undefined) throw new Error(`unexpected fixture name ${name}`)
  const content = readFileSync(path.join(realFixturesDir, folder, name), "utf8")
  return { path: name, date, kind: "arxiv", content }
}

/** Every digest of test/fixtures/<folder>, in name order. */
export const realDigests = (folder: string): ReadonlyArray<DigestInput> =>
  readdirSync(path.join(realFixturesDir, folder))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => realDigest(folder, name))
