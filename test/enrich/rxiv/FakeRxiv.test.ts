/** RxivClient over real HTTP against the loopback FakeRxiv: the wire, one kept-alive connection, faults. */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Logger, LogLevel } from "effect"
import { IsoDate } from "../../../src/domain/IsoDate.ts"
import type { RxivServer } from "../../../src/domain/RxivMetadata.ts"
import { fetchRxivMetadata } from "../../../src/enrich/rxiv/fetchRxivMetadata.ts"
import { planRxivRequests, type RxivPlan } from "../../../src/enrich/rxiv/planRxivRequests.ts"
import { RxivClient, type RxivClientOptions } from "../../../src/enrich/rxiv/RxivClient.ts"
import type { FakeRxivServerOptions } from "../../fakes/FakeRxiv.ts"
import { makeRxivFakeApi, type RxivFault } from "../../fakes/RxivFakeApi.ts"
import { fakeRxivScoped, loopbackRxivClientLayer } from "../../fakes/RxivFakeLayer.ts"

const FAST: RxivClientOptions = {
  spacing: "30 millis",
  requestTimeout: "500 millis",
  retries: 3,
  backoffBase: "20 millis",
  backoffCap: "100 millis"
}

const perDoi = (server: RxivServer, dois: ReadonlyArray<string>): RxivPlan =>
  planRxivRequests(
    dois.map((doi) => ({ server, doi, postedOn: null })),
    { pageSize: 30, versionsPerDay: () => 0 }
  )

const synthetic = (n: number) =>
  Array.from({ length: n }, (_, i) => `10.1101/2025.03.04.${String(i + 1).padStart(6, "0")}`)

const fetchOverWire = (plan: RxivPlan, fake: FakeRxivServerOptions = {}, client: RxivClientOptions = FAST) =>
  Effect.gen(function* () {
    const server = yield* fakeRxivScoped(fake)
    const report = yield* Effect.flatMap(RxivClient, (rxiv) =>
      fetchRxivMetadata(rxiv, plan, { budget: "1 minute" })
    ).pipe(Effect.provide(loopbackRxivClientLayer(server, client)), Logger.withMinimumLogLevel(LogLevel.None))
    return { server, report }
  })

