/** sameSyncState: a sync that changed nothing skips writing the state; any changed field writes it. */
import { assert, describe, it } from "@effect/vitest"
import { GitHubSyncState, sameSyncState } from "../../src/sources/GitHubSyncState.ts"

const state = GitHubSyncState.make({
  version: 1,
  source: "Lcollection/Arxiv_Daily@main:docs/*.md",
  commit: "c1",
  etag: 'W/"e1"',
  commitTime: "2026-09-01T03:00:00Z",
  listingComplete: true,
  listing: {
    "docs/2026-09-01-arxiv.md": { sha: "a", size: 10 },
    "docs/2026-09-02-arxiv.md": { sha: "b", size: 20 }
  },
  delivered: { "docs/2026-09-01-arxiv.md": "a", "docs/2026-09-02-arxiv.md": "b" },
  rejected: { "docs/x.md": { sha: "x", code: "not-utf8", message: "not UTF-8" } }
})
const withField = (fields: Partial<GitHubSyncState>) => GitHubSyncState.make({ ...state, ...fields })

describe("sameSyncState", () => {
  it("holds for an equal state built anew", () => {
    assert.isTrue(sameSyncState(state, withField({ listing: { ...state.listing } })))
  })

  it("fails for any changed field, entry, or an entry more or less", () => {
    const changed = [
      withField({ commit: "c2" }),
      withField({ etag: null }),
      withField({ commitTime: null }),
      withField({ listingComplete: false }),
      withField({ source: "other" }),
      withField({ listing: { ...state.listing, "docs/2026-09-02-arxiv.md": { sha: "b", size: 21 } } }),
      withField({ listing: { ...state.listing, "docs/2026-09-03-arxiv.md": { sha: "c", size: 1 } } }),
      withField({ delivered: { "docs/2026-09-01-arxiv.md": "a" } }),
      withField({ delivered: { "docs/2026-09-01-arxiv.md": "a", "docs/2026-09-03-arxiv.md": "b" } }),
      withField({ rejected: {} }),
      withField({ rejected: { "docs/x.md": { sha: "x", code: "not-utf8", message: "other" } } })
    ]
    for (const other of changed) {
      assert.isFalse(sameSyncState(state, other))
      assert.isFalse(sameSyncState(other, state))
    }
  })
})
