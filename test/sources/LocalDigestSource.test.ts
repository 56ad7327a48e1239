/** The local-folder source: the same file rules as GitHub, git blob SHAs, problems instead of failures. */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs"
import nodePath, { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { afterEach, assert, beforeEach, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { DigestSource } from "../../src/sources/DigestSource.ts"
import {
  LocalDigestSource,
  type LocalSourceOptions,
  localGlobs
} from "../../src/sources/LocalDigestSource.ts"
import { blobShaOf, fixtureDigest } from "../fakes/FakeGitHub.ts"
import { sharedFixtures } from "../support/cli.ts"
import { readText, removeFolder, tempFolder } from "./GitHubSyncKit.ts"

const FIXTURES = new URL("../../../shared/fixtures/digests/", import.meta.url).pathname

describe("LocalDigestSource", () => {
  let folder: string
  beforeEach(() => {
    folder = tempFolder()
  })
  afterEach(() => removeFolder(folder))

  const sync = (options: LocalSourceOptions = {}) =>
    Effect.flatMap(DigestSource, (source) => source.sync).pipe(
      Effect.provide(LocalDigestSource.layer(folder, options)),
      Effect.provide(NodeContext.layer)
    )

  it.effect("reads dated .md files with their blob SHA and reports the rest", () =>
    Effect.gen(function* () {
      for (const name of ["2025-10-06-arxiv.md", "2024-09-04-arxiv.md", "2025-10-06.md"]) {
        copyFileSync(join(FIXTURES, name), join(folder, name))
      }
      writeFileSync(join(folder, "README.md"), "# sample\n")
      writeFileSync(join(folder, "2026-01-01-arxiv.md"), Uint8Array.from([0xff, 0x0a]))
      writeFileSync(join(folder, "notes.txt"), "ignored")
      const result = yield* sync({ maxFileBytes: 30_000 })
      assert.deepStrictEqual(
        result.files.map((file) => [file.path, file.kind, file.date]),
        [
          ["2025-10-06-arxiv.md", "arxiv", "2025-10-06"],
          ["2025-10-06.md", "summary", "2025-10-06"]
        ]
      )
      assert.strictEqual(result.files[0]?.sha, blobShaOf(fixtureDigest("2025-10-06-arxiv.md")))
      assert.strictEqual(
        yield* readText(result, "2025-10-06-arxiv.md"),
        fixtureDigest("2025-10-06-arxiv.md").toString("utf8")
      )
      assert.deepStrictEqual(
        result.problems.map((problem) => [problem.file, problem.code]),
        [
          ["2024-09-04-arxiv.md", "file-too-large"],
          ["2026-01-01-arxiv.md", "not-utf8"],
          ["README.md", "file-name"]
        ]
      )
      assert.strictEqual(result.requests, 0)
      assert.deepStrictEqual(result.changed, ["2025-10-06-arxiv.md", "2025-10-06.md"])
    })
  )

  it.effect(
    "globs: digests and the daily JSON under one folder, paths relative to it, other files not read",
    () =>
      Effect.gen(function* () {
        const api = join(sharedFixtures, "api")
        mkdirSync(join(folder, "api", "daily"), { recursive: true })
        mkdirSync(join(folder, "api", "raw"), { recursive: true })
        copyFileSync(join(FIXTURES, "2025-10-06-arxiv.md"), join(folder, "2025-10-06-arxiv.md"))
        copyFileSync(
          join(sharedFixtures, "rxiv", "2026-05-01-biorxiv.md"),
          join(folder, "2026-05-01-biorxiv.md")
        )
        copyFileSync(join(api, "daily", "2026-05-01.json"), join(folder, "api", "daily", "2026-05-01.json"))
        copyFileSync(
          join(api, "raw", "2026-05-01-biorxiv.json"),
          join(folder, "api", "raw", "2026-05-01-biorxiv.json")
        )
        writeFileSync(join(folder, "api", "daily", "index.json"), "{}")
        const { folder: root, globs } = localGlobs(nodePath, folder, ["*.md", "api/daily/*.json"])
        assert.strictEqual(root, folder)
        assert.deepStrictEqual(globs, ["*.md", "api/daily/*.json"])
        const result = yield* sync({ globs })
        assert.deepStrictEqual(
          result.files.map((file) => [file.path, file.kind, file.date]),
          [
            ["2025-10-06-arxiv.md", "arxiv", "2025-10-06"],
            ["2026-05-01-biorxiv.md", "biorxiv", "2026-05-01"],
            ["api/daily/2026-05-01.json", "upstream-json", "2026-05-01"]
          ]
        )
        assert.deepStrictEqual(
          result.problems.map((problem) => [problem.file, problem.code]),
          [["api/daily/index.json", "file-name"]]
        )
      })
  )

  it("localGlobs: a folder means its .md files; the common folder of the globs is the root", () => {
    const base = "/p/pipelines/sample"
    assert.deepStrictEqual(localGlobs(nodePath, base, ["digests"]), {
      folder: "/p/pipelines/sample/digests",
      globs: ["*.md"]
    })
    assert.deepStrictEqual(localGlobs(nodePath, base, ["digests/*.md", "digests/api/daily/*.json"]), {
      folder: "/p/pipelines/sample/digests",
      globs: ["*.md", "api/daily/*.json"]
    })
    assert.deepStrictEqual(
      localGlobs(nodePath, base, ["/u/docs/daily-papers/*rxiv.md", "/u/docs/api/daily/*.json"]),
      {
        folder: "/u/docs",
        globs: ["daily-papers/*rxiv.md", "api/daily/*.json"]
      }
    )
  })

  it.effect("a missing folder is a SourceError naming it", () =>
    Effect.gen(function* () {
      removeFolder(folder)
      const error = yield* Effect.flip(sync())
      assert.include(error.message, folder)
    })
  )
})
