/**
 * The one builder of Paper, ArxivMetadata and EnrichedPaper values for tests and benchmarks: plain strings in,
 * branded and validated values out, every field defaulted, so a field added to the models changes one file.
 * Also the sample arXiv metadata of five real 2025-10-06 papers shared by the emit and site fixtures.
 */
import { ArxivId } from "../../src/domain/ArxivId.ts"
import { ArxivAuthor, ArxivMetadata } from "../../src/domain/ArxivMetadata.ts"
import { CodeLink } from "../../src/domain/CodeLink.ts"
import { Doi, type RxivServer } from "../../src/domain/Doi.ts"
import { EnrichedPaper } from "../../src/domain/EnrichedPaper.ts"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import { type ArxivPaper, Paper, type RxivPaper } from "../../src/domain/Paper.ts"
import { RxivMetadata, splitRxivAuthors } from "../../src/domain/RxivMetadata.ts"

type PaperInput = ConstructorParameters<typeof Paper>[0]

/** Paper fields to override; ids and dates as plain strings. */
export type PaperOverrides = Partial<
  Omit<PaperInput, "id" | "server" | "firstSeen" | "dates" | "published">
> & {
  readonly firstSeen?: string
  /** Default: [firstSeen]. */
  readonly dates?: ReadonlyArray<string>
  readonly published?: string | null
}

/**
 * A digest paper: version 1, announced 2025-10-06, layout B, placeholder Chinese texts, at line 5 of the day's
 * digest, unless overridden.
 */
export const buildPaper = (id: string, fields: PaperOverrides = {}): ArxivPaper =>
  digestPaper(
    { ...fields, firstSeen: fields.firstSeen ?? "2025-10-06" },
    { version: 1, author: "A. Author" },
    {
      server: "arxiv",
      id: ArxivId.make(id)
    }
  ) as ArxivPaper

/**
 * The one place a test Paper is made: placeholder Chinese texts, layout B, line 5 of the day's digest, the
 * server's defaults, then the overrides; the identity last, so no override changes it.
 */
const digestPaper = (
  fields: PaperOverrides & { readonly firstSeen: string },
  serverDefaults: { readonly version: number | null; readonly author: string },
  identity: { readonly server: Paper["server"]; readonly id: Paper["id"] }
): Paper => {
  const { firstSeen: first, dates, published, ...rest } = fields
  const firstSeen = IsoDate.make(first)
  return Paper.make({
    ...serverDefaults,
    title: "标题",
    titleNote: null,
    abstract: "摘要",
    abstractNote: null,
    translationFailed: false,
    titleEn: null,
    abstractEn: null,
    codeCell: null,
    layout: "B",
    file: `${firstSeen}-${identity.server}.md`,
    line: 5,
    ...rest,
    ...identity,
    firstSeen,
    dates: (dates ?? [firstSeen]).map((date) => IsoDate.make(date)),
    published: published === undefined || published === null ? null : IsoDate.make(published)
  })
}

/**
 * A bioRxiv/medRxiv paper of a layout-C digest, 2026-08-20 on bioRxiv unless overridden, whose posting date (the
 * digest's date column) is its announcement day: what the enrichment plans requests by.
 */
export const buildPostedRxivPaper = (doi: string, fields: RxivPaperOverrides = {}): RxivPaper => {
  const firstSeen = fields.firstSeen ?? "2026-08-20"
  return buildRxivPaper(doi, {
    layout: "C",
    ...fields,
    firstSeen,
    published: fields.published === undefined ? firstSeen : fields.published
  }) as RxivPaper
}

type MetadataInput = ConstructorParameters<typeof ArxivMetadata>[0]

/** ArxivMetadata fields to override; authors as names (no affiliations) or as ArxivAuthor values. */
export type MetadataOverrides = Partial<Omit<MetadataInput, "id" | "authors" | "primaryCategory">> & {
  readonly authors?: ReadonlyArray<string | ArxivAuthor>
  /** Default: the first of `categories`. */
  readonly primaryCategory?: string
}

/** arXiv's record of a paper: version 1 of 2025-10-03, cs.CV, no DOI, journal reference or comment. */
export const buildMetadata = (id: string, fields: MetadataOverrides = {}): ArxivMetadata => {
  const { authors, primaryCategory, ...rest } = fields
  const categories = fields.categories ?? ["cs.CV"]
  const published = fields.published ?? "2025-10-03T17:59:59Z"
  return ArxivMetadata.make({
    version: 1,
    title: "",
    abstract: "",
    doi: null,
    journalRef: null,
    comment: null,
    ...rest,
    id: ArxivId.make(id),
    authors: (authors ?? []).map((author) =>
      typeof author === "string" ? ArxivAuthor.make({ name: author, affiliations: [] }) : author
    ),
    categories,
    primaryCategory: primaryCategory ?? categories[0] ?? "",
    published,
    updated: fields.updated ?? published
  })
}

/** A code link as the enricher records it. */
export const codeLink = (url: string, kind: CodeLink["kind"], foundIn: CodeLink["foundIn"]): CodeLink =>
  CodeLink.make({ url, kind, foundIn })

/** An enriched arXiv paper: what the arXiv-only tests hold, so they read arXiv's fields without narrowing. */
export type ArxivEnrichedPaper = EnrichedPaper & {
  readonly paper: ArxivPaper
  readonly metadata: ArxivMetadata | null
}

