/** Test helpers: one nightly run of the GitHub source against the fake, in a fresh layer, with captured logs. */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { afterEach, beforeEach } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Logger } from "effect"
import { GitHubSource } from "../../src/domain/Pipeline.ts"
import { Problem } from "../../src/domain/Problem.ts"
import { GitHub } from "../../src/github/GitHub.ts"
import { DigestSource, type SourceError, type SyncResult } from "../../src/sources/DigestSource.ts"
import { GitHubDigestSource } from "../../src/sources/GitHubDigestSource.ts"
import { StateStore } from "../../src/state/StateStore.ts"
import {
  type FakeGitHub,
  type FakeGitHubOptions,
  fixtureDigest,
  fixtureRepoFiles,
  type LogEntry,
  startFakeGitHub
} from "../fakes/FakeGitHub.ts"
import { countingReads } from "../support/countingReads.ts"

export const DIGESTS = "docs/daily-papers"

/** The fixture repository's arXiv digests: what a complete sync returns. */
export const ARXIV_FIXTURES = fixtureRepoFiles().filter((file) => /-arxiv\.md$/.test(file.path))

/** The next night's digest: the 2026-08-21 text under 2026-08-22 (new bytes: no blob of the mirror matches). */
export const NEW_DIGEST = `${DIGESTS}/2026-08-22-arxiv.md`
export const addNewDigest = (fake: FakeGitHub): void => {
  fake.repo.put(
    NEW_DIGEST,
    fixtureDigest("2026-08-21-arxiv.md").toString("utf8").replaceAll("2026-08-21", "2026-08-22")
  )
}

export interface FakeGitHubSetup {
  readonly fake: FakeGitHub
  readonly folder: string
  /** Replaces the fake with one started with `options` (same state folder) and hands the new setup over. */
  readonly restart: (options: FakeGitHubOptions) => Promise<void>
}

/**
 * A fresh fake GitHub (the fixture repository) and an empty state folder for each test of the enclosing
 * describe, handed to `use` (again after a restart); both are closed and removed after the test.
 */
export const eachWithFakeGitHub = (use: (setup: FakeGitHubSetup) => void): void => {
  let fake: FakeGitHub | undefined
  let folder = ""
  const hand = () => {
    if (fake !== undefined) use({ fake, folder, restart })
  }
  const restart = async (options: FakeGitHubOptions) => {
    await fake?.close()
    fake = await startFakeGitHub(options)
    hand()
  }
  beforeEach(async () => {
    folder = tempFolder()
    fake = await startFakeGitHub()
    hand()
  })
  afterEach(async () => {
    await fake?.close()
    fake = undefined
    removeFolder(folder)
  })
}

export interface SyncSetup {
  readonly fake: FakeGitHub
  readonly folder: string
  readonly source?: Partial<Omit<ConstructorParameters<typeof GitHubSource>[0], "type">>
  readonly env?: Record<string, string>
  readonly maxRateLimitWaitSeconds?: number
  /** Log lines (message and cause) land here. */
  readonly logs?: Array<string>
  /** The path of every whole-file read through the FileSystem lands here. */
  readonly fileReads?: Array<string>
}

/** A fresh temporary state folder. */
export const tempFolder = (): string => mkdtempSync(join(tmpdir(), "digest-feeds-gh-"))
export const removeFolder = (folder: string): void => rmSync(folder, { recursive: true, force: true })

/** One sync as a nightly run does it: new octokit, new layer, state from the folder. Waits are 1 ms per second. */
export const syncOnce = (setup: SyncSetup): Effect.Effect<SyncResult, SourceError> => {
  const source = GitHubSource.make({
    type: "github",
    owner: setup.fake.repo.owner,
    repo: setup.fake.repo.name,
    ...setup.source
  })
  const config = ConfigProvider.fromMap(
    new Map([["GITHUB_API_URL", setup.fake.url], ...Object.entries(setup.env ?? {})])
  )
  const logs = setup.logs
  const capture = Logger.make(({ message, cause }) => {
    logs?.push(`${String(message)} ${JSON.stringify(cause)} ${String(cause)}`)
  })
  return Effect.flatMap(DigestSource, (digests) => digests.sync).pipe(
    Effect.provide(
      GitHubDigestSource.layer(source).pipe(
        Layer.provide(
          GitHub.Default({
            retryBaseMillis: 1,
            ...(setup.maxRateLimitWaitSeconds === undefined
              ? {}
              : { maxRateLimitWaitSeconds: setup.maxRateLimitWaitSeconds })
          })
        )
      )
    ),
    Effect.catchTag("ConfigError", (error) => Effect.die(error)),
    Effect.provide(StateStore.Default(setup.folder)),
    Effect.provide(
      setup.fileReads === undefined
        ? NodeContext.layer
        : Layer.merge(NodeContext.layer, countingReads(setup.fileReads))
    ),
    Effect.provide(Logger.replace(Logger.defaultLogger, capture)),
    Effect.withConfigProvider(config)
  )
}

/** Requests of the fake's log since `from`, as `STATUS METHOD path` lines (easy to read in a failing assertion). */
export const requestsSince = (fake: FakeGitHub, from: number): Array<string> =>
  fake.log
    .slice(from)
    .map(
      (entry: LogEntry) =>
        `${entry.status} ${entry.method} ${entry.path}${entry.conditional ? " (conditional)" : ""}`
    )

/** The problem codes of a result. */
export const codes = (result: SyncResult): Array<string> => result.problems.map((problem) => problem.code)

/** A listed file's text as a run reads it (a failure if the source answers with a problem instead). */
export const readText = (result: SyncResult, path: string): Effect.Effect<string> =>
  Effect.gen(function* () {
    const file = result.files.find((listed) => listed.path === path)
    if (file === undefined) return yield* Effect.dieMessage(`${path} is not listed`)
    const read = yield* result.read(file)
    if (read instanceof Problem) return yield* Effect.dieMessage(`${path}: ${read.code} ${read.message}`)
    return read.content
  })