describe("RxivClient over loopback HTTP", () => {
  it.scopedLive(
    "sends GET /details/{server}/{doi}/na/json on one kept-alive connection, at least 1 s apart on the server's clock",
    () =>
      Effect.gen(function* () {
        const dois = ["10.64898/2026.04.29.721673", ...synthetic(2)]
        const { server, report } = yield* fetchOverWire(
          perDoi("biorxiv", dois),
          {},
          { requestTimeout: "5 seconds", retries: 0 }
        )
        assert.deepStrictEqual(
          server.log.map((entry) => [entry.path, entry.status]),
          [
            ["/details/biorxiv/10.1101/2025.03.04.000001/na/json", 200],
            ["/details/biorxiv/10.1101/2025.03.04.000002/na/json", 200],
            ["/details/biorxiv/10.64898/2026.04.29.721673/na/json", 200]
          ]
        )
        for (let i = 1; i < server.log.length; i++)
          assert.isAtLeast((server.log[i]?.time ?? 0) - (server.log[i - 1]?.time ?? 0), 1000)
        assert.strictEqual(server.connections(), 1)
        assert.match(server.log[0]?.userAgent ?? "", /^digest-feeds\/0\.1 \(/)
        assert.strictEqual(report.found.find((r) => r.doi === dois[0])?.version, 2)
      })
  )

  const faults: Array<[string, RxivFault]> = [
    ["a hang", { kind: "hang" }],
    ["a reset connection", { kind: "reset" }],
    ["an HTTP 500", { kind: "status", status: 500 }],
    ["an empty body", { kind: "empty" }],
    ["the 2002 text", { kind: "error-2002" }],
    ["a malformed body", { kind: "malformed" }]
  ]
  for (const [name, fault] of faults) {
    it.scopedLive(`recovers from ${name} on the wire`, () =>
      Effect.gen(function* () {
        const { server, report } = yield* fetchOverWire(perDoi("medrxiv", synthetic(2)), { faults: [fault] })
        assert.strictEqual(report.found.length, 2)
        assert.deepStrictEqual(report.pending, [])
        assert.strictEqual(server.log.length, 3)
        assert.strictEqual(server.log[1]?.path, server.log[0]?.path)
      })
    )
  }

  it.scopedLive("reads `no posts found` over the wire as not found", () =>
    Effect.gen(function* () {
      const { report } = yield* fetchOverWire(perDoi("biorxiv", synthetic(1)), {
        faults: [{ kind: "no-posts" }]
      })
      assert.deepStrictEqual(report.notFound, [{ server: "biorxiv", doi: synthetic(1)[0] }])
    })
  )

  it.scopedLive("pages an interval over the wire", () =>
    Effect.gen(function* () {
      const wanted = synthetic(40).map((doi) => doi.replace("2025.03.04", "2026.05.02"))
      const plan = planRxivRequests(
        wanted.map((doi) => ({ server: "biorxiv" as const, doi, postedOn: IsoDate.make("2026-05-02") })),
        { pageSize: 30, versionsPerDay: () => 60 }
      )
      const { server, report } = yield* fetchOverWire(plan, {
        posted: { "biorxiv 2026-05-02": wanted },
        postings: () => 20
      })
      assert.deepStrictEqual(
        server.log.map((entry) => [entry.path, entry.records]),
        [
          ["/details/biorxiv/2026-05-02/2026-05-02/0/json", 30],
          ["/details/biorxiv/2026-05-02/2026-05-02/30/json", 30]
        ]
      )
      assert.strictEqual(report.found.length, 40)
      assert.strictEqual(report.requests, 2)
    })
  )

  it("answers a posted DOI asked by itself with the record its day's interval lists", () => {
    // Benchmarks post each archive DOI on its digest day: the per-DOI answer a client falls back to must agree,
    // or a run that asked one way and a run that asked the other would publish different posting dates.
    const [doi] = synthetic(1)
    const api = makeRxivFakeApi({ posted: { "biorxiv 2026-05-02": [doi!] }, postings: () => 3 })
    const records = (path: string) => {
      const reply = api.answer(path, "test", 0)
      assert.strictEqual(reply.kind, "reply")
      const body = JSON.parse(reply.kind === "reply" ? reply.body : "{}") as {
        collection: Array<{ doi: string; date: string }>
      }
      return body.collection.filter((record) => record.doi === doi)
    }
    const listed = records("/details/biorxiv/2026-05-02/2026-05-02/0/json")
    const asked = records(`/details/biorxiv/${doi}/na/json`)
    assert.strictEqual(listed[0]?.date, "2026-05-02")
    assert.deepStrictEqual(asked, listed)
    // A DOI nobody posted still gets the posting date its DOI carries.
    const [other] = synthetic(2).slice(1)
    const unposted = JSON.parse(
      (api.answer(`/details/biorxiv/${other}/na/json`, "test", 0) as { body: string }).body
    ) as { collection: Array<{ date: string }> }
    assert.strictEqual(unposted.collection[0]?.date, "2025-03-04")
  })

  it("posts a DOI posted on several days as a version a day, and answers it by itself with every version", () => {
    const [doi] = synthetic(1)
    const api = makeRxivFakeApi({
      posted: { "biorxiv 2026-06-10": [doi!], "biorxiv 2026-05-02": [doi!] }
    })
    const versions = (path: string) => {
      const reply = api.answer(path, "test", 0)
      const body = JSON.parse(reply.kind === "reply" ? reply.body : "{}") as {
        collection: Array<{ doi: string; date: string; version: string }>
      }
      return body.collection.filter((record) => record.doi === doi).map((r) => `v${r.version} ${r.date}`)
    }
    assert.deepStrictEqual(versions("/details/biorxiv/2026-05-02/2026-05-02/0/json"), ["v1 2026-05-02"])
    assert.deepStrictEqual(versions("/details/biorxiv/2026-06-10/2026-06-10/0/json"), ["v2 2026-06-10"])
    assert.deepStrictEqual(versions(`/details/biorxiv/${doi}/na/json`), ["v1 2026-05-02", "v2 2026-06-10"])
  })
})
