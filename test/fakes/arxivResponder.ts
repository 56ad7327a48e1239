/**
 * What the fake arXiv API answers, apart from how the answer travels (a loopback socket in FakeArxiv.ts, an
 * in-memory HttpClient in InMemoryArxiv.ts). It answers with the real recorded entries of
 * ../shared/fixtures/arxiv/api-atom; ids it has no recording for get a SYNTHETIC entry built from the real
 * 2104.12255v1 entry (title and abstract say so), unless listed as missing. Faults are injected per request
 * from a queue; every request is logged with its arrival time on the transport's clock.
 */
import { readdirSync, readFileSync } from "node:fs"

export type ArxivFault =
  | { readonly kind: "ok" }
  /** HTTP 429 or 503 (or another 5xx), with a Retry-After header when given (seconds or an HTTP date). */
  | { readonly kind: "status"; readonly status: number; readonly retryAfter?: string }
  /** HTTP 200 with the plain body `Rate exceeded.` (what arXiv's throttle sometimes answers). */
  | { readonly kind: "rate-exceeded" }
  /** Never answers; the socket stays open until the client gives up or the fake closes. */
  | { readonly kind: "hang" }
  /** HTTP 200 with the first half of the real response. */
  | { readonly kind: "truncated" }
  /** HTTP 200, but the first `drop` requested ids (default: half) are missing from the feed. */
  | { readonly kind: "partial"; readonly drop?: number }
  /** HTTP 400 with arXiv's error feed naming the first requested id. */
  | { readonly kind: "error-400" }
  /** The connection is destroyed without an answer. */
  | { readonly kind: "reset" }

export interface FakeArxivRequest {
  /** Arrival time on the fake's clock, in milliseconds. */
  readonly time: number
  readonly method: string
  readonly ids: ReadonlyArray<string>
  readonly maxResults: number | null
  readonly fault: ArxivFault["kind"]
  /** HTTP status sent, or null when none was (hang, reset). */
  readonly status: number | null
  /** Entries in the answer. */
  readonly entries: number
  readonly userAgent: string
  readonly contentType: string
}

export interface FakeArxivOptions {
  readonly seed?: number
  /** Delay before each answer, in milliseconds. */
  readonly latencyMs?: number
  /** The server's clock in milliseconds (default: performance.now()). */
  readonly clock?: () => number
  /** Answer unknown well-formed ids with synthetic entries (default true); otherwise they are missing. */
  readonly synthesize?: boolean
  /** Version-less ids arXiv does not know (simply absent). Default: the ids the recordings show as absent. */
  readonly missing?: Iterable<string>
  /** Version to answer for synthetic ids (default: the requested version, else 1). */
  readonly versions?: Readonly<Record<string, number>>
  readonly faults?: ReadonlyArray<ArxivFault>
  /** The fault of every request once the queue is empty (default ok). */
  readonly afterQueue?: ArxivFault
}

/** The fake's state and answers, shared by both transports. */
export interface ArxivResponder {
  readonly log: ReadonlyArray<FakeArxivRequest>
  /** Ids with a real recorded entry. */
  readonly recordedIds: ReadonlyArray<string>
  /** Replaces the fault queue; `afterQueue` applies once it is used up. */
  readonly setFaults: (faults: ReadonlyArray<ArxivFault>, afterQueue?: ArxivFault) => void
  /** From now on, answer this version for a synthetic id (a new version was announced). */
  readonly setVersion: (id: string, version: number) => void
  /** Logs the request and decides its answer. */
  readonly answer: (request: ArxivQuery) => ArxivAnswer
}

/** One request as it arrived: `params` are the query string of a GET or the form body of a POST. */
export interface ArxivQuery {
  readonly time: number
  readonly method: string
  readonly path: string
  readonly params: URLSearchParams
  readonly userAgent: string
  readonly contentType: string
}

/** A GET of `id_list` with `max_results=100` at time 0, for callers that ask the responder directly. */
export const idListQuery = (ids: ReadonlyArray<string>, userAgent = ""): ArxivQuery => ({
  time: 0,
  method: "GET",
  path: "/api/query",
  params: new URLSearchParams({ id_list: ids.join(","), max_results: "100" }),
  userAgent,
  contentType: ""
})

export type ArxivAnswer =
  | {
      readonly kind: "respond"
      readonly status: number
      readonly headers: Readonly<Record<string, string>>
      readonly body: string
    }
  /** Send nothing and keep the connection open. */
  | { readonly kind: "hang" }
  /** Drop the connection without an answer. */
  | { readonly kind: "reset" }

const FIXTURES = new URL("../../../shared/fixtures/arxiv/api-atom/", import.meta.url)
const ID = /^((?:\d{4}\.\d{4,5})|(?:[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7}))(?:v(\d+))?$/
const ENTRY_ID = /<id>https?:\/\/arxiv\.org\/abs\/(.+?)v(\d+)<\/id>/

/** Recorded entries by version-less id, as the XML text arXiv sent. */
export const recordedEntries = (): Map<string, string> => {
  const entries = new Map<string, string>()
  for (const name of readdirSync(FIXTURES).sort()) {
    const xml = readFileSync(new URL(name, FIXTURES), "utf8")
    for (const match of xml.matchAll(/<entry>[\s\S]*?<\/entry>/g)) {
      const id = match[0].match(ENTRY_ID)?.[1]
      if (id !== undefined) entries.set(id, match[0])
    }
  }
  return entries
}

