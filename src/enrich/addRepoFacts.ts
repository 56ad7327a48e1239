/** Attaches cached or freshly looked-up GitHub repository facts to the `github` code links of enriched papers. */
import { Effect, Either } from "effect"
import { CodeLink } from "../domain/CodeLink.ts"
import { EnrichedPaper } from "../domain/EnrichedPaper.ts"
import type { IsoDate } from "../domain/IsoDate.ts"
import { addDays } from "../domain/IsoDate.ts"
import { Problem } from "../domain/Problem.ts"
import type { StateStore } from "../state/StateStore.ts"
import {
  type CachedRepo,
  FACTS_MAX_AGE_DAYS,
  GITHUB_FACTS_FILE,
  type GitHubFacts,
  loadFactsCache,
  repoKey,
  saveFactsCache
} from "./GitHubFacts.ts"

export interface RepoFactsContext {
  readonly store: StateStore
  readonly facts: GitHubFacts
  readonly today: IsoDate
  /** False: cached facts only, no request. */
  readonly online: boolean
}

const factsWarning = (file: string, code: string, message: string) =>
  Problem.make({ file, line: 0, code, severity: "warning", message })

export const addRepoFacts = Effect.fn("addRepoFacts")(function* (
  papers: ReadonlyArray<EnrichedPaper>,
  context: RepoFactsContext
) {
  const problems: Array<Problem> = []
  const keys = [
    ...new Set(
      papers.flatMap((item) =>
        item.codeLinks.flatMap((link) => (link.kind === "github" ? (repoKey(link.url) ?? []) : []))
      )
    )
  ].sort()
  const loaded = yield* Effect.either(loadFactsCache(context.store))
  if (Either.isLeft(loaded)) {
    problems.push(
      factsWarning(GITHUB_FACTS_FILE, "github-facts-cache", `cannot read: ${String(loaded.left.cause)}`)
    )
  }
  const cache = new Map<string, CachedRepo>(Either.isRight(loaded) ? loaded.right : [])
  const staleBefore = addDays(context.today, -FACTS_MAX_AGE_DAYS)
  const due = keys.filter((key) => (cache.get(key)?.checkedOn ?? staleBefore) <= staleBefore)
  let requests = 0
  if (context.online && due.length > 0) {
    const result = yield* context.facts.lookup(due, context.today)
    requests = result.requests
    for (const failure of result.failures)
      problems.push(factsWarning("github", "github-facts-failed", failure))
    for (const entry of result.found) cache.set(entry.repo, entry)
    if (result.found.length > 0 && Either.isRight(loaded)) {
      const saved = yield* Effect.either(saveFactsCache(context.store, cache))
      if (Either.isLeft(saved)) {
        problems.push(
          factsWarning(GITHUB_FACTS_FILE, "github-facts-cache", `cannot write: ${String(saved.left.cause)}`)
        )
      }
    }
  }
  const withFacts = papers.map((item) => {
    if (!item.codeLinks.some((link) => link.kind === "github")) return item
    const codeLinks = item.codeLinks.map((link) => {
      const key = link.kind === "github" ? repoKey(link.url) : undefined
      const facts = key === undefined ? null : (cache.get(key)?.facts ?? null)
      return facts === null ? link : CodeLink.make({ ...link, repository: facts })
    })
    return EnrichedPaper.make({ ...item, codeLinks })
  })
  return { papers: withFacts, problems, requests }
})
