/** GitHub repository facts (githubFacts): one batched GraphQL query, cached for a week, off by default. */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Logger, LogLevel } from "effect"
import type { Paper } from "../../src/domain/Paper.ts"
import { EnrichSettings } from "../../src/domain/Pipeline.ts"
import { Enricher } from "../../src/enrich/Enricher.ts"
import { buildFactsQuery, GITHUB_FACTS_FILE, repoKey } from "../../src/enrich/GitHubFacts.ts"
import { GitHub } from "../../src/github/GitHub.ts"
import { FAST_CLIENT, fakeArxivScoped } from "../fakes/ArxivFakeLayer.ts"
import { paper, stateStoreLayer, tempStateDir, withDay } from "./enrichFixtures.ts"
import { type FakeGraphql, startFakeGraphql } from "./githubGraphqlFake.ts"

const REPOS = {
  "thu-nics/c2c": {
    nameWithOwner: "thu-nics/C2C",
    stargazerCount: 321,
    isArchived: false,
    description: "Cache"
  },
  "carlanlark/lp-reg": {
    nameWithOwner: "CarlanLark/Lp-Reg",
    stargazerCount: 12,
    isArchived: true,
    description: " "
  }
}

const graphqlScoped = Effect.acquireRelease(
  Effect.promise(() => startFakeGraphql(REPOS)),
  (fake) => Effect.promise(() => fake.close())
)

const papers: ReadonlyArray<Paper> = [
  paper("2510.03215", { abstract: "代码已开源：https://github.com/thu-nics/C2C。" }),
  paper("2510.03222", {
    abstract: "代码：https://github.com/CarlanLark/Lp-Reg。另见 https://github.com/gone/away"
  }),
  paper("2510.03216", { abstract: "项目页：https://x.github.io/y/" })
]

interface Run {
  readonly token?: string
  readonly githubFacts?: boolean
  readonly offline?: boolean
  readonly day?: string
}

const enrichWith = (graphql: FakeGraphql, folder: string, run: Run = {}) =>
  Effect.gen(function* () {
    const arxiv = yield* fakeArxivScoped()
    const config = new Map([
      ["ARXIV_API_URL", arxiv.url],
      ["GITHUB_API_URL", graphql.url],
      ...(run.token === undefined ? [] : [["GITHUB_TOKEN", run.token] as const])
    ])
    const settings = EnrichSettings.make({ arxiv: false, githubFacts: run.githubFacts ?? true })
    const layer = Enricher.layer({ settings, offline: run.offline ?? false }, { arxiv: FAST_CLIENT }).pipe(
      Layer.provide(GitHub.Default({ retryBaseMillis: 5, retries: 0 })),
      Layer.provide(stateStoreLayer(folder)),
      Layer.provide(NodeHttpClient.layerUndici),
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(config)))
    )
    const result = yield* Effect.flatMap(Enricher, (enricher) => enricher.enrich(papers)).pipe(
      Effect.provide(layer),
      withDay(run.day ?? "2025-10-07T06:00:00Z"),
      Logger.withMinimumLogLevel(LogLevel.Error)
    )
    assert.strictEqual(arxiv.log.length, 0, "arxiv is off in these runs")
    return result
  })

const factsOf = (result: {
  papers: ReadonlyArray<{ codeLinks: ReadonlyArray<{ url: string; repository?: unknown }> }>
}) =>
  result.papers.flatMap((item) =>
    item.codeLinks.map((link) => [
      link.url,
      link.repository === undefined ? null : { ...(link.repository as object) }
    ])
  )

