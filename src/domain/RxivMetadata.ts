/** What the bioRxiv/medRxiv API says about one preprint version (the newest the API lists for its DOI). */
import { Schema } from "effect"
import { Doi, RxivServer } from "./Doi.ts"
import { IsoDate } from "./IsoDate.ts"

/** The two servers sharing api.biorxiv.org (defined with the DOI, re-exported for the enrich stage). */
export { RxivServer } from "./Doi.ts"

/** One author. `given` is null for a group author or a single name (`OLVG hospital,`, `Pooja,`). */
export class RxivPerson extends Schema.Class<RxivPerson>("RxivPerson")({
  family: Schema.String,
  given: Schema.NullOr(Schema.String)
}) {}

/** The metadata of one version; the API's CC licence code (`cc_by`, `cc_no`…) is kept as sent. */
export class RxivMetadata extends Schema.Class<RxivMetadata>("RxivMetadata")({
  doi: Doi,
  server: RxivServer,
  title: Schema.String,
  abstract: Schema.String,
  /** Every author in the API's order, split from `Surname, I.; Surname, I. I.`. */
  authors: Schema.Array(RxivPerson),
  /** `neuroscience`, `infectious diseases`: lower case as the API sends it. */
  category: Schema.String,
  version: Schema.Int.pipe(Schema.positive()),
  /** The posting date of this version. */
  date: IsoDate,
  license: Schema.String,
  /** `new results`, `confirmatory results`, `PUBLISHAHEADOFPRINT`…, as sent. */
  type: Schema.String,
  withdrawn: Schema.Boolean,
  /** The journal article's DOI, lower-cased, once published; null while the API says `NA`. */
  publishedDoi: Schema.NullOr(Schema.String),
  /** The JATS XML full-text URL, null when absent. */
  jatsxml: Schema.NullOr(Schema.String)
}) {}

const SEPARATOR = /\s*;\s*/

/**
 * Splits the API's author list into persons. Names are `Surname, Given` split at the first comma (`Taguchi,
 * Y.-h.`, lower-case names and particles kept as written); a name without a given part is a group author or a
 * mononym and keeps its whole text as `family`. Runs of white space fold to one space; empty names are dropped.
 */
export const splitRxivAuthors = (authors: string): ReadonlyArray<RxivPerson> =>
  authors
    .replace(/\s+/g, " ")
    .split(SEPARATOR)
    .map((name) => name.trim())
    .filter((name) => name !== "" && name !== ",")
    .map((name) => {
      const comma = name.indexOf(",")
      if (comma === -1) return RxivPerson.make({ family: name, given: null })
      const family = name.slice(0, comma).trim()
      const given = name.slice(comma + 1).trim()
      if (family === "") return RxivPerson.make({ family: given, given: null })
      return RxivPerson.make({ family, given: given === "" ? null : given })
    })
