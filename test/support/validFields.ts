/**
 * Field-by-field validation of a built value. `Schema.is(SomeClass)` only checks `instanceof`, and the parser
 * builds its rows and problems with validation disabled, so tests validate the fields against the class's own
 * field schemas instead (brands, patterns, literals and integers included).
 */
import { Either, ParseResult, Schema } from "effect"

/** A Schema.Class (or anything else) that exposes its struct fields. */
interface WithFields<Fields extends Schema.Struct.Fields> {
  readonly fields: Fields
}

/**
 * A checker for the fields of `schemaClass`: undefined when `value` is valid, else the parse error's message.
 * Own properties the class does not declare are errors too, so a stray field cannot slip through.
 */
export const fieldProblem = <Fields extends Schema.Struct.Fields>(schemaClass: WithFields<Fields>) => {
  const validate = Schema.validateEither(Schema.typeSchema(Schema.Struct(schemaClass.fields)), {
    onExcessProperty: "error",
    errors: "all"
  })
  return (value: unknown): string | undefined =>
    Either.match(validate(value), {
      onLeft: (error) => ParseResult.TreeFormatter.formatErrorSync(error),
      onRight: () => undefined
    })
}
