/** The fake arXiv itself: it must answer like the recordings, or the client tests prove nothing. */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { decodeArxivFeed } from "../../src/enrich/decodeArxivFeed.ts"
import { fakeArxivScoped } from "../fakes/ArxivFakeLayer.ts"
import { apiAtomFiles, readApiAtom } from "./arxivFixtures.ts"

const get = (url: string) =>
  Effect.promise(() => fetch(url).then(async (r) => ({ status: r.status, body: await r.text() })))
const decode = (body: string) => {
  const feed = decodeArxivFeed(body)
  if (Either.isLeft(feed)) throw new Error(feed.left.message)
  return feed.right
}

describe("FakeArxiv", () => {
  it.scopedLive("serves every recorded entry so that it decodes exactly as in its recording", () =>
    Effect.gen(function* () {
      const fake = yield* fakeArxivScoped()
      const recorded = apiAtomFiles().flatMap((file) => decode(readApiAtom(file)).entries)
      assert.strictEqual(fake.recordedIds.length, recorded.length)
      const ids = recorded.map((entry) => entry.id)
      const { status, body } = yield* get(`${fake.url}?id_list=${ids.join(",")}&max_results=${ids.length}`)
      assert.strictEqual(status, 200)
      const served = decode(body).entries
      assert.deepStrictEqual(
        [...served].sort((a, b) => (a.id < b.id ? -1 : 1)),
        [...recorded].sort((a, b) => (a.id < b.id ? -1 : 1))
      )
      assert.notDeepEqual(
        served.map((entry) => entry.id),
        ids,
        "entries come back shuffled"
      )
    })
  )

  it.scopedLive(
    "defaults max_results to 10, labels synthetic entries, and shuffles reproducibly per seed",
    () =>
      Effect.gen(function* () {
        const ids = Array.from({ length: 15 }, (_, i) => `2601.${String(i).padStart(5, "0")}`)
        const orders: Array<Array<string>> = []
        for (const seed of [3, 3]) {
          const fake = yield* fakeArxivScoped({ seed })
          const feed = decode((yield* get(`${fake.url}?id_list=${ids.join(",")}`)).body)
          assert.strictEqual(feed.entries.length, 10)
          assert.isTrue(feed.entries.every((entry) => /^Synthetic entry .* not arXiv data/.test(entry.title)))
          assert.isTrue(feed.entries.every((entry) => entry.abstract.startsWith("SYNTHETIC")))
          orders.push(feed.entries.map((entry) => entry.id))
        }
        assert.deepStrictEqual(orders[0], orders[1])
      })
  )

  it.scopedLive("answers a malformed id with arXiv's 400 error feed and unknown ids with nothing", () =>
    Effect.gen(function* () {
      const fake = yield* fakeArxivScoped({ synthesize: false })
      const bad = yield* get(`${fake.url}?id_list=abc&max_results=1`)
      assert.strictEqual(bad.status, 400)
      assert.deepStrictEqual(decode(bad.body).errors, [{ id: "abc", message: "incorrect id format for abc" }])
      const unknown = decode((yield* get(`${fake.url}?id_list=2601.00001,0000.0000&max_results=2`)).body)
      assert.deepStrictEqual([unknown.entries, unknown.totalResults], [[], 0])
      assert.deepStrictEqual(
        fake.log.map((entry) => [entry.method, entry.status, entry.entries]),
        [
          ["GET", 400, 1],
          ["GET", 200, 0]
        ]
      )
    })
  )
})
