/**
 * The answers of a fake api.biorxiv.org `details` endpoint, shared by the loopback server (FakeRxiv.ts) and the
 * in-memory HttpClient (RxivFakeLayer.ts). Records come from the SYNTHETIC fixtures in test/fixtures/rxiv-api
 * (shaped after https://api.biorxiv.org/details/help); unknown DOIs and each day's other postings get SYNTHETIC
 * records whose titles say so. Faults are injected per request from a queue; every request is logged.
 */
import { readdirSync, readFileSync } from "node:fs"

export type RxivFault =
  | { readonly kind: "ok" }
  /** HTTP 5xx or 429, with a Retry-After header when given. */
  | { readonly kind: "status"; readonly status: number; readonly retryAfter?: string }
  /** HTTP 200 with an empty body. */
  | { readonly kind: "empty" }
  /** HTTP 200 with `Error : (2002) Connection refused` (the database is down). */
  | { readonly kind: "error-2002" }
  /** HTTP 200 with the first half of the real answer (broken JSON). */
  | { readonly kind: "malformed" }
  /** HTTP 200 `no posts found`, whatever was asked. */
  | { readonly kind: "no-posts" }
  /** Never answers. */
  | { readonly kind: "hang" }
  /** The connection is destroyed without an answer. */
  | { readonly kind: "reset" }

export interface FakeRxivRequest {
  /** Arrival time on the fake's clock, in milliseconds. */
  readonly time: number
  readonly path: string
  readonly kind: "doi" | "interval" | "other"
  readonly server: string
  readonly doi: string | null
  readonly interval: string | null
  readonly cursor: number | null
  readonly fault: RxivFault["kind"]
  /** HTTP status sent, or null when none was (hang, reset). */
  readonly status: number | null
  /** Records in the answer. */
  readonly records: number
  readonly userAgent: string
}

export interface RxivFakeOptions {
  /** Records per interval page (2026 answers hold 30; the help page says 100). */
  readonly pageSize?: number
  /** Synthetic versions the server posted on a day besides the recorded and `posted` ones (default 0). */
  readonly postings?: (server: string, date: string) => number
  /**
   * DOIs posted (SYNTHETIC records) on a day: keys `server date`, e.g. `biorxiv 2026-05-01`. A DOI posted on
   * several days is version 1 on the first, 2 on the second, and so on, each listed in its own day's interval
   * (as the API lists a revision on its posting day); asked by itself, it answers every version.
   */
  readonly posted?: Readonly<Record<string, ReadonlyArray<string>>>
  /** Answer unknown well-formed DOIs with a synthetic record (default true); otherwise `no posts found`. */
  readonly synthesize?: boolean
  /** Send `count` as the interval's total instead of the page's size (the help page's wording allows both). */
  readonly countIsTotal?: boolean
  /**
   * List a day's versions in a stable pseudo-random order instead of by DOI, so the DOIs a client wants are
   * spread over the day's pages as on a real day rather than all first (bench:rxiv uses it).
   */
  readonly interleave?: boolean
  /**
   * Answer a DOI with the versions posted by the request's day only, reading the fake's clock as epoch
   * milliseconds (the TestClock of the in-memory layer), so a revision appears on its posting day.
   */
  readonly asOfClock?: boolean
  /** DOIs always answered `no posts found`. */
  readonly missing?: Iterable<string>
  readonly faults?: ReadonlyArray<RxivFault>
  /** The fault of every request once the queue is empty (default ok). */
  readonly afterQueue?: RxivFault
}

export type FakeReply =
  | {
      readonly kind: "reply"
      readonly status: number
      readonly body: string
      readonly headers: Readonly<Record<string, string>>
    }
  | { readonly kind: "hang" }
  | { readonly kind: "reset" }

type RawRecord = Record<string, unknown> & { readonly doi: string; readonly date: string }

const FIXTURES = new URL("../fixtures/rxiv-api/", import.meta.url)
export const NO_POSTS = readFileSync(new URL("details-no-posts-found.json", FIXTURES), "utf8")
export const OUTAGE_2002 = readFileSync(new URL("outage-2002.txt", FIXTURES), "utf8")
const DOI = /^10\.\d{4,9}\/\S+$/

export const readRxivFixture = (name: string): string => readFileSync(new URL(name, FIXTURES), "utf8")

