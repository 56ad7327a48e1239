/** Test helper: reads the recorded arXiv API responses in ../shared/fixtures/arxiv/api-atom. */
import { readdirSync, readFileSync } from "node:fs"

export const API_ATOM_DIR = new URL("../../../shared/fixtures/arxiv/api-atom/", import.meta.url)

export const apiAtomFiles = (): ReadonlyArray<string> =>
  readdirSync(API_ATOM_DIR)
    .filter((name) => name.endsWith(".xml"))
    .sort()

export const readApiAtom = (name: string): string => readFileSync(new URL(name, API_ATOM_DIR), "utf8")
