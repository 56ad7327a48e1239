/** The end of a run as people see it: a terminal summary, GitHub annotations and the job summary. */

import { FileSystem } from "@effect/platform"
import { Config, Console, Effect, Option } from "effect"
import { SERVER_NAMES, type Server } from "../domain/PaperKey.ts"
import type { Problem } from "../domain/Problem.ts"
import { identityUrl } from "../domain/paperLinks.ts"
import type { RunReport } from "../pipeline/RunReport.ts"

const countBy = (problems: ReadonlyArray<Problem>): ReadonlyArray<readonly [string, number]> => {
  const counts = new Map<string, number>()
  for (const problem of problems) counts.set(problem.code, (counts.get(problem.code) ?? 0) + 1)
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
}

/** `2026-11-30T23:31:00Z` -> `2026-11-30 23:31 UTC`. */
const utcMinute = (iso: string): string => {
  const match = iso.match(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/)
  return match === null ? iso : `${match[1]} ${match[2]} UTC`
}

/** How fresh the outputs are against the upstream commit; null for a local source. */
export const formatFreshness = (upstream: RunReport["upstream"]): string | null => {
  if (upstream.commit === null) return null
  const commit = `commit ${upstream.commit.slice(0, 7)}${upstream.commitTime === null ? "" : ` of ${utcMinute(upstream.commitTime)}`}`
  return upstream.publishedAfterMinutes === null
    ? `${commit}; no digest changed since the last run`
    : `${commit}; its digests published ${upstream.publishedAfterMinutes} min after it`
}

/**
 * Requests per service; the bioRxiv/medRxiv API's beside the lower bound of the run's plan, and only when the
 * run asked it (arXiv-only pipelines read as before).
 */
const formatRequests = (requests: RunReport["requests"]): string => {
  const base = `GitHub ${requests.github}, arXiv ${requests.arxiv}`
  const rxiv = requests.biorxiv + requests.medrxiv
  if (rxiv === 0 && requests.rxivLowerBound === 0) return base
  return `${base}, bioRxiv ${requests.biorxiv} + medRxiv ${requests.medrxiv} = ${rxiv} (lower bound ${requests.rxivLowerBound})`
}

/** `bioRxiv: 4 digests, 30 rows, 30 papers, 0 errors, 0 warnings, 1 notes`, one per server the pipeline reads. */
const serverLines = (counts: RunReport["counts"]): ReadonlyArray<readonly [string, string]> =>
  Object.entries(counts.servers).map(([server, c]) => [
    SERVER_NAMES[server as Server] ?? server,
    `${c.digests} digests, ${c.rows} rows (${c.rowsWithoutId} without id), ${c.papers} papers; ` +
      `problems ${c.errors} errors, ${c.warnings} warnings, ${c.infos} notes`
  ])

/** A human summary of the report, a few lines long. */
export const formatSummary = (report: RunReport, outDir: string): string => {
  const c = report.counts
  const lines = [
    `${report.pipeline}: ${report.status} to ${outDir}`,
    `  digests ${c.files} (${c.filesChanged} new or changed), rows ${c.rows}, papers ${c.papers} (${c.newPapers} new)`,
    ...serverLines(c).map(([server, line]) => `    ${server}: ${line}`),
    // withMetadata counts every server's papers (arXiv's API and bioRxiv/medRxiv's): out of all papers.
    `  metadata ${c.withMetadata}/${c.papers}, pending ${c.pending}, with code links ${c.withCode}`,
    `  requests: ${formatRequests(report.requests)}`,
    `  files written ${report.outputs.written.length}, unchanged ${report.outputs.unchanged}, removed ${report.outputs.removed.length}; days rendered ${c.daysRendered} of ${c.days}`,
    `  problems: ${c.errors} errors, ${c.warnings} warnings, ${c.infos} notes` +
      (report.problems.length === 0
        ? ""
        : ` (${countBy(report.problems)
            .map(([code, n]) => `${code} ${n}`)
            .join(", ")})`)
  ]
  const upstream = report.upstream
  const freshness = formatFreshness(upstream)
  if (freshness !== null) lines.push(`  upstream: ${freshness}`)
  if (upstream.stale)
    lines.push(
      upstream.newestDigest === null
        ? "  warning: no digest with papers was found"
        : `  warning: the newest digest (${upstream.newestDigest}) is ${upstream.ageDays} days old; the upstream may have stopped`
    )
  return lines.join("\n")
}