/** Recorded records by `server doi`, every version, from the fixture answers (the broken one left out). */
const catalogue = (): Map<string, Array<RawRecord>> => {
  const records = new Map<string, Array<RawRecord>>()
  for (const name of readdirSync(FIXTURES)
    .filter((file) => file.startsWith("details-"))
    .sort()) {
    const answer = JSON.parse(readRxivFixture(name)) as { collection: Array<RawRecord> }
    for (const record of answer.collection) {
      if (!DOI.test(record.doi)) continue
      const server = typeof record.server === "string" ? record.server.toLowerCase() : "biorxiv"
      const key = `${server} ${record.doi.toLowerCase()}`
      const versions = records.get(key) ?? []
      // The interval page repeats a version of a per-DOI answer: the API lists each version once.
      if (!versions.some((held) => String(held.version) === String(record.version))) versions.push(record)
      records.set(key, versions)
    }
  }
  return records
}

/** A SYNTHETIC version (default 1) of `doi`, posted on `date` (default: the date in the DOI). */
export const syntheticRecord = (server: string, doi: string, date?: string, version = 1): RawRecord => {
  const dated = doi.match(/\/(\d{4})\.(\d{2})\.(\d{2})\./)
  const posted = date ?? (dated === null ? "2019-01-01" : `${dated[1]}-${dated[2]}-${dated[3]}`)
  return {
    doi,
    title: `Synthetic record ${doi} (FakeRxiv, not ${server} data)`,
    authors: "Synthetic, A.; Example, B. C.",
    author_corresponding: "B. C. Example",
    author_corresponding_institution: "SYNTHETIC",
    date: posted,
    version: String(version),
    type: "new results",
    license: "cc_by",
    category: server === "medrxiv" ? "epidemiology" : "neuroscience",
    jatsxml: `https://www.${server}.org/content/early/${posted.replaceAll("-", "/")}/${doi.split("/")[1]}.source.xml`,
    abstract: `SYNTHETIC abstract made by test/fakes/RxivFakeApi.ts for ${doi}; not real data.`,
    funder: "NA",
    published: "NA",
    server
  }
}

/** A stable pseudo-random sort key for a DOI (FNV-1a, hex). */
const scramble = (doi: string): string => {
  let hash = 0x811c9dc5
  for (let i = 0; i < doi.length; i++) hash = Math.imul(hash ^ doi.charCodeAt(i), 0x01000193) >>> 0
  return `${hash.toString(16).padStart(8, "0")}${doi}`
}

const datesFrom = (from: string, to: string): Array<string> => {
  const out: Array<string> = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10))
  return out
}

export interface RxivFakeApi {
  readonly answer: (path: string, userAgent: string, time: number) => FakeReply
  readonly log: ReadonlyArray<FakeRxivRequest>
  readonly setFaults: (faults: ReadonlyArray<RxivFault>, afterQueue?: RxivFault) => void
}