/** A paper with what enrichment found: arXiv's metadata (null when not fetched) and code links. */
export const buildEnrichedPaper = (
  paper: ArxivPaper,
  metadata: ArxivMetadata | null = null,
  codeLinks: ReadonlyArray<CodeLink> = []
): ArxivEnrichedPaper =>
  EnrichedPaper.make({ paper, metadata, codeLinks: [...codeLinks] }) as ArxivEnrichedPaper

export interface SampleMetadata {
  readonly title: string
  readonly authors: ReadonlyArray<string>
  readonly categories: ReadonlyArray<string>
  readonly version?: number
  readonly updated?: string
}

/**
 * Metadata of five 2025-10-06 papers as ../shared/fixtures/arxiv/papers-2025-10-06.md records it (title,
 * authors in order, categories, v1 date 2025-10-03; 2510.03222 and 2510.03215 have a v2). The abstracts were
 * not recorded there.
 */
export const SAMPLE_METADATA_2025_10_06: Readonly<Record<string, SampleMetadata>> = {
  "2510.03232": {
    title:
      "LEAML: Label-Efficient Adaptation to Out-of-Distribution Visual Tasks for Multimodal Large Language Models",
    authors: ["Ci-Siang Lin", "Min-Hung Chen", "Yu-Yang Sheng", "Yu-Chiang Frank Wang"],
    categories: ["cs.CV"]
  },
  "2510.03231": {
    title: "Reward Models are Metrics in a Trench Coat",
    authors: ["Sebastian Gehrmann"],
    categories: ["cs.CL", "cs.AI"]
  },
  "2510.03222": {
    title: "Low-probability Tokens Sustain Exploration in Reinforcement Learning with Verifiable Reward",
    authors: [
      "Guanhua Huang",
      "Tingqiang Xu",
      "Mingze Wang",
      "Qi Yi",
      "Xue Gong",
      "Siheng Li",
      "Ruibin Xiong",
      "Kejiao Li",
      "Yuhao Jiang",
      "Bo Zhou"
    ],
    categories: ["cs.LG"],
    version: 2,
    updated: "2025-11-07"
  },
  "2510.03217": {
    title: "Abstain and Validate: A Dual-LLM Policy for Reducing Noise in Agentic Program Repair",
    authors: [
      "José Cambronero",
      "Michele Tufano",
      "Sherry Shi",
      "Renyao Wei",
      "Grant Uy",
      "Runxiang Cheng",
      "Chin-Jung Liu",
      "Shiying Pan",
      "Satish Chandra",
      "Pat Rondon"
    ],
    categories: ["cs.SE", "cs.AI"]
  },
  "2510.03215": {
    title: "Cache-to-Cache: Direct Semantic Communication Between Large Language Models",
    authors: [
      "Tianyu Fu",
      "Zihan Min",
      "Hanling Zhang",
      "Jichao Yan",
      "Guohao Dai",
      "Wanli Ouyang",
      "Yu Wang"
    ],
    categories: ["cs.CL", "cs.LG"],
    version: 2,
    updated: "2026-03-02"
  }
}

/** Paper fields of a bioRxiv/medRxiv paper to override, dates as plain strings, and its server. */
export type RxivPaperOverrides = PaperOverrides & { readonly server?: RxivServer }

/**
 * A bioRxiv (default) or medRxiv digest paper: the DOI lower-cased, no version (digests never say one),
 * announced 2026-05-01, layout B, placeholder Chinese texts, unless overridden.
 */
export const buildRxivPaper = (doi: string, fields: RxivPaperOverrides = {}): Paper => {
  const { server, ...rest } = fields
  return digestPaper(
    { ...rest, firstSeen: rest.firstSeen ?? "2026-05-01" },
    { version: null, author: "Author, A." },
    {
      server: server ?? "biorxiv",
      id: Doi.make(doi.toLowerCase())
    }
  )
}

type RxivMetadataInput = ConstructorParameters<typeof RxivMetadata>[0]

/** RxivMetadata fields to override; authors as the API writes them (`Surname, I.; …`). */
export type RxivMetadataOverrides = Partial<Omit<RxivMetadataInput, "doi" | "authors" | "date">> & {
  readonly authors?: string
  readonly date?: string
}

/** The API's record of a bioRxiv preprint: version 1 posted 2026-04-30, neuroscience, cc_by, not published. */
export const buildRxivMetadata = (doi: string, fields: RxivMetadataOverrides = {}): RxivMetadata => {
  const { authors, date, ...rest } = fields
  return RxivMetadata.make({
    server: "biorxiv",
    title: "",
    abstract: "",
    category: "neuroscience",
    version: 1,
    license: "cc_by",
    type: "new results",
    withdrawn: false,
    publishedDoi: null,
    jatsxml: null,
    ...rest,
    doi: Doi.make(doi.toLowerCase()),
    authors: splitRxivAuthors(authors ?? "Author, A."),
    date: IsoDate.make(date ?? "2026-04-30")
  })
}

/** A paper of any server with what enrichment found (its server's metadata, null when not fetched). */
export const buildAnyEnrichedPaper = (
  paper: Paper,
  metadata: ArxivMetadata | RxivMetadata | null = null,
  codeLinks: ReadonlyArray<CodeLink> = []
): EnrichedPaper => EnrichedPaper.make({ paper, metadata, codeLinks: [...codeLinks] })
