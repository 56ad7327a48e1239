/**
 * Stars, archived flag and description of linked GitHub repositories (pipeline setting `enrich.githubFacts`):
 * one GraphQL query per 50 repositories, cached for a week in `github-facts.json`.
 */
import { Effect, Either, Order, ParseResult, Schema } from "effect"
import { RepoFacts } from "../domain/CodeLink.ts"
import type { IsoDate } from "../domain/IsoDate.ts"
import { IsoDate as IsoDateSchema } from "../domain/IsoDate.ts"
import { GitHub } from "../github/GitHub.ts"
import type { StateStore } from "../state/StateStore.ts"

export const GITHUB_FACTS_FILE = "github-facts.json"
/** Facts older than this many days are asked again. */
export const FACTS_MAX_AGE_DAYS = 7
const PER_QUERY = 50

/** `owner/name`, lowercased: GitHub names are case-insensitive. Undefined for a URL that is not a repository. */
export const repoKey = (url: string): string | undefined => {
  const match = url.match(/^https:\/\/github\.com\/([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/)
  return match === null ? undefined : `${match[1]}/${match[2]}`.toLowerCase()
}

/** One aliased `repository` field per repository; names travel as variables, never spliced into the query. */
export const buildFactsQuery = (keys: ReadonlyArray<string>) => {
  const variables: Record<string, string> = {}
  const declarations: Array<string> = []
  const fields: Array<string> = []
  keys.forEach((key, i) => {
    const [owner = "", name = ""] = key.split("/")
    variables[`o${i}`] = owner
    variables[`n${i}`] = name
    declarations.push(`$o${i}: String!, $n${i}: String!`)
    fields.push(
      `r${i}: repository(owner: $o${i}, name: $n${i}) { nameWithOwner stargazerCount isArchived description }`
    )
  })
  return { query: `query(${declarations.join(", ")}) { ${fields.join(" ")} }`, variables }
}

const RawRepo = Schema.Struct({
  nameWithOwner: Schema.String,
  stargazerCount: Schema.NonNegativeInt,
  isArchived: Schema.Boolean,
  description: Schema.NullOr(Schema.String)
})
/** GraphQL answers 200 with `data` (null for an unknown repository) and `errors` (NOT_FOUND) side by side. */
const RawAnswer = Schema.Struct({
  data: Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.NullOr(RawRepo) })),
  errors: Schema.optional(
    Schema.Array(Schema.Struct({ type: Schema.optional(Schema.String), message: Schema.String }))
  )
})

/** The cached answer for one repository; `facts` null: GitHub does not know it (deleted, private, renamed away). */
export class CachedRepo extends Schema.Class<CachedRepo>("CachedRepo")({
  repo: Schema.String,
  checkedOn: IsoDateSchema,
  facts: Schema.NullOr(RepoFacts)
}) {}
export const GitHubFactsFile = Schema.Struct({ format: Schema.Literal(1), repos: Schema.Array(CachedRepo) })

export interface FactsLookup {
  readonly found: ReadonlyArray<CachedRepo>
  /** Why some or all repositories could not be asked (no token, GitHub down); they are asked next run. */
  readonly failures: ReadonlyArray<string>
  readonly requests: number
}

/** Looks repositories up through the run's one GitHub client (GITHUB_TOKEN, GITHUB_API_URL). */
export class GitHubFacts extends Effect.Service<GitHubFacts>()("enrich/GitHubFacts", {
  effect: Effect.gen(function* () {
    const client = yield* GitHub

    const lookup = Effect.fn("GitHubFacts.lookup")(function* (keys: ReadonlyArray<string>, today: IsoDate) {
      if (keys.length === 0) return { found: [], failures: [], requests: 0 } satisfies FactsLookup
      // GitHub's GraphQL API refuses anonymous callers.
      if (!client.authenticated) {
        return { found: [], failures: ["GitHub's GraphQL API needs GITHUB_TOKEN"], requests: 0 }
      }
      const before = client.requestCount()
      const found: Array<CachedRepo> = []
      const failures: Array<string> = []
      for (let start = 0; start < keys.length; start += PER_QUERY) {
        const batch = keys.slice(start, start + PER_QUERY)
        const { query, variables } = buildFactsQuery(batch)
        const answer = yield* client
          .call("graphql repository facts", (octokit, signal) =>
            octokit.request("POST /graphql", { query, variables, request: { signal } })
          )
          .pipe(
            Effect.flatMap((response) => Schema.decodeUnknown(RawAnswer)(response.data)),
            Effect.either
          )
        if (Either.isLeft(answer)) {
          const error = answer.left
          const message = ParseResult.isParseError(error) ? "an answer GitHub does not send" : error.message
          failures.push(`${batch.length} repositories not looked up: ${message}`)
          continue
        }
        const data = answer.right.data ?? {}
        batch.forEach((repo, i) => {
          const raw = data[`r${i}`]
          // An alias missing from `data` means the query failed for it; only an explicit null is "not found".
          if (raw === undefined) return
          const facts =
            raw === null
              ? null
              : RepoFacts.make({
                  nameWithOwner: raw.nameWithOwner,
                  stars: raw.stargazerCount,
                  archived: raw.isArchived,
                  description:
                    raw.description === null || raw.description.trim() === "" ? null : raw.description,
                  checkedOn: today
                })
          found.push(CachedRepo.make({ repo, checkedOn: today, facts }))
        })
      }
      return { found, failures, requests: client.requestCount() - before } satisfies FactsLookup
    })

    return { lookup } as const
  })
}) {}

/** The facts cache by repository key; a corrupt file is moved aside and rebuilt. */
export const loadFactsCache = (store: StateStore) =>
  store
    .readOrRebuild(GITHUB_FACTS_FILE, GitHubFactsFile)
    .pipe(Effect.map((file) => new Map((file?.repos ?? []).map((entry) => [entry.repo, entry] as const))))

export const saveFactsCache = (store: StateStore, cache: ReadonlyMap<string, CachedRepo>) =>
  store.write(GITHUB_FACTS_FILE, GitHubFactsFile, {
    format: 1,
    repos: [...cache.values()].sort(Order.mapInput(Order.string, (entry: CachedRepo) => entry.repo))
  })
