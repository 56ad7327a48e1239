/**
 * The GitHub source with the upstream's bioRxiv/medRxiv digests and daily JSON: one listing, one tarball, the
 * JSON in the same sync as the markdown (no request per JSON file beyond what a markdown file costs).
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import {
  type FakeGitHub,
  type FakeGitHubOptions,
  fixtureRepoFiles,
  type RepoFile
} from "../fakes/FakeGitHub.ts"
import { sharedFixtures } from "../support/cli.ts"
import { DIGESTS, eachWithFakeGitHub, readText, requestsSince, syncOnce } from "./GitHubSyncKit.ts"

const API = "docs/api/daily"
const rxivFiles: ReadonlyArray<RepoFile> = readdirSync(join(sharedFixtures, "rxiv"))
  .sort()
  .map((name) => ({ path: `${DIGESTS}/${name}`, content: readFileSync(join(sharedFixtures, "rxiv", name)) }))
const jsonFiles: ReadonlyArray<RepoFile> = readdirSync(join(sharedFixtures, "api", "daily"))
  .sort()
  .map((name) => ({
    path: `${API}/${name}`,
    content: readFileSync(join(sharedFixtures, "api", "daily", name))
  }))
const rawFiles: ReadonlyArray<RepoFile> = readdirSync(join(sharedFixtures, "api", "raw")).map((name) => ({
  path: `docs/api/raw/${name}`,
  content: readFileSync(join(sharedFixtures, "api", "raw", name))
}))
const repository: FakeGitHubOptions = {
  files: [...fixtureRepoFiles(), ...rxivFiles, ...jsonFiles, ...rawFiles]
}

const ALL_SERVERS = { path: [`${DIGESTS}/*rxiv.md`, `${API}/*.json`] as const }

describe("GitHubDigestSource with bioRxiv, medRxiv and the upstream JSON", () => {
  let fake: FakeGitHub
  let folder: string
  let restart: (options: FakeGitHubOptions) => Promise<void>
  eachWithFakeGitHub((setup) => {
    ;({ fake, folder, restart } = setup)
  })

  it.effect("a cold sync lists and fetches every digest and daily JSON in 4 requests, as arXiv's alone", () =>
    Effect.gen(function* () {
      yield* Effect.promise(() => restart(repository))
      const result = yield* syncOnce({ fake, folder, source: ALL_SERVERS })
      const log = requestsSince(fake, 0).map((line) => line.replace(/[0-9a-f]{40}/, "SHA"))
      assert.deepStrictEqual(log.slice(0, 3), [
        "200 GET /repos/Lcollection/Arxiv_Daily/commits/main",
        "200 GET /repos/Lcollection/Arxiv_Daily/git/trees/SHA?recursive=1",
        "302 GET /repos/Lcollection/Arxiv_Daily/tarball/SHA"
      ])
      assert.match(log[3]!, /^200 GET \/_codeload\//)
      assert.strictEqual(log.length, 4)
      assert.strictEqual(result.requests, 4)
      const byKind = (kind: string) =>
        result.files.filter((file) => file.kind === kind).map((file) => file.path)
      assert.deepStrictEqual(
        byKind("upstream-json"),
        jsonFiles.map((file) => file.path)
      )
      assert.deepStrictEqual(
        [...byKind("biorxiv"), ...byKind("medrxiv")].sort(),
        repository
          .files!.filter((file) => /-(bio|med)rxiv\.md$/.test(file.path))
          .map((file) => file.path)
          .sort()
      )
      // The per-day summaries and the raw JSON are not matched: never fetched, never a problem.
      assert.isFalse(result.files.some((file) => file.kind === "summary" || file.path.includes("/raw/")))
      const json = result.files.find((file) => file.path === `${API}/2026-05-01.json`)!
      assert.strictEqual(json.date, "2026-05-01")
      assert.strictEqual(
        yield* readText(result, json.path),
        readFileSync(join(sharedFixtures, "api/daily/2026-05-01.json"), "utf8")
      )
      assert.deepStrictEqual(result.problems, [])
    })
  )

  it.effect("a new day's bioRxiv digest and JSON cost ref, tree and one blob each (4 requests)", () =>
    Effect.gen(function* () {
      yield* Effect.promise(() => restart(repository))
      yield* syncOnce({ fake, folder, source: ALL_SERVERS })
      const from = fake.log.length
      const next = (text: string) => text.replaceAll("2026-05-05", "2026-08-22")
      fake.repo.put(
        `${DIGESTS}/2026-08-22-biorxiv.md`,
        next(readFileSync(join(sharedFixtures, "rxiv/2026-05-05-biorxiv.md"), "utf8"))
      )
      fake.repo.put(
        `${API}/2026-08-22.json`,
        next(
          readFileSync(join(sharedFixtures, "api/daily/2026-08-21.json"), "utf8").replaceAll(
            "2026-08-21",
            "2026-08-22"
          )
        )
      )
      const result = yield* syncOnce({ fake, folder, source: ALL_SERVERS })
      const log = requestsSince(fake, from)
      assert.strictEqual(result.requests, 4, log.join("\n"))
      assert.strictEqual(log.filter((line) => line.includes("/git/blobs/")).length, 2, log.join("\n"))
      assert.deepStrictEqual([...result.changed].sort(), [
        `${API}/2026-08-22.json`,
        `${DIGESTS}/2026-08-22-biorxiv.md`
      ])
    })
  )

  it.effect(
    "the same repository with arXiv's glob alone: the same 4 requests, no bioRxiv, medRxiv or JSON file",
    () =>
      Effect.gen(function* () {
        yield* Effect.promise(() => restart(repository))
        const result = yield* syncOnce({ fake, folder })
        assert.strictEqual(result.requests, 4)
        assert.isTrue(result.files.every((file) => file.kind === "arxiv"))
      })
  )
})
