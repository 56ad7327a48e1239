/** The identity of a paper on any server the upstream digests: an arXiv id, or a bioRxiv/medRxiv DOI. */
import { Schema } from "effect"
import { ArxivId, isArxivId } from "./ArxivId.ts"
import { Doi, isDoi, type RxivServer } from "./Doi.ts"
import { isArrayOf, quickChecked } from "./quickChecked.ts"

/** The preprint servers, lower case as the digests' file names and the bioRxiv API spell them. */
export const Server = Schema.Literal("arxiv", "biorxiv", "medrxiv")
export type Server = typeof Server.Type

/** Every server in the order the site and the report list them. */
export const SERVERS: ReadonlyArray<Server> = ["arxiv", "biorxiv", "medrxiv"]

/** How the servers write their own names. */
export const SERVER_NAMES: Readonly<Record<Server, string>> = {
  arxiv: "arXiv",
  biorxiv: "bioRxiv",
  medrxiv: "medRxiv"
}

/**
 * A version-less arXiv id or a bare lower-case DOI. The two never collide: a DOI starts with `10.` and a
 * registrant code, an arXiv id with four digits and a dot (`1001.01234`) or an archive name.
 */
export const PaperKey = Schema.Union(ArxivId, Doi)
export type PaperKey = typeof PaperKey.Type

/** What PaperKey's schema accepts, as a plain predicate. */
export const isPaperKey = (value: unknown): value is PaperKey =>
  typeof value === "string" && (isArxivId(value) || isDoi(value))

/**
 * `Schema.Array(PaperKey)` checked in one pass, same JSON: state files hold 200,000 keys (archive.json, the run
 * memo), and decoding each through the union cost a night about a second.
 */
export const PaperKeys = quickChecked(
  Schema.Array(PaperKey),
  (input): input is ReadonlyArray<PaperKey> => isArrayOf(input, isPaperKey),
  "PaperKeys"
)

export const isRxivServer = (server: Server): server is RxivServer => server !== "arxiv"
