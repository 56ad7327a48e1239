/** A loopback fake of the GitHub REST API (node:http on 127.0.0.1) over an in-memory repository, with faults. */
import { createHash } from "node:crypto"
import { readdirSync, readFileSync } from "node:fs"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { FakeRepo, type RepoFile } from "./GitHubFakeRepo.ts"
import { type FakeResponse, jsonResponse, type RouteContext, route } from "./GitHubFakeRoutes.ts"

export { blobShaOf, type FakeCommit, FakeRepo, type RepoChanges, type RepoFile } from "./GitHubFakeRepo.ts"

/** Injected failures; each applies to the next `times` (default 1) requests whose path+query matches `match`. */
export type FaultKind =
  /** 403 "You have exceeded a secondary rate limit" with Retry-After. */
  | "secondary-403"
  /** 429 secondary rate limit with Retry-After. */
  | "secondary-429"
  /** 403 with x-ratelimit-remaining 0 and a reset `resetInSeconds` ahead (primary rate limit). */
  | "primary"
  /** A 5xx (`status`, default 502). */
  | "server-error"
  /** The right headers, then half the body and a closed connection. */
  | "truncate"
  /** The connection is destroyed before any response. */
  | "reset"
  /** The request is accepted and never answered (until the fake closes). */
  | "hang"
  /** HTTP 200 with a body that is not JSON. */
  | "malformed"

export interface Fault {
  readonly kind: FaultKind
  readonly times?: number
  /** Substring or pattern of the request's path and query; every request when absent. */
  readonly match?: string | RegExp
  readonly retryAfter?: number
  readonly status?: number
  readonly resetInSeconds?: number
}

export interface LogEntry {
  readonly method: string
  /** Path and query, e.g. `/repos/o/r/git/trees/abc?recursive=1`. */
  readonly path: string
  /** HTTP status, 0 when the connection was reset. */
  readonly status: number
  /** The request carried If-None-Match. */
  readonly conditional: boolean
  /** The request carried an Authorization header. */
  readonly authorized: boolean
  readonly fault: FaultKind | null
}

export interface FakeGitHubOptions {
  readonly owner?: string
  readonly repo?: string
  readonly branch?: string
  /** The repository's files; default: the fixture digests (see fixtureRepoFiles). */
  readonly files?: ReadonlyArray<RepoFile>
  readonly latencyMs?: number
  /** Tree listings with more entries come back cut, with `truncated: true` (GitHub: ~100,000). */
  readonly treeLimit?: number
  /** Primary rate limit per hour (default 5000); 304s and codeload downloads are free. */
  readonly quota?: number
  /** When set, requests with another token get 401 (requests without one are served, as for a public repo). */
  readonly token?: string
  readonly perPage?: number
}

export interface FakeGitHub {
  /** Base URL for GITHUB_API_URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string
  readonly repo: FakeRepo
  /** Every request answered so far (a live array). */
  readonly log: ReadonlyArray<LogEntry>
  readonly clearLog: () => void
  /** Replaces the pending faults. */
  readonly setFaults: (faults: ReadonlyArray<Fault>) => void
  readonly setLatency: (ms: number) => void
  /** Sets the primary quota left and when it resets; `remaining: 0` exhausts it until then. */
  readonly setQuota: (quota: { readonly remaining: number; readonly resetInSeconds?: number }) => void
  readonly close: () => Promise<void>
}

const FIXTURES = new URL("../../../shared/fixtures/digests/", import.meta.url)

/** The fixture digests at `docs/daily-papers/NAME`, plus files the default glob must ignore. */
export const fixtureRepoFiles = (): Array<RepoFile> => [
  ...readdirSync(FIXTURES)
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => ({ path: `docs/daily-papers/${name}`, content: readFileSync(new URL(name, FIXTURES)) })),
  { path: "README.md", content: "# Arxiv_Daily\n\nDaily arXiv digests.\n" },
  { path: "docs/other/x.md", content: "not a digest\n" },
  { path: "docs/daily-papers/index.json", content: "[]\n" }
]

/** A fixture file's bytes, e.g. `history/2025-11-11-arxiv.before-rewrite.md`. */
export const fixtureDigest = (name: string): Buffer => readFileSync(new URL(name, FIXTURES))

