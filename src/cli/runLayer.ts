/** The layers of one run, chosen from the pipeline and the flags: source, state, enrichment, HTTP. */
import { Path } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { sourceGlobs } from "../domain/Pipeline.ts"
import { Enricher } from "../enrich/Enricher.ts"
import { GitHub } from "../github/GitHub.ts"
import { type LoadedPipeline, PipelineError } from "../pipeline/loadPipeline.ts"
import { GitHubDigestSource } from "../sources/GitHubDigestSource.ts"
import { LocalDigestSource, localGlobs } from "../sources/LocalDigestSource.ts"
import { StateStore } from "../state/StateStore.ts"
import { type Contacts, clientTuning } from "./timeScale.ts"

export interface RunLayerOptions {
  readonly loaded: LoadedPipeline
  /** `--digests DIR`: a local folder instead of the pipeline's source. */
  readonly digestsDir: string | undefined
  readonly stateDir: string
  readonly offline: boolean
}

/** The DigestSource: `--digests`, else the pipeline's local folder, else GitHub (never when offline). */
const sourceLayer = (options: RunLayerOptions, path: Path.Path) => {
  const { pipeline, folder, file } = options.loaded
  const source = pipeline.source
  if (options.digestsDir !== undefined)
    return Effect.succeed(LocalDigestSource.layer(path.resolve(options.digestsDir)))
  if (source.type === "local") {
    const local = localGlobs(path, folder, sourceGlobs(source.path))
    return Effect.succeed(LocalDigestSource.layer(local.folder, { globs: local.globs }))
  }
  if (options.offline)
    return new PipelineError({
      file,
      message: `${file}: this pipeline reads GitHub, which --offline forbids; add --digests DIR to read a local copy`
    })
  return Effect.succeed(GitHubDigestSource.layer(source))
}

/** The services this run will talk to: none offline; GitHub for its digests or its repository facts. */
const contactsOf = (options: RunLayerOptions): Contacts => {
  const { source, enrich } = options.loaded.pipeline
  const online = !options.offline
  return {
    arxiv: online && enrich.arxiv,
    rxiv: online && enrich.rxiv,
    github: online && ((source.type === "github" && options.digestsDir === undefined) || enrich.githubFacts)
  }
}

/** DigestSource + Enricher + StateStore for a run; needs FileSystem and Path (NodeContext). */
export const runLayer = (options: RunLayerOptions) =>
  Layer.unwrapEffect(
    Effect.gen(function* () {
      const path = yield* Path.Path
      const source = yield* sourceLayer(options, path)
      const tuning = yield* clientTuning(contactsOf(options))
      const enricher = Enricher.layer(
        { settings: options.loaded.pipeline.enrich, offline: options.offline },
        { arxiv: tuning.arxiv, rxiv: tuning.rxiv }
      ).pipe(Layer.provide(NodeHttpClient.layerUndici))
      // One GitHub client for the run, shared by the digest source and the repository facts.
      return Layer.mergeAll(source, enricher).pipe(
        Layer.provide(GitHub.Default(tuning.github)),
        Layer.provideMerge(StateStore.Default(path.resolve(options.stateDir)))
      )
    })
  )
