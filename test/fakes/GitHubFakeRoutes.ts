/** The REST endpoints of the fake GitHub API: commits and refs, trees, blobs, contents, tarball via codeload. */

import type { FakeCommit, FakeRepo, TreeItem } from "./GitHubFakeRepo.ts"
import { buildTarball, tarballPrefix } from "./GitHubFakeTar.ts"

/** A response before faults and conditional requests are applied. */
export interface FakeResponse {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: Buffer
  /** Conditional requests (ETag) apply to this response. */
  readonly cacheable: boolean
}

export interface RouteContext {
  readonly repo: FakeRepo
  readonly baseUrl: string
  readonly treeLimit: number
  readonly perPage: number
  readonly tarballs: Map<string, Buffer>
}

const JSON_TYPE = "application/json; charset=utf-8"

export const jsonResponse = (
  status: number,
  value: unknown,
  headers: Record<string, string> = {}
): FakeResponse => ({
  status,
  headers: { "content-type": JSON_TYPE, ...headers },
  body: Buffer.from(JSON.stringify(value)),
  cacheable: status === 200
})

export const notFound = (): FakeResponse =>
  jsonResponse(404, {
    message: "Not Found",
    documentation_url: "https://docs.github.com/rest",
    status: "404"
  })

const raw = (contentType: string, body: Buffer): FakeResponse => ({
  status: 200,
  headers: { "content-type": contentType },
  body,
  cacheable: true
})

// GitHub wraps base64 content at 60 characters.
const base64Lines = (bytes: Buffer): string =>
  (bytes.toString("base64").match(/.{1,60}/g) ?? []).join("\n") + "\n"

const treeJson = (ctx: RouteContext, sha: string, items: ReadonlyArray<TreeItem>) => {
  const truncated = items.length > ctx.treeLimit
  const api = `${ctx.baseUrl}/repos/${ctx.repo.owner}/${ctx.repo.name}/git`
  return {
    sha,
    url: `${api}/trees/${sha}`,
    tree: items.slice(0, ctx.treeLimit).map((item) => ({
      path: item.path,
      mode: item.type === "tree" ? "040000" : "100644",
      type: item.type,
      sha: item.sha,
      ...(item.size === undefined ? {} : { size: item.size }),
      url: `${api}/${item.type === "tree" ? "trees" : "blobs"}/${item.sha}`
    })),
    truncated
  }
}

/** GitHub writes commit times as `2026-11-30T23:31:00Z`. */
const isoTime = (seconds: number): string => new Date(seconds * 1000).toISOString().replace(".000Z", "Z")

const commitJson = (ctx: RouteContext, commit: FakeCommit) => ({
  sha: commit.sha,
  url: `${ctx.baseUrl}/repos/${ctx.repo.owner}/${ctx.repo.name}/commits/${commit.sha}`,
  commit: {
    author: { name: "Fake Bot", email: "bot@example.invalid", date: isoTime(commit.time) },
    committer: { name: "Fake Bot", email: "bot@example.invalid", date: isoTime(commit.time) },
    message: commit.message,
    tree: { sha: commit.root }
  },
  parents: commit.parent === null ? [] : [{ sha: commit.parent }]
})

const contentsEntry = (ctx: RouteContext, item: TreeItem, path: string) => ({
  type: item.type === "tree" ? "dir" : "file",
  name: item.name,
  path,
  sha: item.sha,
  size: item.size ?? 0,
  url: `${ctx.baseUrl}/repos/${ctx.repo.owner}/${ctx.repo.name}/contents/${path}`
})

const contents = (ctx: RouteContext, commit: FakeCommit, path: string, accept: string): FakeResponse => {
  const { repo } = ctx
  const folder = repo.treeAt(commit, path)
  if (folder !== undefined) {
    const items = repo.trees.get(folder) ?? []
    return jsonResponse(
      200,
      items.map((item) => contentsEntry(ctx, item, path === "" ? item.name : `${path}/${item.name}`))
    )
  }
  const sha = commit.files.get(path)
  if (sha === undefined) return notFound()
  const bytes = repo.blobs.get(sha)!
  if (accept.includes("vnd.github.raw")) return raw("application/vnd.github.raw", bytes)
  const item: TreeItem = { name: path.split("/").pop()!, path, type: "blob", sha, size: bytes.byteLength }
  return jsonResponse(200, {
    ...contentsEntry(ctx, item, path),
    encoding: "base64",
    content: base64Lines(bytes)
  })
}

const commitsPage = (ctx: RouteContext, url: URL): FakeResponse => {
  const start = ctx.repo.resolve(url.searchParams.get("sha") ?? ctx.repo.branch)
  if (start === undefined) return notFound()
  const history: Array<FakeCommit> = []
  for (let at: FakeCommit | undefined = start; at !== undefined; ) {
    history.push(at)
    at = at.parent === null ? undefined : ctx.repo.commits.get(at.parent)
  }
  const perPage = Math.min(100, Number(url.searchParams.get("per_page")) || ctx.perPage)
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1)
  const last = Math.max(1, Math.ceil(history.length / perPage))
  const link = (n: number, rel: string) => {
    const next = new URL(url.href)
    next.searchParams.set("per_page", String(perPage))
    next.searchParams.set("page", String(n))
    return `<${ctx.baseUrl}${next.pathname}${next.search}>; rel="${rel}"`
  }
  const links = [
    ...(page < last ? [link(page + 1, "next"), link(last, "last")] : []),
    ...(page > 1 ? [link(1, "first"), link(page - 1, "prev")] : [])
  ]
  const items = history.slice((page - 1) * perPage, page * perPage).map((commit) => commitJson(ctx, commit))
  return jsonResponse(200, items, links.length > 0 ? { link: links.join(", ") } : {})
}

