/** `digest-feeds parse FILE... [--json]`: reads digest files and prints rows and problems. */
import { Args, Command, Options } from "@effect/cli"
import { FileSystem } from "@effect/platform"
import { Console, Effect } from "effect"
import { Problem } from "../domain/Problem.ts"
import { paperLine, problemLine, summarizeParsed } from "../parse/ndjson.ts"
import { parseDigest } from "../parse/parseDigest.ts"
import { fileProblem, readDigest } from "../sources/DigestRules.ts"

const files = Args.file({ name: "FILE", exists: "yes" }).pipe(
  Args.atLeast(1),
  Args.withDescription("digest markdown files, named YYYY-MM-DD[-arxiv].md")
)
const json = Options.boolean("json").pipe(
  Options.withDescription("print NDJSON: one paper or problem object per line (see README)")
)

const parseOne = Effect.fn("parse.file")(function* (file: string, asJson: boolean) {
  const fs = yield* FileSystem.FileSystem
  // The same rules as a run's sources (dated name, UTF-8); a file that cannot be read is a problem line too,
  // and the other files are still parsed.
  const digest = yield* fs.readFile(file).pipe(
    Effect.map((bytes) => readDigest(file, bytes, { maxFileBytes: Number.POSITIVE_INFINITY, sha: null })),
    Effect.orElseSucceed(() => fileProblem(file, "unreadable", "error", "cannot be read"))
  )
  if (digest instanceof Problem) return asJson ? problemLine(digest) : `${file}: ${digest.message}`
  const parsed = parseDigest(digest)
  return asJson
    ? [...parsed.rows.map(paperLine), ...parsed.problems.map(problemLine)].join("\n")
    : summarizeParsed(parsed)
})

export const parseCommand = Command.make("parse", { files, json }, ({ files, json }) =>
  Effect.forEach(files, (file) =>
    parseOne(file, json).pipe(Effect.flatMap((text) => (text === "" ? Effect.void : Console.log(text))))
  )
).pipe(Command.withDescription("Parse digest files and print their rows and problems (no network)."))
