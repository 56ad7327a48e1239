/** Test helpers: one nightly run of the GitHub source against the fake, in a fresh layer, with captured logs. */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { ConfigProvider, Effect, Layer, Logger } from "effect"
import { GitHubSource } from "../../src/domain/Pipeline.ts"
import { GitHub } from "../../src/github/GitHub.ts"
import { DigestSource, type SourceError, type SyncResult } from "../../src/sources/DigestSource.ts"
import { GitHubDigestSource } from "../../src/sources/GitHubDigestSource.ts"
import { StateStore } from "../../src/state/StateStore.ts"
import type { FakeGitHub, LogEntry } from "../fakes/FakeGitHub.ts"

export const DIGESTS = "docs/daily-papers"

export interface SyncSetup {
  readonly fake: FakeGitHub
  readonly folder: string
  readonly source?: Partial<Omit<ConstructorParameters<typeof GitHubSource>[0], "type">>
  readonly env?: Record<string, string>
  readonly maxRateLimitWaitSeconds?: number
  /** Log lines (message and cause) land here. */
  readonly logs?: Array<string>
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
    Effect.provide(NodeContext.layer),
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
