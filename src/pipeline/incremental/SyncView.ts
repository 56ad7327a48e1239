/**
 * What a run keeps of a sync. The file texts are the largest thing a run ever holds (about 200 MB for 1,000
 * days of digests) and only the parser needs them, so they are handed over once and then let go: the rest of
 * the run keeps only the listing.
 */
import { createHash } from "node:crypto"
import type { DigestFile } from "../../domain/DigestFile.ts"
import type { IsoDate } from "../../domain/IsoDate.ts"
import type { Problem } from "../../domain/Problem.ts"
import type { SyncResult, UpstreamCommit } from "../../sources/DigestSource.ts"
import { type DateRange, inRange } from "../summarize.ts"

export interface ListedDigest {
  readonly path: string
  readonly date: IsoDate
  /** Git blob SHA (or SHA-1 of the text when the source gave none): identifies the content. */
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
  /** The files `wanted` selects, in listing order, one at a time; each is forgotten as it is handed over. */
  readonly takeFiles: (wanted: (path: string) => boolean) => Iterable<DigestFile>
  /** Forgets the files not taken. */
  readonly release: () => void
}

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
  const files: Array<DigestFile | undefined> = synced.files.filter((file) => inRange(range, file.date))
  const listing = files.flatMap((file) => {
    if (file === undefined) return []
    const sha = file.sha ?? createHash("sha1").update(file.content).digest("hex")
    const changed = previous === undefined ? changedBySource.has(file.path) : previous[file.path] !== sha
    return [{ path: file.path, date: file.date, sha, changed }]
  })
  return {
    listing,
    problems: synced.problems,
    requests: synced.requests,
    upstream: synced.upstream ?? null,
    takeFiles: function* (wanted) {
      for (let i = 0; i < files.length; i++) {
        const file = files[i]
        if (file === undefined || !wanted(file.path)) continue
        files[i] = undefined
        yield file
      }
    },
    release: () => {
      files.fill(undefined)
    }
  }
}
