/**
 * `digest-feeds check-upstream`: should a scheduled poll run the pipeline? Prints `run=true|false`, `reason=…`,
 * `commit=…` and `commit-time=…` lines on stdout (the format of `$GITHUB_OUTPUT`), exit status 0 either way;
 * 1 when GitHub could not answer (the workflow then runs the pipeline anyway), 2 for a bad pipeline.
 */
import { Command, Options } from "@effect/cli"
import { FileSystem, Path } from "@effect/platform"
import { Config, Console, Effect, Option } from "effect"
import { GitHub } from "../github/GitHub.ts"
import { checkUpstream } from "../pipeline/checkUpstream.ts"
import { loadPipeline } from "../pipeline/loadPipeline.ts"
import { StateStore } from "../state/StateStore.ts"
import { packageRoot } from "./packageRoot.ts"
import { clientTuning } from "./timeScale.ts"

const options = {
  pipeline: Options.text("pipeline").pipe(
    Options.withDefault("sample"),
    Options.withDescription("pipeline name (pipelines/NAME/pipeline.json) or a pipeline JSON file")
  ),
  state: Options.text("state").pipe(
    Options.optional,
    Options.withDescription("state folder the last run wrote (default .digest-feeds/NAME); only read")
  )
}

/** One line per value; a value never holds a newline, so the lines stay `$GITHUB_OUTPUT` lines. */
const outputLine = (name: string, value: string | boolean | null) =>
  `${name}=${String(value ?? "").replace(/[\r\n]+/g, " ")}`

export const checkUpstreamCommand = Command.make("check-upstream", options, (flags) =>
  Effect.gen(function* () {
    const path = yield* Path.Path
    const loaded = yield* loadPipeline(flags.pipeline, path.join(yield* packageRoot, "pipelines"))
    const stateDir = Option.getOrElse(flags.state, () => path.join(".digest-feeds", loaded.pipeline.name))
    const tuning = yield* clientTuning({ arxiv: false, rxiv: false, github: true })
    const result = yield* checkUpstream(loaded.pipeline).pipe(
      Effect.provide(StateStore.Default(path.resolve(stateDir))),
      Effect.provide(GitHub.Default(tuning.github))
    )
    yield* Effect.logInfo(`${result.run ? "run" : "skip"}: ${result.reason}`)
    yield* Console.log(
      [
        outputLine("run", result.run),
        outputLine("reason", result.reason),
        outputLine("commit", result.commit),
        outputLine("commit-time", result.commitTime)
      ].join("\n")
    )
    // In GitHub Actions the poll's verdict also goes to the job summary, so a skipped night says why.
    const summary = yield* Config.option(Config.string("GITHUB_STEP_SUMMARY"))
    if (
      (yield* Config.string("GITHUB_ACTIONS").pipe(Config.withDefault(""))) === "true" &&
      Option.isSome(summary)
    ) {
      const fs = yield* FileSystem.FileSystem
      const verdict = result.run ? "runs the pipeline" : "skips the pipeline"
      yield* fs
        .writeFileString(summary.value, `**Upstream check** ${verdict}: ${result.reason}.\n\n`, { flag: "a" })
        .pipe(Effect.catchAll((error) => Effect.logWarning(`cannot write the job summary: ${String(error)}`)))
    }
  })
).pipe(
  Command.withDescription(
    "Say whether the pipeline needs to run: one conditional request (free when the upstream has not moved)."
  )
)
