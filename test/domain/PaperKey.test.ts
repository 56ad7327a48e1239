/**
 * The quick-checked state schemas (PaperKeys, BibKeyRegistry, the run memo's problems) decode exactly as the
 * per-entry schemas they front.
 */
import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Either, FastCheck as fc, ParseResult, Schema } from "effect"
import { PaperKey, PaperKeys } from "../../src/domain/PaperKey.ts"
import { Problem } from "../../src/domain/Problem.ts"
import { BibKey, BibKeyRegistry } from "../../src/emit/BibKeys.ts"
import { MemoProblems } from "../../src/pipeline/incremental/RunMemo.ts"

// The schemas the one-pass checks replace, as they were: the oracle.
const PerEntryKeys = Schema.Array(PaperKey)
const PerEntryRegistry = Schema.Record({
  key: Schema.String.pipe(Schema.filter(Schema.is(PaperKey))),
  value: BibKey
})

const accepts = <A, I>(schema: Schema.Schema<A, I>, input: unknown) =>
  Either.isRight(Schema.decodeUnknownEither(schema)(input))

const message = <A, I>(schema: Schema.Schema<A, I>, input: unknown) =>
  Either.match(Schema.decodeUnknownEither(schema)(input), {
    onLeft: (error) => ParseResult.TreeFormatter.formatErrorSync(error),
    onRight: () => "accepted"
  })

// Valid keys, near misses (a version, upper case, spaces) and anything at all.
const keyLike = fc.oneof(
  Arbitrary.make(PaperKey),
  Arbitrary.make(PaperKey).map((key) => `${key}v2`),
  Arbitrary.make(PaperKey).map((key) => key.toUpperCase()),
  fc.constantFrom("2510.03232", "q-bio/0608003", "10.1101/2025.02.10.637397", "2510.0323", " 2510.03232"),
  fc.string()
)

describe("PaperKeys", () => {
  it("accepts and rejects exactly what Schema.Array(PaperKey) does, and decodes to the same array", () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(keyLike), fc.array(fc.anything()), fc.anything()), (input) => {
        assert.strictEqual(accepts(PaperKeys, input), accepts(PerEntryKeys, input))
        if (accepts(PaperKeys, input))
          assert.deepStrictEqual(Schema.decodeUnknownSync(PaperKeys)(input), input as ReadonlyArray<PaperKey>)
      }),
      { numRuns: 1000 }
    )
  })

  it("explains a bad entry as the per-entry schema does", () => {
    for (const input of [["2510.03232", "2510.03232v2"], { ids: [] }])
      assert.strictEqual(message(PaperKeys, input), message(PerEntryKeys, input))
    assert.include(message(PaperKeys, ["2510.03232", "2510.03232v2"]), "[1]")
  })
})

describe("BibKeyRegistry", () => {
  it("accepts and rejects exactly what the per-entry Record did, and decodes to an equal registry", () => {
    const registryLike = fc.dictionary(keyLike, fc.oneof(Arbitrary.make(BibKey), fc.string(), fc.integer()))
    fc.assert(
      fc.property(fc.oneof(registryLike, fc.anything()), (input) => {
        assert.strictEqual(accepts(BibKeyRegistry, input), accepts(PerEntryRegistry, input))
        if (accepts(BibKeyRegistry, input))
          assert.deepStrictEqual(
            Schema.decodeUnknownSync(BibKeyRegistry)(input),
            Schema.decodeUnknownSync(PerEntryRegistry)(input)
          )
      }),
      { numRuns: 1000 }
    )
  })

  it("explains a bad entry as the per-entry schema does, and drops ids that are not paper keys as it did", () => {
    const bad = { "2510.03232": "bad key" }
    assert.strictEqual(message(BibKeyRegistry, bad), message(PerEntryRegistry, bad))
    assert.include(message(BibKeyRegistry, bad), '"bad key"')
    const decoded: unknown = Schema.decodeUnknownSync(BibKeyRegistry)({
      "2510.03232": "lin2025leaml",
      x: "k"
    })
    assert.deepStrictEqual(decoded, { "2510.03232": "lin2025leaml" })
  })
})

describe("MemoProblems", () => {
  // Problems as a state file holds them (plain JSON objects), and near misses of each field.
  const plain = Arbitrary.make(Problem).map((problem) => JSON.parse(JSON.stringify(problem)))
  const problemLike = fc.oneof(
    plain,
    plain.map((problem) => ({ ...problem, line: problem.line + 0.5 })),
    plain.map((problem) => ({ ...problem, severity: "fatal" })),
    plain.map(({ message: _, ...rest }) => rest),
    plain.map((problem) => ({ ...problem, code: 7 })),
    plain.map((problem) => ({ ...problem, column: 3 })),
    fc.anything()
  )

  it("accepts and rejects exactly what Schema.Array(Problem) does, and decodes to the same fields", () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(problemLike), fc.anything()), (input) => {
        const perEntry = Schema.Array(Problem)
        assert.strictEqual(accepts(MemoProblems, input), accepts(perEntry, input))
        if (accepts(MemoProblems, input))
          assert.deepStrictEqual(
            JSON.stringify(Schema.decodeUnknownSync(MemoProblems)(input)),
            JSON.stringify(Schema.decodeUnknownSync(perEntry)(input))
          )
      }),
      { numRuns: 500 }
    )
  })
})
