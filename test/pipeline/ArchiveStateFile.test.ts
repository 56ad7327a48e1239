/** archive.json's one-pass check decodes exactly what the class schemas decode, and writes the same JSON. */
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Either, FastCheck as fc, Schema } from "effect"
import { Problem } from "../../src/domain/Problem.ts"
import { ArchiveState, ArchiveStateFile } from "../../src/pipeline/incremental/ArchiveState.ts"

const accepts = <A, I>(schema: Schema.Schema<A, I>, input: unknown) =>
  Either.isRight(Schema.decodeUnknownEither(schema)(input))

/** An archive as written to disk: the class schemas' encoding, through JSON. */
const archiveJson = Arbitrary.make(ArchiveState).map(
  (state) => JSON.parse(JSON.stringify(Schema.encodeSync(ArchiveState)(state))) as Record<string, unknown>
)

type Json = Record<string, unknown> | Array<unknown>

/**
 * Every object and array inside `json` (itself included) with each of its keys; of an array only the first item
 * and what it holds, the others being of the same kind (an archive's digests hold some hundred places each).
 */
const places = (json: unknown, found: Array<[Json, string]> = []): Array<[Json, string]> => {
  if (typeof json !== "object" || json === null) return found
  for (const key of Array.isArray(json) ? Object.keys(json).slice(0, 1) : Object.keys(json)) {
    found.push([json as Json, key])
    places((json as Record<string, unknown>)[key], found)
  }
  return found
}

/** Values a field may wrongly hold: each kind the checks tell apart. */
const WRONG: ReadonlyArray<unknown> = [
  null,
  "x",
  "2025-02-30",
  1.5,
  2 ** 60,
  -1,
  Number.NaN,
  true,
  [],
  {},
  [1]
]

/** Every way to spoil `json` at one place: each wrong value there, the field removed, a field added. */
const spoiled = function* (json: Record<string, unknown>) {
  yield { ...json, extra: 1 }
  for (let at = 0; at < places(json).length; at++)
    for (const change of [...WRONG, "remove", "add"]) {
      const copy = structuredClone(json)
      const [holder, key] = places(copy)[at]!
      const target = holder as Record<string, unknown>
      if (change === "remove") delete target[key]
      else if (change === "add") {
        const value = target[key]
        if (typeof value !== "object" || value === null || Array.isArray(value)) continue
        ;(value as Record<string, unknown>)["extra"] = 1
      } else target[key] = change
      yield copy
    }
}

/** Archives with a digest (and a problem), a day (and a topic) and a stamp: every kind of field to spoil. */
const fullArchiveJson = archiveJson.filter((json) => {
  const digests = json["digests"] as Array<{ problems: Array<unknown>; ids: Array<unknown> }>
  const days = json["days"] as Array<{ topicBibs: object; servers: object }>
  return (
    digests.some((digest) => digest.problems.length > 0 && digest.ids.length > 0) &&
    days.some((day) => Object.keys(day.topicBibs).length > 0 && Object.keys(day.servers).length > 0) &&
    Object.keys(json["stamps"] as object).length > 0
  )
})

const agree = (input: unknown) => {
  const quick = Schema.decodeUnknownEither(ArchiveStateFile)(structuredClone(input))
  expect(Either.isRight(quick)).toBe(accepts(ArchiveState, input))
  if (Either.isRight(quick)) expect(quick.right).toEqual(Schema.decodeUnknownSync(ArchiveState)(input))
}

describe("ArchiveStateFile", () => {
  it("accepts what ArchiveState accepts, and decodes it to an equal archive, however one field is spoiled", () => {
    fc.assert(
      fc.property(fullArchiveJson, (json) => {
        agree(json)
        for (const input of spoiled(json)) agree(input)
      }),
      { numRuns: 5 }
    )
  })

  it("takes an archive of this build as it is, and writes what the class schemas write", () => {
    fc.assert(
      fc.property(Arbitrary.make(ArchiveState), (state) => {
        const encoded = Schema.encodeSync(ArchiveState)(state)
        const json = JSON.parse(JSON.stringify(encoded))
        // JSON has no infinite mtime (the arbitrary's stamps may): such a state is never written.
        fc.pre(accepts(ArchiveState, json))
        // Accepted by the check itself, not only by the schema behind it: the days come back as they were read.
        const decoded = Schema.decodeUnknownSync(ArchiveStateFile)(json)
        expect(decoded.days).toBe(json.days)
        for (const digest of decoded.digests)
          for (const problem of digest.problems) expect(problem).toBeInstanceOf(Problem)
        // Written as it is: the instances' JSON is the classes' encoding (field order aside).
        expect(JSON.parse(JSON.stringify(Schema.encodeSync(ArchiveStateFile)(state)))).toEqual(json)
      }),
      { numRuns: 200 }
    )
  })

  it("an archive of an earlier build (no stamps, days without servers or papers hash) goes through the schema", () => {
    const json = {
      format: 1,
      runKey: "r",
      baseKey: "b",
      askAgain: [],
      bibKeysSha256: null,
      digests: [],
      days: [
        {
          day: "2025-10-06",
          papers: 1,
          withMetadata: 1,
          withCode: 0,
          categories: ["cs.CL"],
          sections: {
            "papers.json": { offset: 0, length: 1 },
            "papers.bib": { offset: 0, length: 1 },
            "papers.csl.json": { offset: 0, length: 1 }
          }
        }
      ]
    }
    const decoded = Schema.decodeUnknownSync(ArchiveStateFile)(json)
    expect(decoded).not.toBe(json)
    expect(decoded.stamps).toEqual({})
    expect(decoded.days[0]?.servers).toEqual({})
    expect(decoded.days[0]?.topicBibs).toEqual({})
    // rendered by the next run whatever its papers: nothing says what they were
    expect(decoded.days[0]?.papersSha256).toBeNull()
  })
})
