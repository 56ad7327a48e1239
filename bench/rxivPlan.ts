/**
 * `npm run bench:rxiv`: what the bioRxiv/medRxiv request plan costs on the real archive. Reads the upstream's
 * `*-biorxiv.md` / `*-medrxiv.md` digests (a regex over `[PDF](` links, enough for counting), then plans the
 * first backfill (every distinct DOI) and each of the last 7 nights (DOIs never seen before), printing the
 * requests of the per-DOI way, the interval way, the chosen plan and the lower bound, and the time they take.
 * Options: --digests DIR (default ../upstream/docs/daily-papers), --page-size N (default 30),
 * --spacing S (seconds from one answer's end to the next request, default 1), --answer S (assumed seconds per
 * answer, default 1: not measured here, tests never reach the API), --night-minutes M (default 45), --json.
 * Then it runs the backfill's plan and each night's through the real client against the loopback fake API
 * (bench/rxivWire.ts) and prints the requests made next to the plan's estimate and the lower bound
 * (--no-wire skips that).
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { IsoDate } from "../src/domain/IsoDate.ts"
import type { RxivServer } from "../src/domain/RxivMetadata.ts"
import { planRxivRequests, type RxivPlan, type WantedDoi } from "../src/enrich/rxiv/planRxivRequests.ts"
import { measureOnFake, type WireMeasure } from "./rxivWire.ts"

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(name)
  return at < 0 ? fallback : (process.argv[at + 1] ?? fallback)
}
const root = new URL("..", import.meta.url).pathname
const folder = argument("--digests", join(root, "../upstream/docs/daily-papers"))
const pageSize = Number(argument("--page-size", "30"))
const spacing = Number(argument("--spacing", "1"))
const answer = Number(argument("--answer", "1"))
const nightMinutes = Number(argument("--night-minutes", "45"))
/** Seconds per request: the client waits `spacing` after each answer ends. */
const perRequest = spacing + answer
const SERVERS: ReadonlyArray<RxivServer> = ["biorxiv", "medrxiv"]
// Layout A (2024-09-04..2025-02-23) listed every version a server posted that day: its row counts are the
// archive's own measure of the daily volume the interval way pages through.
const LAYOUT_A_END = "2025-02-23"

interface Day {
  readonly date: IsoDate
  readonly rows: number
  readonly dois: ReadonlyArray<string>
}

const PDF_LINK =
  /\[PDF\]\((?:https?:\/\/doi\.org\/|https?:\/\/www\.(?:bio|med)rxiv\.org\/content\/)([^)\s]+?)(?:v\d+\.full\.pdf)?\)/g

