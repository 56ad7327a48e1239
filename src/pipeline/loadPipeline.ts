/** Finds and decodes a pipeline definition: `--pipeline NAME` (pipelines/NAME/pipeline.json) or a file path. */
import { FileSystem, Path } from "@effect/platform"
import { Data, Effect, ParseResult, Schema } from "effect"
import { type Pipeline, PipelineFromJson } from "../domain/Pipeline.ts"

/** The pipeline cannot be found or does not decode: a configuration error (exit status 2). */
export class PipelineError extends Data.TaggedError("PipelineError")<{
  readonly file: string
  readonly message: string
}> {}

export interface LoadedPipeline {
  readonly pipeline: Pipeline
  /** The definition file, for messages. */
  readonly file: string
  /** Relative paths inside the definition (a local source's folder) resolve against this folder. */
  readonly folder: string
}

const candidates = (path: Path.Path, pipelinesRoot: string, nameOrFile: string): ReadonlyArray<string> =>
  /[\\/]|\.json$/.test(nameOrFile)
    ? [path.resolve(nameOrFile)]
    : [path.join(pipelinesRoot, nameOrFile, "pipeline.json"), path.join(pipelinesRoot, `${nameOrFile}.json`)]

/**
 * One line per offending field, `source.backfillThreshold: Expected a positive number, actual -3`. An optional
 * field's union adds "Expected undefined" next to the real complaint; that noise is dropped.
 */
const describeIssues = (error: ParseResult.ParseError): string => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const within = (outer: ReadonlyArray<PropertyKey>, inner: ReadonlyArray<PropertyKey>) =>
    inner.length >= outer.length && outer.every((key, index) => inner[index] === key)
  const isNoise = (issue: (typeof issues)[number]) =>
    issue.message.startsWith("Expected undefined") &&
    issues.some(
      (other) =>
        other !== issue && !other.message.startsWith("Expected undefined") && within(issue.path, other.path)
    )
  const lines = issues
    .filter((issue) => !isNoise(issue))
    .map((issue) => `  ${issue.path.length === 0 ? "(top level)" : issue.path.join(".")}: ${issue.message}`)
  return [...new Set(lines)].join("\n")
}

/** Decodes pipeline JSON text; the message names each offending field by its path. */
export const decodePipeline = (file: string, text: string): Effect.Effect<Pipeline, PipelineError> =>
  Schema.decodeUnknown(PipelineFromJson, { errors: "all", onExcessProperty: "error" })(text).pipe(
    Effect.mapError(
      (error) =>
        new PipelineError({ file, message: `${file}: invalid pipeline definition\n${describeIssues(error)}` })
    )
  )

export const loadPipeline = Effect.fn("loadPipeline")(function* (nameOrFile: string, pipelinesRoot: string) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const tried = candidates(path, pipelinesRoot, nameOrFile)
  for (const file of tried) {
    if (!(yield* fs.exists(file).pipe(Effect.orElseSucceed(() => false)))) continue
    const text = yield* fs
      .readFileString(file)
      .pipe(Effect.mapError(() => new PipelineError({ file, message: `${file}: cannot be read` })))
    const pipeline = yield* decodePipeline(file, text)
    return { pipeline, file, folder: path.dirname(file) } satisfies LoadedPipeline
  }
  return yield* new PipelineError({
    file: nameOrFile,
    message: `no pipeline "${nameOrFile}" (looked for ${tried.join(", ")})`
  })
})
