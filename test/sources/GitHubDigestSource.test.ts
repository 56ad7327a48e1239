/** The GitHub source against the loopback fake: request budgets of cold, warm and incremental syncs. */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { blobShaOf, type FakeGitHub, type FakeGitHubOptions, fixtureDigest } from "../fakes/FakeGitHub.ts"
import {
  addNewDigest,
  ARXIV_FIXTURES as arxivFixtures,
  codes,
  DIGESTS,
  eachWithFakeGitHub,
  NEW_DIGEST,
  readText,
  requestsSince,
  syncOnce
} from "./GitHubSyncKit.ts"

const F = arxivFixtures.length

describe("GitHubDigestSource", () => {
  let fake: FakeGitHub
  let folder: string
  let restartFake: (options: FakeGitHubOptions) => Promise<void>
  eachWithFakeGitHub((setup) => {
    ;({ fake, folder, restart: restartFake } = setup)
  })

  it.effect("cold sync above the threshold: ref, tree, tarball and its redirect (4 requests)", () =>
    Effect.gen(function* () {
      assert.isAbove(F, 20)
      const result = yield* syncOnce({ fake, folder })
      const log = requestsSince(fake, 0)
      assert.strictEqual(result.requests, 4, log.join("\n"))
      assert.strictEqual(fake.log.length, 4)
      assert.match(log[0]!, /^200 GET \/repos\/Lcollection\/Arxiv_Daily\/commits\/main$/)
      assert.match(
        log[1]!,
        /^200 GET \/repos\/Lcollection\/Arxiv_Daily\/git\/trees\/[0-9a-f]{40}\?recursive=1$/
      )
      assert.match(log[2]!, /^302 GET \/repos\/Lcollection\/Arxiv_Daily\/tarball\/[0-9a-f]{40}$/)
      assert.match(log[3]!, /^200 GET \/_codeload\//)
      assert.deepStrictEqual(
        result.files.map((file) => file.path),
        arxivFixtures.map((file) => file.path)
      )
      for (const file of result.files) {
        const expected = arxivFixtures.find((fixture) => fixture.path === file.path)!
        assert.strictEqual(yield* readText(result, file.path), Buffer.from(expected.content).toString("utf8"))
        assert.strictEqual(file.sha, blobShaOf(Buffer.from(expected.content)))
        assert.strictEqual(file.kind, "arxiv")
        assert.strictEqual(file.date, file.path.slice(DIGESTS.length + 1, DIGESTS.length + 11))
      }
      assert.deepStrictEqual(
        result.changed,
        result.files.map((file) => file.path)
      )
      assert.deepStrictEqual(result.problems, [])
      assert.isTrue(existsSync(join(folder, "github-sync.json")))
      assert.isTrue(existsSync(join(folder, "digests", DIGESTS, "2025-10-06-arxiv.md")))
    })
  )

  it.effect("warm sync with nothing changed: one conditional request answered 304, every file returned", () =>
    Effect.gen(function* () {
      const cold = yield* syncOnce({ fake, folder })
      const from = fake.log.length
      const warm = yield* syncOnce({ fake, folder })
      assert.deepStrictEqual(requestsSince(fake, from), [
        "304 GET /repos/Lcollection/Arxiv_Daily/commits/main (conditional)"
      ])
      assert.strictEqual(warm.requests, 1)
      assert.deepStrictEqual(warm.files, cold.files)
      assert.deepStrictEqual(warm.changed, [])
    })
  )

  it.effect("one new digest: ref, tree and one blob (3 requests)", () =>
    Effect.gen(function* () {
      yield* syncOnce({ fake, folder })
      addNewDigest(fake)
      const from = fake.log.length
      const result = yield* syncOnce({ fake, folder })
      const log = requestsSince(fake, from)
      assert.strictEqual(result.requests, 3, log.join("\n"))
      assert.match(log[0]!, /^200 GET .*\/commits\/main \(conditional\)$/)
      assert.match(log[2]!, /^200 GET .*\/git\/blobs\/[0-9a-f]{40}$/)
      assert.deepStrictEqual(result.changed, [NEW_DIGEST])
      assert.strictEqual(result.files.length, F + 1)
      assert.strictEqual(result.files.at(-1)?.date, "2026-08-22")
    })
  )

  it.effect("a rewritten digest is detected by its blob SHA and re-read", () =>
    Effect.gen(function* () {
      const path = `${DIGESTS}/2025-11-11-arxiv.md`
      fake.repo.put(path, fixtureDigest("history/2025-11-11-arxiv.before-rewrite.md"))
      const before = yield* syncOnce({ fake, folder })
      const first = before.files.find((file) => file.path === path)!
      assert.include(yield* readText(before, path), "[PDF](None)")
      fake.repo.put(path, fixtureDigest("2025-11-11-arxiv.md"))
      const after = yield* syncOnce({ fake, folder })
      const second = after.files.find((file) => file.path === path)!
      assert.deepStrictEqual(after.changed, [path])
      assert.strictEqual(after.requests, 3)
      assert.notStrictEqual(second.sha, first.sha)
      const text = yield* readText(after, path)
      assert.strictEqual(text, fixtureDigest("2025-11-11-arxiv.md").toString("utf8"))
      assert.strictEqual(readFileSync(join(folder, "digests", path), "utf8"), text)
    })
  )

  it.effect("deleted and renamed files leave the result and the mirror; a rename costs no blob fetch", () =>
    Effect.gen(function* () {
      yield* syncOnce({ fake, folder })
      const deleted = `${DIGESTS}/2024-09-07-arxiv.md`
      const renamedFrom = `${DIGESTS}/2025-10-12-arxiv.md`
      const renamedTo = `${DIGESTS}/2025-10-13-arxiv.md`
      fake.repo.commit({ remove: [deleted], rename: [[renamedFrom, renamedTo]] })
      const from = fake.log.length
      const result = yield* syncOnce({ fake, folder })
      const paths = result.files.map((file) => file.path)
      assert.notInclude(paths, deleted)
      assert.notInclude(paths, renamedFrom)
      assert.include(paths, renamedTo)
      assert.strictEqual(result.files.find((file) => file.path === renamedTo)?.date, "2025-10-13")
      assert.deepStrictEqual(result.changed, [renamedTo])
      assert.strictEqual(result.requests, 2, requestsSince(fake, from).join("\n"))
      assert.isFalse(existsSync(join(folder, "digests", deleted)))
      assert.isFalse(existsSync(join(folder, "digests", renamedFrom)))
      assert.isTrue(existsSync(join(folder, "digests", renamedTo)))
    })
  )

  it.effect("below the threshold a cold sync fetches each blob (ref + tree + F blobs)", () =>
    Effect.gen(function* () {
      const result = yield* syncOnce({ fake, folder, source: { backfillThreshold: 50 } })
      const log = requestsSince(fake, 0)
      assert.strictEqual(result.requests, 2 + F, log.join("\n"))
      assert.strictEqual(log.filter((line) => line.includes("/git/blobs/")).length, F)
      assert.isFalse(log.some((line) => line.includes("tarball")))
      assert.strictEqual(result.files.length, F)
    })
  )

  it.effect("the glob decides which files count; names without a date and oversized files are problems", () =>
    Effect.gen(function* () {
      fake.repo.put(`${DIGESTS}/notes.md`, "# notes\n")
      const result = yield* syncOnce({
        fake,
        folder,
        source: { path: `${DIGESTS}/*.md`, maxFileBytes: 18_000 }
      })
      const kinds = new Set(result.files.map((file) => file.kind))
      assert.deepStrictEqual([...kinds].sort(), ["arxiv", "biorxiv", "medrxiv"])
      assert.isFalse(result.files.some((file) => !file.path.startsWith(`${DIGESTS}/`)))
      const tooLarge = result.problems
        .filter((problem) => problem.code === "file-too-large")
        .map((p) => p.file)
      assert.include(tooLarge, `${DIGESTS}/2024-09-04-arxiv.md`)
      assert.include(tooLarge, `${DIGESTS}/2025-10-06.md`)
      assert.include(codes(result), "file-name")
      // Oversized files are judged by the tree's size and never downloaded.
      const blobs = requestsSince(fake, 0).filter((line) => line.includes("/git/blobs/")).length
      assert.strictEqual(blobs, result.files.length)
      assert.isAtMost(result.files.length, 20)
    })
  )

  it.effect("a file that is not UTF-8 is a problem, reported again without refetching", () =>
    Effect.gen(function* () {
      const path = `${DIGESTS}/2026-09-01-arxiv.md`
      fake.repo.put(path, Uint8Array.from([0x23, 0x20, 0xff, 0xfe, 0x0a]))
      const first = yield* syncOnce({ fake, folder })
      assert.deepStrictEqual(
        first.problems.map((p) => [p.file, p.code, p.severity]),
        [[path, "not-utf8", "error"]]
      )
      assert.notInclude(
        first.files.map((file) => file.path),
        path
      )
      const second = yield* syncOnce({ fake, folder })
      assert.strictEqual(second.requests, 1)
      assert.deepStrictEqual(codes(second), ["not-utf8"])
    })
  )

  it.effect("a BOM survives the mirror byte for byte and is dropped from the content", () =>
    Effect.gen(function* () {
      const path = `${DIGESTS}/2026-09-02-arxiv.md`
      fake.repo.put(path, "\uFEFF# arXiv 2026-09-02\n")
      const first = yield* syncOnce({ fake, folder })
      assert.strictEqual(yield* readText(first, path), "# arXiv 2026-09-02\n")
      const second = yield* syncOnce({ fake, folder })
      assert.strictEqual(second.requests, 1)
      assert.deepStrictEqual(second.changed, [])
    })
  )

  it.effect(
    "a damaged mirror heals: a lost file is fetched again, a truncated one when read, a lost state is rebuilt from the mirror",
    () =>
      Effect.gen(function* () {
        yield* syncOnce({ fake, folder })
        const lost = `${DIGESTS}/2025-07-04-arxiv.md`
        rmSync(join(folder, "digests", lost))
        const tampered = `${DIGESTS}/2025-07-05-arxiv.md`
        const original = readFileSync(join(folder, "digests", tampered))
        writeFileSync(join(folder, "digests", tampered), "tampered")
        const from = fake.log.length
        const healed = yield* syncOnce({ fake, folder })
        // the listing and the lost file: the mirror is checked by one listing, not a stat per file
        assert.strictEqual(healed.requests, 2, requestsSince(fake, from).join("\n"))
        assert.deepStrictEqual(healed.changed, [])
        assert.strictEqual(healed.files.length, F)
        const beforeRead = fake.log.length
        assert.strictEqual(yield* readText(healed, tampered), original.toString("utf8"))
        assert.match(requestsSince(fake, beforeRead).join("\n"), /^200 GET .*\/git\/blobs\/[0-9a-f]{40}$/)
        assert.deepStrictEqual(readFileSync(join(folder, "digests", tampered)), original)
        // A crash before the state was written: the mirror's blob SHAs still say what is there.
        rmSync(join(folder, "github-sync.json"))
        const rebuilt = yield* syncOnce({ fake, folder })
        assert.strictEqual(rebuilt.requests, 2)
        assert.strictEqual(rebuilt.files.length, F)
      })
  )

  it.effect(
    "a warm sync reads no mirrored text; a copy altered in place is caught when read and fetched again",
    () =>
      Effect.gen(function* () {
        yield* syncOnce({ fake, folder })
        const path = `${DIGESTS}/2025-07-05-arxiv.md`
        const file = join(folder, "digests", path)
        const original = readFileSync(file)
        // Same size, other bytes: nothing a stat can see.
        const altered = Buffer.from(original.toString("utf8").replace("a", "b"))
        assert.strictEqual(altered.byteLength, original.byteLength)
        writeFileSync(file, altered)
        const reads: Array<string> = []
        const warm = yield* syncOnce({ fake, folder, fileReads: reads })
        assert.strictEqual(warm.requests, 1)
        assert.deepStrictEqual(
          reads.filter((read) => read.includes("/digests/")),
          []
        )
        const from = fake.log.length
        assert.strictEqual(yield* readText(warm, path), original.toString("utf8"))
        assert.match(requestsSince(fake, from).join("\n"), /^200 GET .*\/git\/blobs\/[0-9a-f]{40}$/)
        assert.deepStrictEqual(readFileSync(file), original)
      })
  )

  it.effect("a truncated recursive tree falls back to walking the glob's folders", () =>
    Effect.gen(function* () {
      yield* Effect.promise(() => restartFake({ treeLimit: 30 }))
      const result = yield* syncOnce({ fake, folder })
      assert.deepStrictEqual(codes(result), ["listing-truncated"])
      assert.strictEqual(result.files.length, F)
      const trees = requestsSince(fake, 0).filter((line) => line.includes("/git/trees/"))
      assert.strictEqual(trees.length, 4, trees.join("\n"))
      const warm = yield* syncOnce({ fake, folder })
      assert.strictEqual(warm.requests, 1)
    })
  )

  it.effect("an unknown repository is a SourceError naming it", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(syncOnce({ fake, folder, source: { repo: "Nope" } }))
      assert.strictEqual(error._tag, "SourceError")
      assert.include(error.message, "Lcollection/Nope@main")
      assert.include(error.message, "not found")
    })
  )
})
