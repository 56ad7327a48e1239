/** `digest-feeds parse FILE... [--json]`: reads digest files and prints rows and problems. */
import { Args, Command, Options } from "@effect/cli"
import { FileSystem } from "@effect/platform"
import { Console, Effect } from "effect"
import type { DigestFile } from "../domain/DigestFile.ts"
import type { RxivServer } from "../domain/Doi.ts"
import { Problem } from "../domain/Problem.ts"
import { paperLine, problemLine, summarizeParsed } from "../parse/ndjson.ts"
import { parseDigest } from "../parse/parseDigest.ts"
import { parseRxivDigest } from "../parse/rxiv/parseRxivDigest.ts"
import { RxivTotals, rxivPaperLine, summarizeRxiv } from "../parse/rxiv/rxivNdjson.ts"
import { fileProblem, readDigest } from "../sources/DigestRules.ts"

const files = Args.file({ name: "FILE", exists: "yes" }).pipe(
  Args.atLeast(1),
  Args.withDescription("digest markdown files, named YYYY-MM-DD[-arxiv|-biorxiv|-medrxiv].md")
)
const json = Options.boolean("json").pipe(
  Options.withDescription("print NDJSON: one paper or problem object per line (see README)")
)

const isRxiv = (kind: DigestFile["kind"]): kind is RxivServer => kind === "biorxiv" || kind === "medrxiv"

/** bioRxiv and medRxiv files go to their own reader; arXiv's output stays exactly as DESIGN.md states it. */
const parseRead = (digest: DigestFile, asJson: boolean, totals: Map<RxivServer, RxivTotals>): string => {
  const kind = digest.kind
  if (!isRxiv(kind)) {
    const parsed = parseDigest(digest)
    return asJson
      ? [...parsed.rows.map(paperLine), ...parsed.problems.map(problemLine)].join("\n")
      : summarizeParsed(parsed)
  }
  const parsed = parseRxivDigest({
    path: digest.path,
    date: digest.date,
    server: kind,
    content: digest.content
  })
  const serverTotals = totals.get(kind) ?? new RxivTotals()
  serverTotals.add(parsed)
  totals.set(kind, serverTotals)
  return asJson
    ? [...parsed.rows.map(rxivPaperLine), ...parsed.problems.map(problemLine)].join("\n")
    : summarizeRxiv(parsed)
}

const parseOne = Effect.fn("parse.file")(function* (
  file: string,
  asJson: boolean,
  totals: Map<RxivServer, RxivTotals>
) {
  const fs = yield* FileSystem.FileSystem
  // The same rules as a run's sources (dated name, UTF-8); a file that cannot be read is a problem line too,
  // and the other files are still parsed.
  const digest = yield* fs.readFile(file).pipe(
    Effect.map((bytes) => readDigest(file, bytes, { maxFileBytes: Number.POSITIVE_INFINITY, sha: null })),
    Effect.orElseSucceed(() => fileProblem(file, "unreadable", "error", "cannot be read"))
  )
  if (digest instanceof Problem) return asJson ? problemLine(digest) : `${file}: ${digest.message}`
  return parseRead(digest, asJson, totals)
})

const print = (text: string) => (text === "" ? Effect.void : Console.log(text))

export const parseCommand = Command.make("parse", { files, json }, ({ files, json }) =>
  Effect.gen(function* () {
    const totals = new Map<RxivServer, RxivTotals>()
    for (const file of files) yield* parseOne(file, json, totals).pipe(Effect.flatMap(print))
    // The per-server summary closes the readable output; NDJSON stays one object per line.
    if (json) return
    for (const server of ["biorxiv", "medrxiv"] as const) {
      const serverTotals = totals.get(server)
      if (serverTotals !== undefined) yield* Console.log(serverTotals.summary(server))
    }
  })
).pipe(Command.withDescription("Parse digest files and print their rows and problems (no network)."))
