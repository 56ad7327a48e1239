/** A topic feed of the pipeline file (`topics[]`): which papers it selects, by the rule of README "Topics". */
import { Schema } from "effect"
import { normaliseText, termImplies } from "./topicTerms.ts"

/** A term or author fragment: blank after NFKC normalisation it would match nothing (or everything). */
const Term = Schema.String.pipe(
  Schema.filter((term) => normaliseText(term).trim() !== "" || "a blank term (after NFKC normalisation)")
)

/** The servers a pipeline can read; a topic restricted to one the pipeline does not read stays empty. */
export const TopicServer = Schema.Literal("arxiv", "biorxiv", "medrxiv")
export type TopicServer = typeof TopicServer.Type

const Category = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z][A-Za-z-]*(?:\.[A-Za-z][A-Za-z-]*)?$/, {
    message: () => "an arXiv category such as cs.CV or hep-th"
  })
)

/** The name is the topic's folder (`topic/<name>/`): one safe path segment. */
const TopicName = Schema.String.pipe(
  Schema.nonEmptyString({ message: () => "a topic needs a name" }),
  Schema.maxLength(64),
  Schema.pattern(/^[a-z0-9][a-z0-9-]*$/, {
    message: () => "a folder name: lower-case letters, digits and -, not starting with -"
  })
)

const list = <S extends Schema.Schema.Any>(item: S) =>
  Schema.optionalWith(Schema.Array(item), { default: () => [] })

/**
 * A term of `all` or `any` whose every occurrence also holds a term of `none` can never select a paper (an
 * `all` term then empties the topic): a configuration error, reported at that term.
 */
const deadTerms = (topic: {
  readonly name: string
  readonly any: ReadonlyArray<string>
  readonly all: ReadonlyArray<string>
  readonly none: ReadonlyArray<string>
}): ReadonlyArray<Schema.FilterIssue> => {
  const none = topic.none.map(normaliseText)
  return (["all", "any"] as const).flatMap((field) =>
    topic[field].flatMap((term, index) => {
      const excluded = topic.none.find((_, j) => termImplies(normaliseText(term), none[j]!))
      return excluded === undefined
        ? []
        : [
            {
              path: [field, index],
              message: `topic "${topic.name}": "${term}" always contains the excluded term "${excluded}", so it can never select a paper`
            }
          ]
    })
  )
}

export class Topic extends Schema.Class<Topic>("Topic")(
  Schema.Struct({
    name: TopicName,
    title: Schema.String.pipe(Schema.nonEmptyString()),
    /** At least one of these terms, when non-empty. */
    any: list(Term),
    /** Every one of these terms. */
    all: list(Term),
    /** None of these terms. */
    none: list(Term),
    servers: list(TopicServer),
    /** Any of the paper's arXiv categories (case-insensitive). */
    categories: list(Category),
    /** A case-insensitive fragment of any author's name. */
    authors: list(Term),
    /** Only papers with a code link, as the code feed counts them. */
    hasCode: Schema.optionalWith(Schema.Boolean, { default: () => false }),
    /** The window: this many calendar days ending at the archive's newest announcement. */
    days: Schema.optionalWith(Schema.Int.pipe(Schema.positive()), { default: () => 30 })
  }).pipe(Schema.filter(deadTerms))
) {}

/** The topics of a pipeline; two topics with one name would write the same folder. */
export const Topics = Schema.Array(Topic).pipe(
  Schema.filter((topics) =>
    topics.flatMap((topic, index) =>
      topics.findIndex((other) => other.name === topic.name) < index
        ? [{ path: [index, "name"], message: `a second topic named "${topic.name}"` }]
        : []
    )
  )
)