const nowSeconds = () => Math.floor(Date.now() / 1000)
const PRIMARY = "API rate limit exceeded for 127.0.0.1. (Authenticated requests get a higher rate limit.)"
const RATE_DOCS = "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"
const SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export const startFakeGitHub = async (options: FakeGitHubOptions = {}): Promise<FakeGitHub> => {
  const repo = new FakeRepo(
    options.owner ?? "Lcollection",
    options.repo ?? "Arxiv_Daily",
    options.branch ?? "main",
    options.files ?? fixtureRepoFiles()
  )
  const log: Array<LogEntry> = []
  let faults: Array<Fault & { left: number }> = []
  let latency = options.latencyMs ?? 0
  const limit = options.quota ?? 5000
  const quota = { remaining: limit, reset: nowSeconds() + 3600 }
  const ctx: RouteContext = {
    repo,
    baseUrl: "",
    treeLimit: options.treeLimit ?? 100_000,
    perPage: options.perPage ?? 30,
    tarballs: new Map()
  }

  const rateHeaders = (): Record<string, string> => ({
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(Math.max(0, quota.remaining)),
    "x-ratelimit-reset": String(quota.reset),
    "x-ratelimit-used": String(limit - Math.max(0, quota.remaining)),
    "x-ratelimit-resource": "core"
  })
  const takeFault = (target: string): Fault | undefined => {
    const fault = faults.find(
      (f) =>
        f.left > 0 &&
        (f.match === undefined ||
          (typeof f.match === "string" ? target.includes(f.match) : f.match.test(target)))
    )
    if (fault !== undefined) fault.left -= 1
    return fault
  }

  const answer = (request: IncomingMessage, url: URL, fault: Fault | undefined): FakeResponse => {
    const auth = request.headers.authorization
    if (
      options.token !== undefined &&
      auth !== undefined &&
      auth.replace(/^(token|bearer) /i, "") !== options.token
    ) {
      return jsonResponse(401, { message: "Bad credentials" })
    }
    const api = !url.pathname.startsWith("/_codeload/") && url.pathname !== "/rate_limit"
    if (fault?.kind === "secondary-403" || fault?.kind === "secondary-429") {
      const status = fault.kind === "secondary-403" ? 403 : 429
      return jsonResponse(status, { message: SECONDARY }, { "retry-after": String(fault.retryAfter ?? 1) })
    }
    if (fault?.kind === "primary") {
      // This response alone shows an exhausted window; setQuota models a lasting one.
      return jsonResponse(
        403,
        { message: PRIMARY },
        {
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": String(nowSeconds() + (fault.resetInSeconds ?? 3600))
        }
      )
    }
    if (fault?.kind === "server-error") return jsonResponse(fault.status ?? 502, { message: "Server Error" })
    if (api && quota.reset <= nowSeconds())
      Object.assign(quota, { remaining: limit, reset: nowSeconds() + 3600 })
    if (api && quota.remaining <= 0) {
      return jsonResponse(403, { message: PRIMARY, documentation_url: RATE_DOCS })
    }
    const response = route(ctx, request.method ?? "GET", url, String(request.headers.accept ?? ""))
    if (!response.cacheable) return response
    const etag = `W/"${createHash("sha1").update(String(request.headers.accept)).update(response.body).digest("hex")}"`
    const conditional = request.headers["if-none-match"]
    if (conditional?.split(/\s*,\s*/).includes(etag)) {
      return { status: 304, headers: { etag }, body: Buffer.alloc(0), cacheable: false }
    }
    return { ...response, headers: { ...response.headers, etag } }
  }

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://fake.invalid")
    const target = url.pathname + url.search
    const fault = takeFault(target)
    const entry = {
      method: request.method ?? "GET",
      path: target,
      conditional: request.headers["if-none-match"] !== undefined,
      authorized: request.headers.authorization !== undefined,
      fault: fault?.kind ?? null
    }
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency))
    if (fault?.kind === "reset") {
      log.push({ ...entry, status: 0 })
      request.socket.destroy()
      return
    }
    if (fault?.kind === "hang") {
      // Left unanswered; close() ends the connection (closeAllConnections).
      log.push({ ...entry, status: 0 })
      return
    }
    if (fault?.kind === "malformed") {
      log.push({ ...entry, status: 200 })
      response.writeHead(200, { ...rateHeaders(), "content-type": "application/json; charset=utf-8" })
      response.end('{"sha": "unterminated')
      return
    }
    const answered = answer(request, url, fault)
    const api = !url.pathname.startsWith("/_codeload/") && url.pathname !== "/rate_limit"
    if (api && fault === undefined && answered.status !== 304 && quota.remaining > 0) quota.remaining -= 1
    log.push({ ...entry, status: answered.status })
    response.writeHead(answered.status, {
      ...(api ? rateHeaders() : {}),
      ...answered.headers,
      "content-length": String(answered.body.byteLength)
    })
    if (fault?.kind === "truncate" && answered.body.byteLength > 1) {
      response.write(answered.body.subarray(0, Math.floor(answered.body.byteLength / 2)))
      // Let the half body reach the client before the connection dies.
      setTimeout(() => response.socket?.destroy(), 5)
      return
    }
    response.end(request.method === "HEAD" ? undefined : answered.body)
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "text/plain" })
      response.end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  Object.assign(ctx, { baseUrl: url })

  return {
    url,
    repo,
    log,
    clearLog: () => {
      log.length = 0
    },
    setFaults: (next) => {
      faults = next.map((fault) => ({ ...fault, left: fault.times ?? 1 }))
    },
    setLatency: (ms) => {
      latency = ms
    },
    setQuota: ({ remaining, resetInSeconds }) => {
      quota.remaining = remaining
      quota.reset = nowSeconds() + (resetInSeconds ?? 3600)
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      })
  }
}