export const makeRxivFakeApi = (options: RxivFakeOptions = {}): RxivFakeApi => {
  const pageSize = options.pageSize ?? 30
  const recorded = catalogue()
  const missing = new Set(options.missing ?? [])
  // The days each posted DOI was posted on, ascending (version 1 on the first), so both ways of asking agree
  // on its records (the API's do).
  const postedDays = new Map<string, Array<string>>()
  for (const [key, dois] of Object.entries(options.posted ?? {}).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0
  )) {
    const [server, date] = key.split(" ")
    for (const doi of dois) {
      const days = postedDays.get(`${server} ${doi.toLowerCase()}`) ?? []
      if (!days.includes(date ?? "")) days.push(date ?? "")
      postedDays.set(`${server} ${doi.toLowerCase()}`, days)
    }
  }
  const versionOn = (server: string, doi: string, date: string): number =>
    (postedDays.get(`${server} ${doi.toLowerCase()}`)?.indexOf(date) ?? 0) + 1
  const log: Array<FakeRxivRequest> = []
  let queue = [...(options.faults ?? [])]
  let afterQueue: RxivFault = options.afterQueue ?? { kind: "ok" }

  /** Every version posted on `server` in [from, to], in posting order then DOI order (or scrambled). */
  const listIn = (server: string, from: string, to: string): Array<RawRecord> => {
    const out: Array<RawRecord> = []
    for (const [key, records] of recorded)
      if (key.startsWith(`${server} `)) out.push(...records.filter((r) => r.date >= from && r.date <= to))
    for (const date of datesFrom(from, to)) {
      for (const doi of options.posted?.[`${server} ${date}`] ?? [])
        out.push(syntheticRecord(server, doi, date, versionOn(server, doi, date)))
      const others = options.postings?.(server, date) ?? 0
      const digits = server === "medrxiv" ? 7 : 5
      for (let i = 0; i < others; i++)
        out.push(
          syntheticRecord(server, `10.1101/${date.replaceAll("-", ".")}.9${String(i).padStart(digits, "0")}`)
        )
    }
    const keyed = out.map((record) => ({
      record,
      key: `${record.date} ${options.interleave ? scramble(record.doi) : record.doi}`
    }))
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    return keyed.map(({ record }) => record)
  }
  // An interval's listing is the same for each of its pages: built once (the benchmark pages long intervals).
  const listings = new Map<string, Array<RawRecord>>()
  const postedIn = (server: string, from: string, to: string): Array<RawRecord> => {
    const key = `${server} ${from} ${to}`
    const held = listings.get(key) ?? listIn(server, from, to)
    listings.set(key, held)
    return held
  }

  const json = (status: number, value: unknown) => ({
    kind: "reply" as const,
    status,
    body: JSON.stringify(value),
    headers: { "content-type": "application/json; charset=UTF-8" }
  })
  const noPosts = { kind: "reply" as const, status: 200, body: NO_POSTS, headers: {} }

  const route = (segments: ReadonlyArray<string>) => {
    const server = (segments[1] ?? "").toLowerCase()
    if (segments[0] !== "details" || (server !== "biorxiv" && server !== "medrxiv"))
      return { kind: "other" as const, server }
    if ((segments[2] ?? "").startsWith("10.")) {
      const doi = `${segments[2]}/${segments[3] ?? ""}`.toLowerCase()
      return { kind: "doi" as const, server, doi }
    }
    return {
      kind: "interval" as const,
      server,
      from: segments[2] ?? "",
      to: segments[3] ?? "",
      cursor: Number(segments[4] ?? "0")
    }
  }

  const answer = (path: string, userAgent: string, time: number): FakeReply => {
    const target = route(path.split("/").filter((segment) => segment !== ""))
    const fault = queue.shift() ?? afterQueue
    const entry = {
      time,
      path,
      kind: target.kind,
      server: target.server,
      doi: target.kind === "doi" ? target.doi : null,
      interval: target.kind === "interval" ? `${target.from}..${target.to}` : null,
      cursor: target.kind === "interval" ? target.cursor : null,
      fault: fault.kind,
      userAgent
    }
    const sent = (reply: FakeReply, records = 0): FakeReply => {
      log.push({ ...entry, status: reply.kind === "reply" ? reply.status : null, records })
      return reply
    }
    if (target.kind === "other") return sent({ kind: "reply", status: 404, body: "not found", headers: {} })
    switch (fault.kind) {
      case "hang":
      case "reset":
        return sent({ kind: fault.kind })
      case "status": {
        const headers: Record<string, string> =
          fault.retryAfter === undefined ? {} : { "retry-after": fault.retryAfter }
        return sent({ kind: "reply", status: fault.status, body: "Internal Server Error", headers })
      }
      case "empty":
        return sent({ kind: "reply", status: 200, body: "", headers: {} })
      case "error-2002":
        return sent({
          kind: "reply",
          status: 200,
          body: OUTAGE_2002,
          headers: { "content-type": "text/html" }
        })
      case "no-posts":
        return sent(noPosts)
    }
    let reply: FakeReply
    let records = 0
    if (target.kind === "doi") {
      // A DOI asked under the other server is answered with its record, which names the server it is on.
      const other = target.server === "biorxiv" ? "medrxiv" : "biorxiv"
      const known = recorded.get(`${target.server} ${target.doi}`) ?? recorded.get(`${other} ${target.doi}`)
      const posted = postedDays.get(`${target.server} ${target.doi}`)
      const today = new Date(time).toISOString().slice(0, 10)
      const collection = (
        known ??
        (posted !== undefined
          ? posted.map((date, index) => syntheticRecord(target.server, target.doi, date, index + 1))
          : options.synthesize !== false && DOI.test(target.doi)
            ? [syntheticRecord(target.server, target.doi)]
            : [])
      ).filter((record) => options.asOfClock !== true || record.date <= today)
      if (missing.has(target.doi) || collection.length === 0) reply = noPosts
      else {
        records = collection.length
        reply = json(200, { messages: [{ status: "ok" }], collection })
      }
    } else {
      const all = postedIn(target.server, target.from, target.to)
      const page = all.slice(target.cursor, target.cursor + pageSize)
      if (page.length === 0) reply = noPosts
      else {
        records = page.length
        const message = {
          status: "ok",
          interval: `${target.from}:${target.to}`,
          cursor: String(target.cursor),
          count: options.countIsTotal ? all.length : page.length,
          count_new_papers: String(all.filter((record) => record.version === "1").length),
          total: String(all.length)
        }
        reply = json(200, { messages: [message], collection: page })
      }
    }
    if (fault.kind === "malformed" && reply.kind === "reply")
      return sent({ ...reply, body: reply.body.slice(0, Math.floor(reply.body.length / 2)) })
    return sent(reply, records)
  }

  return {
    answer,
    log,
    setFaults: (faults, after = { kind: "ok" }) => {
      queue = [...faults]
      afterQueue = after
    }
  }
}
