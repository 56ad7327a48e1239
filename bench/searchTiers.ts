/**
 * The search index's cost on a night with one new day, on the day pages of a published site (default: the
 * synthetic 1000 x 200 archive's cold output): `node --import tsx bench/searchTiers.ts MODE [OUT] [WORK]`.
 * Run each mode under `/usr/bin/time` (Pagefind is a child process: its CPU counts there, not in this one). Each
 * Pagefind process's peak RSS and CPU, sampled from /proc, is printed at the end, with the tier it built.
 *   whole    Pagefind over every day page, as every night did before the tiers.
 *   prepare  the tiers of every day page but the newest (the night before), recorded in WORK.
 *   night    the tiers of every day page, with what `prepare` published: the step as a one-new-day night runs it.
 * Pages are read from OUT as the publisher would hand them over; nothing is written to OUT. The bundles go to
 * WORK/site/pagefind/ (prepare, then night over it), with the search.js the step writes for them: with OUT's
 * pages, a site to measure what a search downloads. BUDGET=N sets the archive's bytes per bundle.
 */
import { createHash } from "node:crypto"
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { Effect, HashMap, Logger } from "effect"
import type { StagedView } from "../src/pipeline/incremental/Incremental.ts"
import { searchIndexFiles } from "../src/pipeline/searchIndex.ts"
import { ARCHIVE_BUNDLE_BYTES } from "../src/pipeline/searchTiers.ts"
import { buildSearchIndexWithNodeApi as buildSearchIndex } from "../test/pipeline/pagefindNodeApiReference.ts"
import { sampleChildren } from "./childUsage.ts"

const [mode = "night", out = "/work/nights-shared/cold/out", work = "/tmp/digest-feeds-search-tiers"] =
  process.argv.slice(2)
const REFRESH_DAYS = 14 // the bench pipeline's (arxiv-daily's)
const BUDGET = Number(process.env["BUDGET"] ?? ARCHIVE_BUNDLE_BYTES)
// LAST_DAYS=N keeps the newest N day pages only (Pagefind over all 953 pages of 200 papers needs about 7 GB)
const lastDays = Number(process.env["LAST_DAYS"] ?? "0")
const pages = readdirSync(join(out, "day"))
  .filter((name) => /^\d{4}-\d{2}-\d{2}\.html$/.test(name))
  .sort()
  .map((name) => `day/${name}`)
  .slice(-lastDays)
const read = (path: string) => Effect.sync(() => readFileSync(join(out, path), "utf8"))
const sha = (bytes: string | Uint8Array) => createHash("sha256").update(bytes).digest("hex")
const publishedFile = join(work, "published.json")

const view = (paths: ReadonlyArray<string>, published: StagedView["published"]): StagedView => ({
  paths,
  read,
  sha256: (path) => sha(readFileSync(join(out, path))),
  bytes: (path) => statSync(join(out, path)).size,
  published
})

/** The tiers built, in the order their Pagefind processes ran (one after another). */
const built: Array<string> = []
const logger = Logger.make(({ message, annotations }) => {
  const pairs = [...HashMap.toEntries(annotations)].map(([key, value]) => `${key}=${String(value)}`)
  const tier = HashMap.get(annotations, "tier")
  if (String(message) === "search index built" && tier._tag === "Some") built.push(String(tier.value))
  process.stdout.write(`${String(message)} ${pairs.join(" ")}\n`)
})

const program = Effect.gen(function* () {
  const sampler = sampleChildren()
  const start = performance.now()
  if (mode === "whole") {
    const files = yield* buildSearchIndex(pages, read)
    process.stdout.write(`whole: ${pages.length} pages, ${files.length} files\n`)
  } else {
    const night = mode === "night"
    const paths = night ? pages : pages.slice(0, -1)
    const published = night ? JSON.parse(readFileSync(publishedFile, "utf8")) : {}
    const output = yield* searchIndexFiles(REFRESH_DAYS, BUDGET).files(view(paths, published))
    // what the publisher would record: the pages, the kept files as they were, the built ones
    const recorded = {
      ...Object.fromEntries(
        paths.map((path) => [path, { sha256: sha(readFileSync(join(out, path))), bytes: 0 }])
      ),
      ...Object.fromEntries(output.kept.map((path) => [path, published[path]])),
      ...Object.fromEntries(output.files.map((file) => [file.path, { sha256: sha(file.bytes), bytes: 0 }]))
    }
    mkdirSync(dirname(publishedFile), { recursive: true })
    writeFileSync(publishedFile, JSON.stringify(recorded))
    for (const file of output.files) {
      mkdirSync(dirname(join(work, "site", file.path)), { recursive: true })
      writeFileSync(join(work, "site", file.path), file.bytes)
    }
    process.stdout.write(
      `${mode}: ${paths.length} pages, ${output.files.length} files built, ${output.kept.length} kept\n`
    )
  }
  process.stdout.write(`${mode}: ${((performance.now() - start) / 1000).toFixed(2)} s wall in the step\n`)
  const children = sampler.stop()
  for (const [at, child] of children.entries()) {
    const tier = built[at] ?? (mode === "whole" ? "whole" : "?")
    process.stdout.write(`${JSON.stringify({ pagefind: at + 1, tier, ...child })}\n`)
  }
})

Effect.runPromise(program.pipe(Effect.provide(Logger.replace(Logger.defaultLogger, logger)))).catch(
  (error) => {
    process.stderr.write(`${String(error)}\n`)
    process.exitCode = 1
  }
)