const readDays = (server: RxivServer): Array<Day> =>
  readdirSync(folder)
    .filter((name) => name.endsWith(`-${server}.md`))
    .sort()
    .map((name) => {
      const text = readFileSync(join(folder, name), "utf8")
      const dois = [...text.matchAll(PDF_LINK)].map((match) => (match[1] ?? "").toLowerCase())
      return { date: IsoDate.make(name.slice(0, 10)), rows: (text.match(/\[PDF\]\(/g) ?? []).length, dois }
    })

const quantile = (values: ReadonlyArray<number>, q: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
}

const days = new Map(SERVERS.map((server) => [server, readDays(server)] as const))
const volume = new Map(
  SERVERS.map((server) => {
    const a = (days.get(server) ?? []).filter((day) => day.date <= LAYOUT_A_END).map((day) => day.rows)
    return [server, { median: quantile(a, 0.5), p90: quantile(a, 0.9), max: Math.max(...a) }] as const
  })
)

/** Every distinct DOI, with the latest digest date it appears on: its newest known version was posted then. */
const backfill = (): Array<WantedDoi> => {
  const latest = new Map<string, WantedDoi>()
  for (const server of SERVERS)
    for (const day of days.get(server) ?? [])
      for (const doi of day.dois) latest.set(`${server} ${doi}`, { doi, server, postedOn: day.date })
  return [...latest.values()]
}

/** The DOIs of each of the last `n` digest dates that no earlier digest of their server listed. */
const nights = (n: number): Array<{ date: IsoDate; wanted: Array<WantedDoi> }> => {
  const dates = [
    ...new Set(SERVERS.flatMap((server) => (days.get(server) ?? []).map((day) => day.date)))
  ].sort()
  const last = dates.slice(-n)
  return last.map((date) => {
    const wanted: Array<WantedDoi> = []
    for (const server of SERVERS) {
      const seen = new Set<string>()
      for (const day of days.get(server) ?? []) if (day.date < date) for (const doi of day.dois) seen.add(doi)
      const today = (days.get(server) ?? []).find((day) => day.date === date)
      for (const doi of new Set(today?.dois ?? []))
        if (!seen.has(doi)) wanted.push({ doi, server, postedOn: date })
    }
    return { date, wanted }
  })
}

type Estimate = "median" | "p90" | "max"
const planWith = (wanted: ReadonlyArray<WantedDoi>, estimate: Estimate): RxivPlan =>
  planRxivRequests(wanted, {
    pageSize,
    versionsPerDay: (server) => volume.get(server)?.[estimate] ?? 0
  })

const hours = (requests: number) => (requests * perRequest) / 3600
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
const duration = (seconds: number) => (seconds < 3600 ? `${fmt(seconds)} s` : `${fmt(seconds / 3600, 2)} h`)
const nightsFor = (requests: number) => Math.ceil((requests * perRequest) / 60 / nightMinutes)

const backfillWanted = backfill()
const results = {
  digests: folder,
  pageSize,
  spacingSeconds: spacing,
  answerSeconds: answer,
  nightMinutes,
  distinct: Object.fromEntries(
    SERVERS.map((server) => [server, backfillWanted.filter((w) => w.server === server).length])
  ),
  rows: Object.fromEntries(
    SERVERS.map((server) => [server, (days.get(server) ?? []).reduce((sum, day) => sum + day.rows, 0)])
  ),
  files: Object.fromEntries(SERVERS.map((server) => [server, (days.get(server) ?? []).length])),
  versionsPerDay: Object.fromEntries(volume),
  backfill: (["median", "p90", "max"] as const).map((estimate) => {
    const plan = planWith(backfillWanted, estimate)
    const { steps: _, ...figures } = plan
    return { estimate, ...figures, intervals: plan.steps.filter((s) => s._tag === "Interval").length }
  }),
  nights: nights(7).map(({ date, wanted }) => {
    const { steps: _, ...figures } = planWith(wanted, "median")
    return {
      date,
      newDois: Object.fromEntries(
        SERVERS.map((server) => [server, wanted.filter((w) => w.server === server).length])
      ),
      ...figures
    }
  })
}

/** The plans the Enricher would make (median volume), run on the loopback fake. */
const wire = async () => {
  const volumeOf = (server: RxivServer) => volume.get(server)?.median ?? 0
  const runs: Array<{ label: string; plan: RxivPlan; measured: WireMeasure }> = []
  const plan = planWith(backfillWanted, "median")
  runs.push({ label: "first backfill", plan, measured: await measureOnFake(backfillWanted, plan, volumeOf) })
  for (const { date, wanted } of nights(7)) {
    if (wanted.length === 0) continue
    const night = planWith(wanted, "median")
    runs.push({ label: `night ${date}`, plan: night, measured: await measureOnFake(wanted, night, volumeOf) })
  }
  return runs
}
const measured = process.argv.includes("--no-wire") ? [] : await wire()

if (process.argv.includes("--json")) {
  process.stdout.write(
    `${JSON.stringify(
      {
        ...results,
        wire: measured.map(({ label, plan, measured: m }) => ({
          label,
          planned: plan.requests,
          lowerBound: plan.lowerBound,
          ...m
        }))
      },
      null,
      1
    )}\n`
  )
} else {
  const out: Array<string> = []
  out.push(`digests: ${folder}`)
  for (const server of SERVERS) {
    const v = volume.get(server)
    out.push(
      `${server}: ${results.files[server]} files, ${fmt(results.rows[server] ?? 0)} rows, ${fmt(results.distinct[server] ?? 0)} distinct DOIs; versions/day (layout A rows/file) median ${v?.median}, p90 ${v?.p90}, max ${v?.max}`
    )
  }
  out.push(
    `page size ${pageSize}, ${spacing} s spacing + ${answer} s per answer (assumed) = ${perRequest} s a request, per-night budget ${nightMinutes} min`,
    ""
  )
  out.push("first backfill        per-DOI  interval   plan  lower bound  plan time  nights (per-DOI)")
  for (const row of results.backfill)
    out.push(
      [
        `  volume ${row.estimate}`.padEnd(20),
        fmt(row.perDoiRequests).padStart(9),
        fmt(row.intervalRequests).padStart(9),
        fmt(row.requests).padStart(6),
        fmt(row.lowerBound).padStart(12),
        `${fmt(hours(row.requests), 2)} h`.padStart(10),
        `${nightsFor(row.requests)} (${nightsFor(row.perDoiRequests)})`.padStart(17)
      ].join(" ")
    )
  out.push(`  per-DOI alone: ${fmt(hours(results.backfill[0]?.perDoiRequests ?? 0), 2)} h`, "")
  out.push("night       new bio  new med  per-DOI  interval  plan  lower bound  plan time")
  for (const night of results.nights)
    out.push(
      [
        night.date,
        String(night.newDois["biorxiv"]).padStart(8),
        String(night.newDois["medrxiv"]).padStart(8),
        String(night.perDoiRequests).padStart(8),
        String(night.intervalRequests).padStart(9),
        String(night.requests).padStart(5),
        String(night.lowerBound).padStart(12),
        `${fmt(night.requests * perRequest)} s`.padStart(10)
      ].join(" ")
    )
  if (measured.length > 0) {
    out.push(
      "",
      "on the loopback fake (real client, no spacing; each day's wanted DOIs scrambled among its other versions)",
      "run                    DOIs  requests  planned  lower bound  found  pending  time at 2 s/request"
    )
    for (const { label, plan, measured: m } of measured)
      out.push(
        [
          label.padEnd(20),
          fmt(plan.perDoiRequests).padStart(7),
          fmt(m.requests).padStart(9),
          fmt(plan.requests).padStart(8),
          fmt(plan.lowerBound).padStart(12),
          fmt(m.found).padStart(6),
          fmt(m.pending).padStart(8),
          duration(m.requests * perRequest).padStart(21)
        ].join(" ")
      )
  }
  process.stdout.write(`${out.join("\n")}\n`)
}
