/** The GitHub source's persisted sync state (`github-sync.json` in the state folder). */
import { Schema } from "effect"
import type { GitHubSource } from "../domain/Pipeline.ts"

/** State file name inside the StateStore folder. */
export const GITHUB_SYNC_STATE = "github-sync.json"
/** Folder inside the StateStore folder mirroring the synced files at their repository paths. */
export const MIRROR_FOLDER = "digests"

/** A glob-matched blob of the listed commit. */
export const ListedBlob = Schema.Struct({ sha: Schema.String, size: Schema.NonNegativeInt })
export type ListedBlob = typeof ListedBlob.Type

/** A file fetched but unusable at this blob SHA (not UTF-8): reported again each run, fetched again only when it changes. */
export const RejectedBlob = Schema.Struct({ sha: Schema.String, code: Schema.String, message: Schema.String })
export type RejectedBlob = typeof RejectedBlob.Type

export class GitHubSyncState extends Schema.Class<GitHubSyncState>("GitHubSyncState")({
  version: Schema.Literal(1),
  /** `owner/repo@ref:glob`; a state written for another source is ignored. */
  source: Schema.String,
  /** The commit the listing belongs to, and the ETag of the ref lookup that named it. */
  commit: Schema.String,
  etag: Schema.NullOr(Schema.String),
  /** The commit's committer date (absent in states of earlier versions: the next sync asks unconditionally). */
  commitTime: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  /** False when GitHub cut the listing short: then the ref is listed again even when unchanged. */
  listingComplete: Schema.Boolean,
  /** path -> blob of every glob-matched file of `commit`. */
  listing: Schema.Record({ key: Schema.String, value: ListedBlob }),
  /** path -> blob SHA of every file the last sync returned: what `changed` is measured against. */
  delivered: Schema.Record({ key: Schema.String, value: Schema.String }),
  rejected: Schema.Record({ key: Schema.String, value: RejectedBlob })
}) {}

/** The `source` key of a pipeline's GitHub source. */
export const sourceKey = (source: GitHubSource): string =>
  `${source.owner}/${source.repo}@${source.ref}:${source.path}`

const sameRecord = <V>(
  a: Readonly<Record<string, V>>,
  b: Readonly<Record<string, V>>,
  same: (x: V, y: V) => boolean
): boolean => {
  const keys = Object.keys(a)
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && same(a[key]!, b[key]!))
  )
}

/** Two states that would write the same document (a night that changed nothing need not write it again). */
export const sameSyncState = (a: GitHubSyncState, b: GitHubSyncState): boolean =>
  a.version === b.version &&
  a.source === b.source &&
  a.commit === b.commit &&
  a.etag === b.etag &&
  a.commitTime === b.commitTime &&
  a.listingComplete === b.listingComplete &&
  sameRecord(a.listing, b.listing, (x, y) => x.sha === y.sha && x.size === y.size) &&
  sameRecord(a.delivered, b.delivered, (x, y) => x === y) &&
  sameRecord(
    a.rejected,
    b.rejected,
    (x, y) => x.sha === y.sha && x.code === y.code && x.message === y.message
  )
