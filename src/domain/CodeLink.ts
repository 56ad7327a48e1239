/** A code or project link found in a paper's texts, with where it was found. */
import { Schema } from "effect"
import { IsoDate } from "./IsoDate.ts"

export const CodeLinkKind = Schema.Literal(
  "github",
  "gitlab",
  "huggingface-model",
  "huggingface-dataset",
  "huggingface-space",
  "project-page",
  "other"
)
export type CodeLinkKind = typeof CodeLinkKind.Type

export const CodeLinkSource = Schema.Literal("abstract_zh", "abstract_en", "comment", "code_cell")
export type CodeLinkSource = typeof CodeLinkSource.Type

/** Facts about a linked GitHub repository (pipeline setting `enrich.githubFacts`), as GitHub said on `checkedOn`. */
export class RepoFacts extends Schema.Class<RepoFacts>("RepoFacts")({
  /** `owner/name` as GitHub spells it now (it follows renames and transfers). */
  nameWithOwner: Schema.String,
  stars: Schema.NonNegativeInt,
  archived: Schema.Boolean,
  description: Schema.NullOr(Schema.String),
  checkedOn: IsoDate
}) {}

export class CodeLink extends Schema.Class<CodeLink>("CodeLink")({
  url: Schema.String,
  kind: CodeLinkKind,
  /** Every text the link was found in, in CodeLinkSource order. */
  foundIn: Schema.Array(CodeLinkSource),
  /** Only for `github` links, only when githubFacts is on and GitHub knows the repository. */
  repository: Schema.optionalWith(RepoFacts, { exact: true })
}) {}
