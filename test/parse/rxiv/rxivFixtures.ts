/** Loads the real bioRxiv/medRxiv digests and upstream JSON of ../shared/fixtures (byte-exact, never edited). */
import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import type { RxivServer } from "../../../src/domain/Doi.ts"
import { dateFromFileName } from "../../../src/domain/IsoDate.ts"
import type { RxivDigestInput } from "../../../src/parse/rxiv/parseRxivDigest.ts"

export const rxivDir = path.resolve(import.meta.dirname, "../../../../shared/fixtures/rxiv")
export const apiDir = path.resolve(import.meta.dirname, "../../../../shared/fixtures/api")

const serverOf = (name: string): RxivServer => (name.endsWith("-medrxiv.md") ? "medrxiv" : "biorxiv")

export const loadRxiv = (name: string): RxivDigestInput => {
  const date = dateFromFileName(name)
  if (date === undefined) throw new Error(`unexpected fixture name ${name}`)
  return { path: name, date, server: serverOf(name), content: readFileSync(path.join(rxivDir, name), "utf8") }
}

/** Every bioRxiv/medRxiv fixture, in name order. */
export const rxivFixtures: ReadonlyArray<RxivDigestInput> = readdirSync(rxivDir)
  .filter((name) => name.endsWith(".md"))
  .sort()
  .map(loadRxiv)

export const readApi = (relative: string): string => readFileSync(path.join(apiDir, relative), "utf8")

/** The simplest possible count: every table row holds exactly one `[PDF](` link (RXIV.md). */
export const pdfLinks = (content: string): number => content.split("[PDF](").length - 1

/** DOIs of the PDF links, read the simplest possible way, in file order. */
export const linkedDois = (content: string): ReadonlyArray<string> =>
  [
    ...content.matchAll(
      /\[PDF\]\(https:\/\/(?:doi\.org|www\.(?:bio|med)rxiv\.org\/content)\/([^)]+?)(?:v1\.full\.pdf)?\)/g
    )
  ].map((match) => match[1]!.toLowerCase())
