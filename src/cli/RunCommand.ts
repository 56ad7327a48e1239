/** `digest-feeds run`: runs a pipeline end to end and publishes its outputs. */
import { Command, Options } from "@effect/cli"
import { Path } from "@effect/platform"
import { Effect, Option } from "effect"
import { IsoDate } from "../domain/IsoDate.ts"
import { loadPipeline } from "../pipeline/loadPipeline.ts"
import { runPipeline } from "../pipeline/runPipeline.ts"
import { codeFingerprint } from "./codeFingerprint.ts"
import { packageRoot } from "./packageRoot.ts"
import { runLayer } from "./runLayer.ts"
import { printSummary } from "./summary.ts"

const isoDate = (name: string, description: string) =>
  Options.text(name).pipe(
    Options.withSchema(IsoDate),
    Options.optional,
    Options.withDescription(`${description} (YYYY-MM-DD)`)
  )

const options = {
  pipeline: Options.text("pipeline").pipe(
    Options.withDefault("sample"),
    Options.withDescription("pipeline name (pipelines/NAME/pipeline.json) or a pipeline JSON file")
  ),
  out: Options.text("out").pipe(Options.withDefault("outputs"), Options.withDescription("output folder")),
  digests: Options.directory("digests", { exists: "yes" }).pipe(
    Options.optional,
    Options.withDescription("read the digests from this local folder instead of the pipeline's source")
  ),
  state: Options.text("state").pipe(
    Options.optional,
    Options.withDescription("state folder: sync state, arXiv cache, BibTeX keys (default .digest-feeds/NAME)")
  ),
  offline: Options.boolean("offline").pipe(
    Options.withDescription("no network: local digests only, arXiv metadata from the cache only")
  ),
  allowShrink: Options.boolean("allow-shrink").pipe(
    Options.withDescription(
      "publish even with clearly fewer papers than the last run (e.g. digests removed upstream)"
    )
  ),
  since: isoDate("since", "only digests dated on or after this day"),
  until: isoDate("until", "only digests dated on or before this day")
}

/** What `run` is asked to do: its flags, where `--pipeline NAME` is looked up, and which code is running. */
export interface RunRequest {
  readonly pipeline: string
  readonly pipelinesDir: string
  readonly out: string
  readonly digests: Option.Option<string>
  readonly state: Option.Option<string>
  readonly offline: boolean
  readonly allowShrink: boolean
  readonly since: Option.Option<IsoDate>
  readonly until: Option.Option<IsoDate>
  /** A hash of the bundle; null disables quiet and delta runs (development). */
  readonly codeFingerprint: string | null
}

/** One run as the CLI composes it: the pipeline, the run's layers, the run. Tests run this in process. */
export const runOnce = Effect.fn("run")(function* (request: RunRequest) {
  const path = yield* Path.Path
  const loaded = yield* loadPipeline(request.pipeline, request.pipelinesDir)
  const offline = request.offline || loaded.pipeline.offline
  const stateDir = Option.getOrElse(request.state, () => path.join(".digest-feeds", loaded.pipeline.name))
  const report = yield* runPipeline({
    pipeline: loaded.pipeline,
    outDir: path.resolve(request.out),
    offline,
    codeFingerprint: request.codeFingerprint,
    allowShrink: request.allowShrink,
    range: { since: Option.getOrNull(request.since), until: Option.getOrNull(request.until) }
  }).pipe(
    Effect.provide(
      runLayer({ loaded, digestsDir: Option.getOrUndefined(request.digests), stateDir, offline })
    )
  )
  return { report, pipeline: loaded.pipeline }
})

export const runCommand = Command.make("run", options, (flags) =>
  Effect.gen(function* () {
    const path = yield* Path.Path
    const { report, pipeline } = yield* runOnce({
      ...flags,
      // `--pipeline NAME` looks in the pipelines/ folder shipped with the package.
      pipelinesDir: path.join(yield* packageRoot, "pipelines"),
      codeFingerprint: yield* codeFingerprint
    })
    // The run has published: a summary that cannot be written is a warning, not a failure.
    yield* printSummary(report, path.resolve(flags.out), pipeline.siteUrl).pipe(
      Effect.catchAll((error) => Effect.logWarning(`cannot write the run summary: ${String(error)}`))
    )
  })
).pipe(Command.withDescription("Run a pipeline: sync, parse, enrich, and publish feeds and citations."))