const escapeData = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A")
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C")

/** GitHub Actions workflow commands: one annotation per problem, with file and line. */
export const formatAnnotations = (problems: ReadonlyArray<Problem>): ReadonlyArray<string> =>
  problems.map((problem) => {
    const level =
      problem.severity === "error" ? "error" : problem.severity === "warning" ? "warning" : "notice"
    const where = `file=${escapeProperty(problem.file)}${problem.line > 0 ? `,line=${problem.line}` : ""}`
    return `::${level} ${where},title=${escapeProperty(problem.code)}::${escapeData(problem.message)}`
  })

/** Markdown for `$GITHUB_STEP_SUMMARY`. */
export const formatJobSummary = (report: RunReport, siteUrl: string | undefined): string => {
  const c = report.counts
  const freshness = formatFreshness(report.upstream)
  const rows = [
    ["digests", `${c.files} (${c.filesChanged} new or changed)`],
    ["papers", `${c.papers} (${c.newPapers} new)`],
    ...serverLines(c),
    ["papers with metadata", `${c.withMetadata} of ${c.papers} (${c.pending} pending)`],
    ["requests", formatRequests(report.requests)],
    ["files written", `${report.outputs.written.length} (${report.outputs.unchanged} unchanged)`],
    ["days rendered", `${c.daysRendered} of ${c.days} (the others copied as published)`],
    ["problems", `${c.errors} errors, ${c.warnings} warnings, ${c.infos} notes`],
    ["newest digest", `${report.upstream.newestDigest ?? "none"}${report.upstream.stale ? " ⚠️ stale" : ""}`],
    ...(freshness === null ? [] : [["upstream", freshness]])
  ]
  const table = ["| | |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n")
  const problems = report.problems
    .filter((p) => p.severity !== "info")
    .slice(0, 50)
    .map((p) => `- \`${p.file}:${p.line}\` ${p.code}: ${p.message.replace(/\n/g, " ")}`)
  return [
    `## digest-feeds: ${report.pipeline}`,
    "",
    table,
    "",
    siteUrl === undefined ? "" : `Feeds: ${siteUrl} (RSS ${siteUrl}rss.xml, Atom ${siteUrl}atom.xml)`,
    report.newPapers.length === 0
      ? ""
      : `\n**New papers:** ${report.newPapers.map((id) => `[${id}](${identityUrl(id)})`).join(", ")}`,
    problems.length === 0 ? "" : `\n### Problems\n${problems.join("\n")}`,
    ""
  ].join("\n")
}

/** Prints the summary; inside GitHub Actions also the annotations and the job summary. */
export const printSummary = Effect.fn("printSummary")(function* (
  report: RunReport,
  outDir: string,
  siteUrl?: string
) {
  yield* Console.log(formatSummary(report, outDir))
  const inActions = (yield* Config.string("GITHUB_ACTIONS").pipe(Config.withDefault(""))) === "true"
  if (!inActions) return
  for (const line of formatAnnotations(report.problems.filter((p) => p.severity !== "info")))
    yield* Console.log(line)
  const summaryFile = yield* Config.option(Config.string("GITHUB_STEP_SUMMARY"))
  if (Option.isSome(summaryFile)) {
    const fs = yield* FileSystem.FileSystem
    yield* fs.writeFileString(summaryFile.value, formatJobSummary(report, siteUrl), { flag: "a" })
  }
})
