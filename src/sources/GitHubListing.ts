/** Lists the glob-matched files of a commit: one recursive tree request, or a folder walk when GitHub truncates it. */
import { Effect } from "effect"
import type { Problem } from "../domain/Problem.ts"
import type { GitHubError } from "../github/GitHubClient.ts"
import { fileProblem } from "./DigestRules.ts"
import type { RepoApi, TreeEntry } from "./GitHubRepoApi.ts"
import { type GlobStep, globFolderSteps, globMatcher, isSafeRelativePath } from "./Glob.ts"

/** A glob-matched file of the listed commit. */
export interface ListedFile {
  readonly path: string
  readonly sha: string
  readonly size: number
}

export interface Listing {
  readonly files: ReadonlyArray<ListedFile>
  /** False when even the folder walk was cut short by GitHub: some files may be missing. */
  readonly complete: boolean
  readonly problems: ReadonlyArray<Problem>
}

const byPath = (a: ListedFile, b: ListedFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)

/** Lists `commit` and keeps the regular files matching any of `globs` (symlinks and submodules are not digests). */
export const listCommit = Effect.fn("GitHubListing.list")(function* (
  api: RepoApi,
  commit: string,
  globs: ReadonlyArray<string>,
  label: string
) {
  const matchers = globs.map(globMatcher)
  const matches = (path: string) => matchers.some((matcher) => matcher(path))
  const pick = (prefix: string, entries: ReadonlyArray<TreeEntry>): Array<ListedFile> =>
    entries.flatMap((entry) => {
      const path = prefix + entry.path
      return entry.type === "blob" && entry.mode !== "120000" && matches(path) && isSafeRelativePath(path)
        ? [{ path, sha: entry.sha, size: entry.size ?? 0 }]
        : []
    })
  const whole = yield* api.tree(commit, true)
  if (!whole.truncated) return { files: pick("", whole.tree).sort(byPath), complete: true, problems: [] }

  // GitHub truncates recursive listings past ~100,000 entries or 7 MB: list only the glob's folders instead.
  let complete = true
  let requests = 0
  const listOnce = (sha: string, recursive: boolean) =>
    api.tree(sha, recursive).pipe(
      Effect.tap((tree) => {
        requests += 1
        if (tree.truncated) complete = false
      })
    )
  const walk = (
    sha: string,
    prefix: string,
    steps: ReadonlyArray<GlobStep>
  ): Effect.Effect<Array<ListedFile>, GitHubError> =>
    Effect.gen(function* () {
      const [step, ...rest] = steps
      if (step === undefined || step._tag === "AnyDepth") {
        return pick(prefix, (yield* listOnce(sha, step !== undefined)).tree)
      }
      const folders = (yield* listOnce(sha, false)).tree.filter(
        (entry) =>
          entry.type === "tree" &&
          (step._tag === "Literal" ? entry.path === step.name : step.test(entry.path))
      )
      const nested = yield* Effect.forEach(folders, (folder) =>
        walk(folder.sha, `${prefix}${folder.path}/`, rest)
      )
      return nested.flat()
    })
  // Each glob walks its own folders; a file two globs match is listed once.
  const walked = yield* Effect.forEach(globs, (glob) => walk(commit, "", globFolderSteps(glob)))
  const unique = new Map(walked.flat().map((file) => [file.path, file] as const))
  const files = [...unique.values()].sort(byPath)
  const problem = complete
    ? fileProblem(
        label,
        "listing-truncated",
        "warning",
        `the recursive tree was truncated by GitHub; listed the matching folders instead (${requests} requests)`
      )
    : fileProblem(
        label,
        "listing-incomplete",
        "error",
        "GitHub truncated the listing of a matching folder; files past the cut are missing from this sync"
      )
  return { files, complete, problems: [problem] }
})

/** The commit a sync serves and its glob-matched files. */
export interface Plan {
  readonly commit: string
  readonly etag: string | null
  readonly commitTime: string | null
  readonly files: ReadonlyArray<ListedFile>
  readonly complete: boolean
  readonly problems: ReadonlyArray<Problem>
}
