/** `digest-feeds parse FILE... [--json]`: reads digest files and prints rows and problems. */
import { Args, Command, Options } from "@effect/cli"
import { FileSystem } from "@effect/platform"
import { Console, Effect } from "effect"
import { kindFromFileName } from "../domain/DigestFile.ts"
import { dateFromFileName } from "../domain/IsoDate.ts"
import { Problem } from "../domain/Problem.ts"
import { paperLine, problemLine, summarizeParsed } from "../parse/ndjson.ts"
import { parseDigest } from "../parse/parseDigest.ts"
import { decodeUtf8 } from "../sources/LocalDigestSource.ts"

const files = Args.file({ name: "FILE", exists: "yes" }).pipe(
  Args.atLeast(1),
  Args.withDescription("digest markdown files, named YYYY-MM-DD[-arxiv].md")
)
const json = Options.boolean("json").pipe(
  Options.withDescription("print NDJSON: one paper or problem object per line (see README)")
)

const fileProblem = (file: string, code: string, message: string) =>
  Problem.make({ file, line: 0, code, severity: "error", message })

const parseOne = Effect.fn("parse.file")(function* (file: string, asJson: boolean) {
  const fs = yield* FileSystem.FileSystem
  const date = dateFromFileName(file)
  const kind = kindFromFileName(file)
  // A file that cannot be read is reported like any other problem; the other files are still parsed.
  const bytes = yield* fs.readFile(file).pipe(Effect.orElseSucceed(() => undefined))
  const content = bytes === undefined ? undefined : decodeUtf8(bytes)
  const shown =
    date === undefined || kind === undefined
      ? fileProblem(file, "file-name", "file name carries no digest date (expected YYYY-MM-DD[-arxiv].md)")
      : bytes === undefined
        ? fileProblem(file, "unreadable", "cannot be read")
        : content === undefined
          ? fileProblem(file, "not-utf8", "not UTF-8")
          : undefined
  if (shown !== undefined || date === undefined || kind === undefined || content === undefined) {
    const problem = shown ?? fileProblem(file, "unreadable", "cannot be read")
    return asJson ? problemLine(problem) : `${file}: ${problem.message}`
  }
  const parsed = parseDigest({ path: file, date, kind, content })
  return asJson
    ? [...parsed.rows.map(paperLine), ...parsed.problems.map(problemLine)].join("\n")
    : summarizeParsed(parsed)
})

export const parseCommand = Command.make("parse", { files, json }, ({ files, json }) =>
  Effect.forEach(files, (file) =>
    parseOne(file, json).pipe(Effect.flatMap((text) => (text === "" ? Effect.void : Console.log(text))))
  )
).pipe(Command.withDescription("Parse digest files and print their rows and problems (no network)."))