/** Answers one request of the fake API (after faults, before ETags). */
export const route = (ctx: RouteContext, method: string, url: URL, accept: string): FakeResponse => {
  const { repo } = ctx
  if (method !== "GET" && method !== "HEAD") return jsonResponse(405, { message: "Method not allowed" })
  const path = decodeURIComponent(url.pathname)
  if (path === "/rate_limit") return jsonResponse(200, { resources: {} })
  const codeload = path.match(/^\/_codeload\/([^/]+)\/([^/]+)\/legacy\.tar\.gz\/(.+)$/)
  if (codeload !== null) {
    const commit =
      codeload[1] === repo.owner && codeload[2] === repo.name ? repo.resolve(codeload[3]!) : undefined
    if (commit === undefined) return notFound()
    let tarball = ctx.tarballs.get(commit.sha)
    if (tarball === undefined) {
      tarball = buildTarball(repo, commit)
      if (ctx.tarballs.size >= 4) ctx.tarballs.delete(ctx.tarballs.keys().next().value!)
      ctx.tarballs.set(commit.sha, tarball)
    }
    const name = tarballPrefix(repo, commit).slice(0, -1)
    return {
      status: 200,
      headers: {
        "content-type": "application/x-gzip",
        "content-disposition": `attachment; filename=${name}.tar.gz`
      },
      body: tarball,
      cacheable: false
    }
  }
  const prefix = `/repos/${repo.owner}/${repo.name}`
  if (!path.startsWith(`${prefix}/`) && path !== prefix) return notFound()
  const rest = path.slice(prefix.length)
  if (rest === "/commits") return commitsPage(ctx, url)
  for (const [pattern, handler] of repoRoutes) {
    const match = rest.match(pattern)
    if (match !== null) return handler(ctx, match, url, accept)
  }
  return notFound()
}

type RepoRoute = (ctx: RouteContext, match: RegExpMatchArray, url: URL, accept: string) => FakeResponse

const repoRoutes: ReadonlyArray<readonly [RegExp, RepoRoute]> = [
  [
    /^\/commits\/(.+)$/,
    (ctx, match, _url, accept) => {
      const commit = ctx.repo.resolve(match[1]!)
      if (commit === undefined) return jsonResponse(422, { message: `No commit found for SHA: ${match[1]}` })
      return accept.includes("vnd.github.sha")
        ? raw("application/vnd.github.sha; charset=utf-8", Buffer.from(commit.sha))
        : jsonResponse(200, commitJson(ctx, commit))
    }
  ],
  [
    /^\/(git\/refs?\/heads|branches)\/(.+)$/,
    ({ repo }, match) => {
      if (match[2] !== repo.branch) return notFound()
      return match[1] === "branches"
        ? jsonResponse(200, { name: repo.branch, commit: { sha: repo.head } })
        : jsonResponse(200, { ref: `refs/heads/${repo.branch}`, object: { sha: repo.head, type: "commit" } })
    }
  ],
  [
    /^\/git\/trees\/(.+)$/,
    (ctx, match, url) => {
      const { repo } = ctx
      const treeSha = repo.trees.has(match[1]!) ? match[1]! : repo.resolve(match[1]!)?.root
      if (treeSha === undefined) return notFound()
      // GitHub lists recursively for any value of `recursive`.
      const items = url.searchParams.has("recursive")
        ? repo.walk(treeSha)
        : [...(repo.trees.get(treeSha) ?? [])]
      return jsonResponse(200, treeJson(ctx, treeSha, items))
    }
  ],
  [
    /^\/git\/blobs\/([0-9a-f]{40})$/,
    ({ repo }, match, _url, accept) => {
      const bytes = repo.blobs.get(match[1]!)
      if (bytes === undefined) return notFound()
      if (accept.includes("vnd.github.raw")) return raw("application/vnd.github.raw", bytes)
      return jsonResponse(200, {
        sha: match[1],
        size: bytes.byteLength,
        encoding: "base64",
        content: base64Lines(bytes)
      })
    }
  ],
  [
    /^\/contents(?:\/(.*))?$/,
    (ctx, match, url, accept) => {
      const commit = ctx.repo.resolve(url.searchParams.get("ref") ?? ctx.repo.branch)
      if (commit === undefined) return notFound()
      return contents(ctx, commit, (match[1] ?? "").replace(/\/+$/, ""), accept)
    }
  ],
  [
    /^\/tarball(?:\/(.+))?$/,
    ({ repo, baseUrl }, match) => {
      const commit = repo.resolve(match[1] ?? repo.branch)
      if (commit === undefined) return notFound()
      const location = `${baseUrl}/_codeload/${repo.owner}/${repo.name}/legacy.tar.gz/${commit.sha}`
      return {
        status: 302,
        headers: { location, "content-type": "text/html" },
        body: Buffer.alloc(0),
        cacheable: false
      }
    }
  ]
]
