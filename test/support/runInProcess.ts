/** Runs a pipeline in this process, as `digest-feeds run` would, with the given environment; no process start. */
import { NodeContext } from "@effect/platform-node"
import { ConfigProvider, Effect, Exit, HashMap, Layer, Logger, Option } from "effect"
import { exitCodeOf } from "../../src/cli/exitCode.ts"
import { runOnce } from "../../src/cli/RunCommand.ts"
import type { RunReport } from "../../src/pipeline/RunReport.ts"
import { SearchIndexer } from "../../src/pipeline/SearchIndexer.ts"
import { withDay } from "../enrich/enrichFixtures.ts"
import { repoRoot, withLoopbackServices } from "./cli.ts"
import { countingReads } from "./countingReads.ts"
import { pagefindMemo } from "./pagefindMemo.ts"

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
  /** `--digests DIR`: a local folder instead of the pipeline's source. */
  readonly digestsDir?: string
  /** Every path the run reads whole through its FileSystem (`readFile`) is pushed here. */
  readonly fileReads?: Array<string>
  /** Receives each log line as `message key=value ...` (without the memory figure); else the run is silent. */
  readonly logs?: Array<string>
  /**
   * Who builds the search bundles: a memo of Pagefind's process answers across this vitest fork (the default), or
   * the process every time, as the CLI does.
   */
  readonly searchIndexer?: "memo" | "process"
}): Promise<InProcessRun> => {
  const logs = options.logs
  const logger =
    logs === undefined
      ? Logger.none
      : Logger.make(({ message, annotations }) => {
          const pairs = [...HashMap.toEntries(annotations)]
            .filter(([key]) => key !== "rssMb")
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([key, value]) => `${key}=${String(value)}`)
          const text = Array.isArray(message) ? message.map(String).join(" ") : String(message)
          logs.push([text, ...pairs].join(" "))
        })
  // The CLI's own composition (RunCommand.runOnce): pipeline lookup, the run's layers, the run.
  const program = runOnce({
    pipeline: options.pipeline,
    pipelinesDir: options.pipelinesDir ?? `${repoRoot}/pipelines`,
    out: options.outDir,
    digests: Option.fromNullable(options.digestsDir),
    state: Option.some(options.stateDir),
    offline: options.offline ?? false,
    allowShrink: options.allowShrink ?? false,
    since: Option.none(),
    until: Option.none(),
    codeFingerprint: options.codeFingerprint ?? null
  })
  const dated = options.now === undefined ? program : program.pipe(withDay(options.now))
  const indexed =
    options.searchIndexer === "process"
      ? dated
      : dated.pipe(Effect.provideService(SearchIndexer, pagefindMemo))
  const reads = options.fileReads
  const fileSystem =
    reads === undefined ? NodeContext.layer : Layer.merge(NodeContext.layer, countingReads(reads))
  const env = await withLoopbackServices(options.env)
  const exit = await Effect.runPromiseExit(
    indexed.pipe(
      Effect.provide(fileSystem),
      // The CLI logs to stderr; in the test process the run's progress lines would only bury vitest's output.
      Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
    )
  )
  return {
    exitCode: exitCodeOf(exit),
    report: Exit.isSuccess(exit) ? exit.value.report : undefined,
    error: Exit.isFailure(exit) ? String(exit.cause) : undefined
  }
}
