/**
 * A schema with a quick check in front, for state documents of 200,000 entries (archive.json, the run memo, the
 * BibTeX key registry), where Effect's per-entry decoding cost a night seconds: input the check accepts decodes
 * as itself (or as `rebuild` makes it); anything else goes through the full schema, with its result and its
 * messages.
 */
import { Arbitrary, ParseResult, Schema } from "effect"

/**
 * `accepts` must accept only input that `schema` decodes to an equal value, and `schema` must encode a value to
 * an equal one (brands and patterns over JSON): both directions then skip the per-entry work. `rebuild` makes
 * what the check accepted into the value (instances a constructor elsewhere validates, for example), cheaply.
 */
export const quickChecked = <A, I>(
  schema: Schema.Schema<A, I>,
  accepts: (input: unknown) => input is A,
  identifier: string,
  rebuild: (accepted: A) => A = (accepted) => accepted
) =>
  Schema.declare(
    [],
    {
      decode: () => (input, options) =>
        accepts(input)
          ? ParseResult.succeed(rebuild(input))
          : ParseResult.decodeUnknown(schema)(input, options),
      encode: () => (input) => ParseResult.succeed(input as A)
    },
    { identifier, arbitrary: () => () => Arbitrary.make(schema) }
  )

/** An object as JSON.parse makes it: what a Struct or Record check may read field by field. */
export const isPlainObject = (input: unknown): input is Record<string, unknown> =>
  typeof input === "object" && input !== null && Object.getPrototypeOf(input) === Object.prototype

/** An array whose every index passes, holes included (`every` skips them; a schema reads them as undefined). */
export const isArrayOf = (input: unknown, isItem: (item: unknown) => boolean): boolean => {
  if (!Array.isArray(input)) return false
  for (let i = 0; i < input.length; i++) if (!isItem(input[i])) return false
  return true
}
