/** The few GitHub REST endpoints the sync needs, decoded and checked: ref, tree, blob, tarball. */
import { type Effect, Schema } from "effect"
import { RequestError } from "octokit"
import { BadResponse, type GitHubClient, type GitHubError } from "../github/GitHubClient.ts"
import { gitBlobSha } from "./GitBlob.ts"
import { extractTarball } from "./Tarball.ts"

/** One entry of a git tree listing. */
export class TreeEntry extends Schema.Class<TreeEntry>("TreeEntry")({
  path: Schema.String,
  mode: Schema.String,
  type: Schema.String,
  sha: Schema.String,
  size: Schema.optional(Schema.Number)
}) {}

/** GET /repos/{owner}/{repo}/git/trees/{sha}: `truncated` when GitHub cut a large listing short. */
export class GitTree extends Schema.Class<GitTree>("GitTree")({
  sha: Schema.String,
  truncated: Schema.Boolean,
  tree: Schema.Array(TreeEntry)
}) {}

/** GET /repos/{owner}/{repo}/commits/{ref}, the part the sync reads: the SHA and when it was committed. */
const CommitJson = Schema.Struct({
  sha: Schema.String.pipe(Schema.pattern(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/)),
  commit: Schema.Struct({ committer: Schema.NullOr(Schema.Struct({ date: Schema.String })) })
})

const decodeTree = Schema.decodeUnknownSync(GitTree)
const decodeCommit = Schema.decodeUnknownSync(CommitJson)

/** The ref's commit, or `null` when the ETag still matches (a 304, which costs no rate limit). */
export interface ResolvedRef {
  readonly sha: string
  readonly etag: string | null
  /** The committer date (ISO 8601), when GitHub gives one: how fresh the feeds are is measured from it. */
  readonly commitTime: string | null
}

const readBody = async (body: unknown, limit: number): Promise<Uint8Array> => {
  if (body === null || typeof body !== "object" || !(Symbol.asyncIterator in body)) {
    throw new BadResponse("response has no body")
  }
  const chunks: Array<Uint8Array> = []
  let size = 0
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength
    if (size > limit) throw new BadResponse(`body larger than ${limit} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** The repository's endpoints bound to one client, owner and repo. */
export const makeRepoApi = (client: GitHubClient, owner: string, repo: string) => {
  const where = `${owner}/${repo}`

  /**
   * GET /repos/{o}/{r}/commits/{ref}, conditional on the last ETag. The JSON form (not the bare-SHA media type)
   * because it carries the committer date; it is only paid for when the ref moved, since a 304 is free.
   */
  const resolveRef = (ref: string, etag: string | null): Effect.Effect<ResolvedRef | null, GitHubError> =>
    client.call(`resolve ${where}@${ref}`, async (octokit, signal) => {
      try {
        const response = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}", {
          owner,
          repo,
          ref,
          headers: etag === null ? {} : { "if-none-match": etag },
          request: { signal }
        })
        let commit: typeof CommitJson.Type
        try {
          commit = decodeCommit(response.data)
        } catch (error) {
          throw new BadResponse(`not a commit: ${String(error).slice(0, 200)}`)
        }
        return {
          sha: commit.sha,
          etag: response.headers.etag ?? null,
          commitTime: commit.commit.committer?.date ?? null
        }
      } catch (cause) {
        if (cause instanceof RequestError && cause.status === 304) return null
        throw cause
      }
    })

  /** GET /repos/{o}/{r}/git/trees/{sha}, recursive or one folder. */
  const tree = (sha: string, recursive: boolean): Effect.Effect<GitTree, GitHubError> =>
    client.call(`list ${where} tree ${sha.slice(0, 12)}`, async (octokit, signal) => {
      const response = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
        owner,
        repo,
        tree_sha: sha,
        ...(recursive ? { recursive: "1" } : {}),
        request: { signal }
      })
      try {
        return decodeTree(response.data)
      } catch (error) {
        throw new BadResponse(`malformed tree listing: ${String(error).slice(0, 200)}`)
      }
    })

  /** GET /repos/{o}/{r}/git/blobs/{sha} in the raw media type; the bytes are checked against the SHA. */
  const blob = (sha: string, path: string, limit: number): Effect.Effect<Uint8Array, GitHubError> =>
    client.call(`fetch ${where}/${path}`, async (octokit, signal) => {
      const response = await octokit.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", {
        owner,
        repo,
        file_sha: sha,
        headers: { accept: "application/vnd.github.raw+json" },
        request: { signal, parseSuccessResponseBody: false }
      })
      const bytes = await readBody(response.data, limit)
      if (gitBlobSha(bytes) !== sha) throw new BadResponse(`content does not match blob ${sha}`)
      return bytes
    })

  /**
   * GET /repos/{o}/{r}/tarball/{sha} (a redirect to codeload, followed), streamed: files whose path and blob
   * SHA are in `expected` go to `onFile` as they arrive (the download waits while the files it has not finished
   * taking hold more than Tarball's MAX_PENDING_BYTES), anything else is skipped unread.
   */
  const tarball = (
    sha: string,
    expected: ReadonlyMap<string, string>,
    onFile: (path: string, bytes: Uint8Array) => Promise<void> | undefined
  ): Effect.Effect<void, GitHubError> =>
    client.call(`download ${where} tarball ${sha.slice(0, 12)}`, async (octokit, signal) => {
      const response = await octokit.request("GET /repos/{owner}/{repo}/tarball/{ref}", {
        owner,
        repo,
        ref: sha,
        request: { signal, parseSuccessResponseBody: false }
      })
      const body = response.data as unknown
      if (body === null || typeof body !== "object" || !(Symbol.asyncIterator in body)) {
        throw new BadResponse("tarball response has no body")
      }
      await extractTarball(
        body as AsyncIterable<Uint8Array>,
        (path) => expected.has(path),
        (path, bytes) => (gitBlobSha(bytes) === expected.get(path) ? onFile(path, bytes) : undefined)
      )
    })

  return { resolveRef, tree, blob, tarball } as const
}

/** The endpoints of one repository. */
export type RepoApi = ReturnType<typeof makeRepoApi>
