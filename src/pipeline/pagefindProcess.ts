/**
 * Pagefind as a process of its own: its binary indexes a temporary copy of the day pages and writes its bundle to
 * a temporary folder, which is read back. The npm package's Node API talks to the same binary as a service but
 * never watches it exit: when the kernel killed it (out of memory at 1,000 day pages) the run waited forever.
 * Here its exit, whatever the cause, settles the run: SearchIndexError with the exit code or signal and the end of
 * its stderr.
 */
import { createRequire } from "node:module"
import { arch, platform } from "node:os"
import { Command, FileSystem, Path } from "@effect/platform"
import { NodeContext } from "@effect/platform-node"
import { Effect, Stream } from "effect"
import { SEARCH_INDEX_FOLDER } from "../emit/site/renderSearchPage.ts"
import type { PublishError } from "./incremental/Incremental.ts"
import { type IndexFile, PUBLISHED_BUNDLE, type SearchBundle, SearchIndexError } from "./SearchIndexError.ts"

/** One bundle for the whole site, the primary (what a caller gets without naming the tier's). */
const MAIN_BUNDLE: SearchBundle = { folder: SEARCH_INDEX_FOLDER, role: "primary" }

/** Which binary to run: Pagefind's own, or in tests a stand-in that fails as Pagefind might. */
export interface PagefindProcessOptions {
  readonly binary: string
}

/**
 * The `pagefind_extended` binary the npm package ships in `@pagefind/<platform>-<arch>` (found as the package's
 * lib/resolveBinary.js finds it, without its environment override). The extended binary segments Chinese.
 */
export const pagefindBinary = (): Effect.Effect<string, SearchIndexError> =>
  Effect.try({
    try: () => {
      const system = platform() === "win32" ? "windows" : platform()
      const executable = system === "windows" ? "pagefind_extended.exe" : "pagefind_extended"
      return createRequire(import.meta.url).resolve(`@pagefind/${system}-${arch()}/bin/${executable}`)
    },
    catch: (cause) =>
      new SearchIndexError({
        message: `Pagefind's binary is not installed for ${platform()}-${arch()}`,
        cause
      })
  })

/** Enough of stderr to say why it failed (Pagefind prints one line per problem), not a night's worth of logging. */
const STDERR_TAIL_LINES = 20
const STDERR_TAIL_BYTES = 64 * 1024

/** The last lines of a stream, keeping at most STDERR_TAIL_BYTES of it in memory. */
const tailOf = (stream: Stream.Stream<Uint8Array, unknown>) =>
  stream.pipe(
    Stream.decodeText(),
    Stream.runFold("", (kept, text) => (kept + text).slice(-STDERR_TAIL_BYTES)),
    Effect.map((text) =>
      text
        .split("\n")
        .map((line) => line.trimEnd())
        .filter((line) => line !== "")
        .slice(-STDERR_TAIL_LINES)
        .join("\n")
    ),
    Effect.orElseSucceed(() => "")
  )

const failed = (doing: string) => (cause: unknown) =>
  new SearchIndexError({ message: `Pagefind ${doing}: ${String(cause)}`, cause })

/** How the process ended, from the exit code or the platform's "receipt of signal" error. */
const describeEnd = (
  ended: { readonly _tag: "Code"; readonly code: number } | { readonly _tag: "Died"; readonly why: string }
) => (ended._tag === "Code" ? `exited with code ${ended.code}` : `died (${ended.why})`)

/**
 * Indexes the given pages with the binary and returns the bundle's files the site loads, under the search folder,
 * sorted by path (the contract the Node-API reference in test/pipeline keeps too). Needs FileSystem, Path, CommandExecutor.
 */
export const indexWithPagefindProcess = (options: PagefindProcessOptions) =>
  Effect.fn("PagefindProcess.index")(function* (
    pages: ReadonlyArray<string>,
    read: (path: string) => Effect.Effect<string, PublishError>,
    bundle: SearchBundle = MAIN_BUNDLE
  ) {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const work = yield* fs
      .makeTempDirectoryScoped({ prefix: "digest-feeds-pagefind-" })
      .pipe(Effect.mapError(failed("cannot make its folder")))
    const site = path.join(work, "site")
    const output = path.join(work, "bundle")
    // Copies, not hard links: `read` hides whether a page is staged or kept from the last run, and gives text.
    for (const page of [...pages].sort()) {
      const content = yield* read(page)
      const file = path.join(site, page)
      yield* fs
        .makeDirectory(path.dirname(file), { recursive: true })
        .pipe(
          Effect.zipRight(fs.writeFileString(file, content)),
          Effect.mapError(failed(`cannot copy ${page}`))
        )
    }
    const command = Command.make(options.binary, "--site", site, "--output-path", output, "--quiet")
    const ended = yield* Effect.scoped(
      Effect.gen(function* () {
        const process = yield* Command.start(command).pipe(Effect.mapError(failed("cannot start")))
        const [code, stderr] = yield* Effect.all(
          [
            process.exitCode.pipe(
              Effect.map((code) => ({ _tag: "Code" as const, code: Number(code) })),
              Effect.catchAll((error) => Effect.succeed({ _tag: "Died" as const, why: error.message }))
            ),
            tailOf(process.stderr),
            Stream.runDrain(process.stdout).pipe(Effect.ignore)
          ],
          { concurrency: "unbounded" }
        )
        return { ended: code, stderr }
      })
    )
    if (ended.ended._tag !== "Code" || ended.ended.code !== 0)
      return yield* new SearchIndexError({
        message: `Pagefind ${describeEnd(ended.ended)} indexing ${pages.length} pages${
          ended.stderr === "" ? "" : `; its stderr ends:\n${ended.stderr}`
        }`
      })
    const listed = yield* fs
      .readDirectory(output, { recursive: true })
      .pipe(Effect.mapError(failed("wrote no bundle")))
    const files: Array<IndexFile> = []
    for (const name of listed
      .map((entry) => entry.split(path.sep).join("/"))
      .filter((entry) => PUBLISHED_BUNDLE[bundle.role].test(entry))) {
      const full = path.join(output, name)
      const info = yield* fs.stat(full).pipe(Effect.mapError(failed(`cannot read ${name}`)))
      if (info.type !== "File") continue
      const bytes = yield* fs.readFile(full).pipe(Effect.mapError(failed(`cannot read ${name}`)))
      files.push({ path: `${bundle.folder}/${name}`, bytes })
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }, Effect.scoped)

/**
 * One bundle through Pagefind's own binary, as a process whose death the run sees. Provides the Node
 * platform itself so that the publisher's hook keeps needing nothing.
 */
export const buildSearchIndexWithPagefindProcess = (
  pages: ReadonlyArray<string>,
  read: (path: string) => Effect.Effect<string, PublishError>,
  bundle: SearchBundle = MAIN_BUNDLE
): Effect.Effect<ReadonlyArray<IndexFile>, SearchIndexError | PublishError> =>
  pagefindBinary().pipe(
    Effect.flatMap((binary) => indexWithPagefindProcess({ binary })(pages, read, bundle)),
    Effect.provide(NodeContext.layer)
  )
