/** A code or project link found in a paper's texts, with where it was found. */
import { Schema } from "effect"

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

export class CodeLink extends Schema.Class<CodeLink>("CodeLink")({
  url: Schema.String,
  kind: CodeLinkKind,
  /** Every text the link was found in, in CodeLinkSource order. */
  foundIn: Schema.Array(CodeLinkSource)
}) {}
