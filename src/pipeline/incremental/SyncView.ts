/**
 * What a run keeps of a sync: the listing (paths and content SHAs), and a way to read the texts it parses. The
 * texts are the largest thing a run ever reads (about 200 MB for 1,000 days of digests) and most runs parse few
 * or none of them, so each is read only when asked for and let go once parsed.
 */
import { Effect, Stream } from "effect"
import { type DigestFile, kindFromFileName } from "../../domain/DigestFile.ts"
import type { IsoDate } from "../../domain/IsoDate.ts"
import type { Server } from "../../domain/PaperKey.ts"
import { Problem } from "../../domain/Problem.ts"
import type { SourceFile, SyncResult, UpstreamCommit } from "../../sources/DigestSource.ts"
import { type DateRange, inRange } from "../summarize.ts"

export interface ListedDigest {
  readonly path: string
  readonly date: IsoDate
  /** Git blob SHA: identifies the content. */
  readonly sha: string
  readonly changed: boolean
}

export interface SyncView {
  /** The digests within the run's date range, in the source's order. */
  readonly listing: ReadonlyArray<ListedDigest>
  readonly problems: ReadonlyArray<Problem>
  readonly requests: number
  /** The upstream commit synced and its committer date; null for a local folder. */
  readonly upstream: UpstreamCommit | null
  /**
   * Reads the files `wanted` selects and no earlier call took, in listing order, handing each to `use` as it
   * arrives (a few are read ahead). A file that cannot be read is handed to nobody: its problem is kept in
   * `unreadable`.
   */
  readonly readFiles: (
    wanted: (path: string) => boolean,
    use: (file: DigestFile) => void
  ) => Effect.Effect<void>
  /** The files this run could not read so far, with their problems (path -> problem). */
  readonly unreadable: ReadonlyMap<string, Problem>
}

/** Files read at once: enough to keep the disk busy while the parser works, few enough to hold little text. */
const READ_AHEAD = 4

/**
 * `previous` is the listing of the last full run (path -> SHA): a file is changed when its content differs from
 * what that run read, whatever the source says, so a local folder and a resumed sync count alike. Without it,
 * the source's own notion of changed applies.
 */
export const viewSync = (
  synced: SyncResult,
  range: DateRange,
  previous: Readonly<Record<string, string>> | undefined
): SyncView => {
  const changedBySource = new Set(synced.changed)
  const files = synced.files.filter((file) => inRange(range, file.date))
  const listing = files.map((file) => ({
    path: file.path,
    date: file.date,
    sha: file.sha,
    changed: previous === undefined ? changedBySource.has(file.path) : previous[file.path] !== file.sha
  }))
  const taken = new Set<string>()
  const unreadable = new Map<string, Problem>()
  const readFiles = (wanted: (path: string) => boolean, use: (file: DigestFile) => void) =>
    Effect.suspend(() => {
      const chosen: Array<SourceFile> = files.filter((file) => !taken.has(file.path) && wanted(file.path))
      for (const file of chosen) taken.add(file.path)
      return Stream.fromIterable(chosen).pipe(
        Stream.mapEffect((file) => Effect.map(synced.read(file), (read) => [file.path, read] as const), {
          concurrency: READ_AHEAD
        }),
        Stream.runForEach(([path, read]) =>
          Effect.sync(() => (read instanceof Problem ? unreadable.set(path, read) : use(read)))
        )
      )
    })
  return {
    listing,
    problems: synced.problems,
    requests: synced.requests,
    upstream: synced.upstream ?? null,
    readFiles,
    unreadable
  }
}

/**
 * The newest date of the listed arXiv digests, and of the bioRxiv/medRxiv digests together (one refresh window
 * covers both servers), among the pipeline's `servers`: the dates the papers of a run that reads every file end at.
 */
export const newestDigestDates = (
  listing: ReadonlyArray<ListedDigest>,
  servers: ReadonlyArray<Server>
): { readonly arxiv: IsoDate | undefined; readonly rxiv: IsoDate | undefined } => {
  let arxiv: IsoDate | undefined
  let rxiv: IsoDate | undefined
  for (const file of listing) {
    const kind = kindFromFileName(file.path)
    if (kind === undefined || kind === "summary" || kind === "upstream-json" || !servers.includes(kind))
      continue
    if (kind === "arxiv") arxiv = arxiv === undefined || file.date > arxiv ? file.date : arxiv
    else rxiv = rxiv === undefined || file.date > rxiv ? file.date : rxiv
  }
  return { arxiv, rxiv }
}