export const TEMPLATE_ID = "2104.12255"
const ERROR_FEED = readFileSync(new URL("arxivpy_2026_error_400_id_abc.xml", FIXTURES), "utf8")

/** The template entry with another id, version, title and abstract (given as XML text, already escaped). */
export const syntheticEntry = (
  template: string,
  id: string,
  version: number,
  xml: { readonly title?: string; readonly summary?: string } = {}
): string =>
  template
    .replaceAll(`${TEMPLATE_ID}v1`, `${id}v${version}`)
    .replace(
      /<title>[\s\S]*?<\/title>/,
      () => `<title>${xml.title ?? `Synthetic entry ${id} (FakeArxiv, not arXiv data)`}</title>`
    )
    .replace(
      /<summary>[\s\S]*?<\/summary>/,
      () =>
        `<summary>${xml.summary ?? `SYNTHETIC abstract made by test/fakes/FakeArxiv.ts for ${id}v${version}; not real arXiv data.`}</summary>`
    )

/** The feed the fake answers with around the given entries. */
export const answerFeed = (
  ids: ReadonlyArray<string>,
  entries: ReadonlyArray<string>,
  maxResults: number
): string =>
  `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/fake</id>
  <title>arXiv Query: search_query=&amp;id_list=${ids.join(",")}&amp;start=0&amp;max_results=${maxResults}</title>
  <updated>2026-04-12T22:09:26Z</updated>
  <opensearch:itemsPerPage>${maxResults}</opensearch:itemsPerPage>
  <opensearch:totalResults>${entries.length}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  ${entries.join("\n  ")}
</feed>
`

/** mulberry32: a small seeded generator, so the "any order" arXiv answers in is reproducible. */
const random = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const shuffled = <A>(items: ReadonlyArray<A>, next: () => number): Array<A> => {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    const swap = out[i] as A
    out[i] = out[j] as A
    out[j] = swap
  }
  return out
}

export const makeArxivResponder = (options: FakeArxivOptions = {}): ArxivResponder => {
  const recorded = recordedEntries()
  const template = recorded.get(TEMPLATE_ID) ?? ""
  const missing = new Set(options.missing ?? ["0000.0000", "0808.05394"])
  const next = random(options.seed ?? 1)
  const versions = new Map(Object.entries(options.versions ?? {}))
  const log: Array<FakeArxivRequest> = []
  let queue = [...(options.faults ?? [])]
  let afterQueue: ArxivFault = options.afterQueue ?? { kind: "ok" }

  const entryFor = (requested: string): string | undefined => {
    const match = requested.match(ID)
    const id = match?.[1]
    if (id === undefined || missing.has(id)) return undefined
    const real = recorded.get(id)
    if (real !== undefined) return real
    if (options.synthesize === false) return undefined
    return syntheticEntry(template, id, versions.get(id) ?? Number(match?.[2] ?? 1))
  }

  const answer = (request: ArxivQuery): ArxivAnswer => {
    const { params } = request
    const ids = (params.get("id_list") ?? "").split(",").filter((id) => id !== "")
    const maxParam = params.get("max_results")
    const maxResults = maxParam === null ? null : Number(maxParam)
    const fault = queue.shift() ?? afterQueue
    const entry = { time: request.time, method: request.method, ids, maxResults, fault: fault.kind }
    const meta = { userAgent: request.userAgent, contentType: request.contentType }
    const record = (status: number | null, entries = 0) => log.push({ ...entry, ...meta, status, entries })
    const send = (status: number, body: string, headers: Record<string, string> = {}): ArxivAnswer => ({
      kind: "respond",
      status,
      headers: { "content-type": "application/atom+xml; charset=utf-8", ...headers },
      body
    })
    if (request.path !== "/api/query") {
      record(404)
      return send(404, "not found", { "content-type": "text/plain" })
    }
    switch (fault.kind) {
      case "hang":
        record(null)
        return { kind: "hang" }
      case "reset":
        record(null)
        return { kind: "reset" }
      case "status": {
        record(fault.status)
        const headers: Record<string, string> = { "content-type": "text/plain" }
        if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter
        return send(fault.status, `HTTP ${fault.status}`, headers)
      }
      case "rate-exceeded":
        record(200)
        return send(200, "Rate exceeded.", { "content-type": "text/plain" })
      case "error-400":
        record(400, 1)
        return send(400, ERROR_FEED.replaceAll("abc", ids[0] ?? ""))
    }
    const malformed = ids.find((id) => !ID.test(id))
    if (malformed !== undefined) {
      record(400, 1)
      return send(400, ERROR_FEED.replaceAll("abc", malformed))
    }
    const limit = maxResults ?? 10
    const drop = fault.kind === "partial" ? (fault.drop ?? Math.floor(ids.length / 2)) : 0
    const entries = ids
      .slice(drop)
      .map(entryFor)
      .filter((text): text is string => text !== undefined)
      .slice(0, limit)
    const body = answerFeed(ids, shuffled(entries, next), limit)
    record(200, fault.kind === "truncated" ? 0 : entries.length)
    return send(200, fault.kind === "truncated" ? body.slice(0, Math.floor(body.length / 2)) : body)
  }

  return {
    log,
    recordedIds: [...recorded.keys()].sort(),
    setFaults: (faults, after = { kind: "ok" }) => {
      queue = [...faults]
      afterQueue = after
    },
    setVersion: (id, version) => {
      versions.set(id, version)
    },
    answer
  }
}
