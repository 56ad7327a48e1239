/** Runs a pipeline in this process, as `digest-feeds run` would, with the given environment; no process start. */
import { NodeContext } from "@effect/platform-node"
import { ConfigProvider, Effect, Exit, Logger } from "effect"
import { exitCodeOf } from "../../src/cli/exitCode.ts"
import { runLayer } from "../../src/cli/runLayer.ts"
import { loadPipeline } from "../../src/pipeline/loadPipeline.ts"
import type { RunReport } from "../../src/pipeline/RunReport.ts"
import { runPipeline } from "../../src/pipeline/runPipeline.ts"
import { withDay } from "../enrich/enrichFixtures.ts"
import { repoRoot } from "./cli.ts"

export interface InProcessRun {
  readonly exitCode: number
  readonly report: RunReport | undefined
  readonly error: string | undefined
}

export const runInProcess = async (options: {
  readonly pipeline: string
  readonly outDir: string
  readonly stateDir: string
  readonly env: Readonly<Record<string, string>>
  readonly offline?: boolean
  /** What the CLI derives from its bundle; null (the default) disables quiet and delta runs, like development. */
  readonly codeFingerprint?: string | null
  readonly allowShrink?: boolean
  /** Where `pipeline` is looked up (default: the project's pipelines/). */
  readonly pipelinesDir?: string
  /** The run's clock starts at this instant (ISO 8601): its run date, for the arXiv ask schedule. */
  readonly now?: string
}): Promise<InProcessRun> => {
  const program = Effect.gen(function* () {
    const loaded = yield* loadPipeline(options.pipeline, options.pipelinesDir ?? `${repoRoot}/pipelines`)
    const offline = options.offline ?? loaded.pipeline.offline
    return yield* runPipeline({
      pipeline: loaded.pipeline,
      outDir: options.outDir,
      offline,
      codeFingerprint: options.codeFingerprint ?? null,
      allowShrink: options.allowShrink ?? false,
      range: { since: null, until: null }
    }).pipe(Effect.provide(runLayer({ loaded, digestsDir: undefined, stateDir: options.stateDir, offline })))
  })
  const dated = options.now === undefined ? program : program.pipe(withDay(options.now))
  const exit = await Effect.runPromiseExit(
    dated.pipe(
      Effect.provide(NodeContext.layer),
      // The CLI logs to stderr; in the test process the run's progress lines would only bury vitest's output.
      Effect.provide(Logger.replace(Logger.defaultLogger, Logger.none)),
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(options.env))))
    )
  )
  return {
    exitCode: exitCodeOf(exit),
    report: Exit.isSuccess(exit) ? exit.value : undefined,
    error: Exit.isFailure(exit) ? String(exit.cause) : undefined
  }
}