describe("GitHub repository facts", () => {
  it("builds one aliased query with the names as variables", () => {
    const { query, variables } = buildFactsQuery(["a/b", "c-d/e.f"])
    assert.strictEqual(
      query,
      "query($o0: String!, $n0: String!, $o1: String!, $n1: String!) { r0: repository(owner: $o0, name: $n0) { nameWithOwner stargazerCount isArchived description } r1: repository(owner: $o1, name: $n1) { nameWithOwner stargazerCount isArchived description } }"
    )
    assert.deepStrictEqual(variables, { o0: "a", n0: "b", o1: "c-d", n1: "e.f" })
    assert.strictEqual(repoKey("https://github.com/Thu-Nics/C2C"), "thu-nics/c2c")
    assert.isUndefined(repoKey("https://github.com/a/b/c"))
  })

  it.scopedLive(
    "looks every linked repository up in one query, caches it, and reuses the cache for a week",
    () =>
      Effect.gen(function* () {
        const graphql = yield* graphqlScoped
        const folder = tempStateDir()
        const first = yield* enrichWith(graphql, folder, { token: "t0ken" })
        assert.deepStrictEqual(graphql.log, [
          { repos: ["carlanlark/lp-reg", "gone/away", "thu-nics/c2c"], authorization: "token t0ken" }
        ])
        assert.strictEqual(first.githubRequests, 1)
        assert.deepStrictEqual(factsOf(first), [
          [
            "https://github.com/thu-nics/C2C",
            {
              nameWithOwner: "thu-nics/C2C",
              stars: 321,
              archived: false,
              description: "Cache",
              checkedOn: "2025-10-07"
            }
          ],
          [
            "https://github.com/CarlanLark/Lp-Reg",
            {
              nameWithOwner: "CarlanLark/Lp-Reg",
              stars: 12,
              archived: true,
              description: null,
              checkedOn: "2025-10-07"
            }
          ],
          ["https://github.com/gone/away", null],
          ["https://x.github.io/y", null]
        ])
        assert.deepStrictEqual(first.problems, [])
        const cached = JSON.parse(readFileSync(join(folder, GITHUB_FACTS_FILE), "utf8")) as {
          repos: Array<{ repo: string; facts: unknown }>
        }
        assert.deepStrictEqual(
          cached.repos.map((entry) => [entry.repo, entry.facts === null]),
          [
            ["carlanlark/lp-reg", false],
            ["gone/away", true],
            ["thu-nics/c2c", false]
          ]
        )

        const sameWeek = yield* enrichWith(graphql, folder, { token: "t0ken", day: "2025-10-13T06:00:00Z" })
        assert.deepStrictEqual([sameWeek.githubRequests, graphql.log.length], [0, 1])
        assert.deepStrictEqual(factsOf(sameWeek), factsOf(first))
        const offline = yield* enrichWith(graphql, folder, { offline: true, day: "2025-10-20T06:00:00Z" })
        assert.deepStrictEqual([offline.githubRequests, graphql.log.length], [0, 1])
        assert.deepStrictEqual(factsOf(offline), factsOf(first))
        const weekLater = yield* enrichWith(graphql, folder, { token: "t0ken", day: "2025-10-14T06:00:00Z" })
        assert.deepStrictEqual([weekLater.githubRequests, graphql.log.length], [1, 2])
      })
  )

  it.scopedLive("is off by default, and without a token it asks nothing and says why", () =>
    Effect.gen(function* () {
      const graphql = yield* graphqlScoped
      const off = yield* enrichWith(graphql, tempStateDir(), { token: "t0ken", githubFacts: false })
      assert.deepStrictEqual([off.githubRequests, off.problems], [0, []])
      assert.isFalse(EnrichSettings.make({}).githubFacts)
      const folder = tempStateDir()
      const anonymous = yield* enrichWith(graphql, folder)
      assert.deepStrictEqual(
        anonymous.problems.map((p) => [p.code, p.message]),
        [["github-facts-failed", "GitHub's GraphQL API needs GITHUB_TOKEN"]]
      )
      assert.strictEqual(graphql.log.length, 0)
      assert.isTrue(factsOf(anonymous).every(([, facts]) => facts === null))
      assert.isFalse(existsSync(join(folder, GITHUB_FACTS_FILE)))
    })
  )

  it.scopedLive("when GitHub fails, the run goes on without facts and asks again next time", () =>
    Effect.gen(function* () {
      const graphql = yield* graphqlScoped
      graphql.failNext(20, 502)
      const folder = tempStateDir()
      const failed = yield* enrichWith(graphql, folder, { token: "t0ken" })
      assert.deepStrictEqual(
        failed.problems.map((p) => p.code),
        ["github-facts-failed"]
      )
      assert.isTrue(factsOf(failed).every(([, facts]) => facts === null))
      graphql.failNext(0, 502)
      const retried = yield* enrichWith(graphql, folder, { token: "t0ken" })
      assert.deepStrictEqual(retried.problems, [])
      assert.strictEqual(factsOf(retried).filter(([, facts]) => facts !== null).length, 2)
    })
  )
})
