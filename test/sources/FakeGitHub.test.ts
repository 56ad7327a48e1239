/** The fake GitHub API itself: git-exact SHAs, ETags, pagination, contents, tarball layout, faults. */
import { afterEach, assert, describe, it } from "@effect/vitest"
import { Parser, type ReadEntry } from "tar"
import { type FakeGitHub, fixtureDigest, startFakeGitHub } from "../fakes/FakeGitHub.ts"

// Computed with git 2.x: `git add` of these three files, then `git write-tree` / `git ls-files -s`.
const GIT = {
  tree: "fe866af20f8796764d6888a2744f79bce3fbfd92",
  readme: "04f7f46306f62cd2b491a199091a67e3a8472026",
  digest: "bdc0d6629ca05fa7357713725b756613dc234e9e"
}
const files = () => [
  { path: "README.md", content: "# Arxiv_Daily\n" },
  { path: "docs/daily-papers/2025-10-06-arxiv.md", content: fixtureDigest("2025-10-06-arxiv.md") },
  { path: "docs/daily-papers/2024-09-07-arxiv.md", content: fixtureDigest("2024-09-07-arxiv.md") }
]
const REPO = "/repos/Lcollection/Arxiv_Daily"

describe("FakeGitHub", () => {
  let fake: FakeGitHub | undefined
  afterEach(async () => {
    await fake?.close()
    fake = undefined
  })
  const start = async (options: Parameters<typeof startFakeGitHub>[0] = {}) => {
    fake = await startFakeGitHub({ files: files(), ...options })
    return fake
  }
  const get = (path: string, headers: Record<string, string> = {}) => fetch(fake!.url + path, { headers })

  it("computes the blob and tree SHAs git computes", async () => {
    const { repo } = await start()
    const head = repo.commits.get(repo.head)!
    assert.strictEqual(head.root, GIT.tree)
    const tree = (await (await get(`${REPO}/git/trees/main?recursive=1`)).json()) as {
      tree: Array<{ path: string; sha: string; type: string; mode: string; size?: number }>
      truncated: boolean
    }
    assert.isFalse(tree.truncated)
    assert.deepStrictEqual(
      tree.tree.map((entry) => [entry.path, entry.type, entry.mode]),
      [
        ["README.md", "blob", "100644"],
        ["docs", "tree", "040000"],
        ["docs/daily-papers", "tree", "040000"],
        ["docs/daily-papers/2024-09-07-arxiv.md", "blob", "100644"],
        ["docs/daily-papers/2025-10-06-arxiv.md", "blob", "100644"]
      ]
    )
    assert.strictEqual(tree.tree[0]?.sha, GIT.readme)
    assert.strictEqual(tree.tree[4]?.sha, GIT.digest)
    assert.strictEqual(tree.tree[4]?.size, fixtureDigest("2025-10-06-arxiv.md").byteLength)
  })

  it("answers a matching If-None-Match with a free 304 and counts everything else", async () => {
    const { repo, log } = await start({ quota: 100 })
    const first = await get(`${REPO}/commits/main`, { accept: "application/vnd.github.sha" })
    assert.strictEqual(await first.text(), repo.head)
    const etag = first.headers.get("etag")!
    assert.strictEqual(first.headers.get("x-ratelimit-remaining"), "99")
    const again = await get(`${REPO}/commits/main`, {
      accept: "application/vnd.github.sha",
      "if-none-match": etag
    })
    assert.strictEqual(again.status, 304)
    assert.strictEqual(again.headers.get("x-ratelimit-remaining"), "99")
    repo.put("README.md", "changed\n")
    const changed = await get(`${REPO}/commits/main`, {
      accept: "application/vnd.github.sha",
      "if-none-match": etag
    })
    assert.strictEqual(changed.status, 200)
    assert.deepStrictEqual(
      log.map((entry) => [entry.status, entry.conditional]),
      [
        [200, false],
        [304, true],
        [200, true]
      ]
    )
  })

  it("serves blobs and contents as JSON base64 or raw", async () => {
    await start()
    const bytes = fixtureDigest("2025-10-06-arxiv.md")
    const blob = (await (await get(`${REPO}/git/blobs/${GIT.digest}`)).json()) as { content: string }
    assert.deepStrictEqual(Buffer.from(blob.content, "base64"), bytes)
    const raw = await get(`${REPO}/git/blobs/${GIT.digest}`, { accept: "application/vnd.github.raw+json" })
    assert.deepStrictEqual(Buffer.from(await raw.arrayBuffer()), bytes)
    const folder = (await (await get(`${REPO}/contents/docs/daily-papers?ref=main`)).json()) as Array<{
      name: string
    }>
    assert.deepStrictEqual(
      folder.map((entry) => entry.name),
      ["2024-09-07-arxiv.md", "2025-10-06-arxiv.md"]
    )
    const file = (await (await get(`${REPO}/contents/docs/daily-papers/2025-10-06-arxiv.md`)).json()) as {
      content: string
      sha: string
    }
    assert.strictEqual(file.sha, GIT.digest)
    assert.deepStrictEqual(Buffer.from(file.content, "base64"), bytes)
  })

  it("redirects a tarball to codeload, which sends GitHub's layout", async () => {
    const { repo } = await start()
    const redirect = await fetch(`${fake!.url}${REPO}/tarball/main`, { redirect: "manual" })
    assert.strictEqual(redirect.status, 302)
    const download = await get(`${REPO}/tarball/main`)
    assert.isTrue(download.redirected)
    const entries: Array<string> = []
    let comment: string | undefined
    const parser = new Parser({ strict: true })
    parser.on("entry", (entry: ReadEntry) => {
      entries.push(`${entry.type} ${entry.path}`)
      comment ??= entry.header.comment ?? undefined
      entry.resume()
    })
    await new Promise<void>((resolve, reject) => {
      parser.on("end", () => resolve())
      parser.on("error", reject)
      download.arrayBuffer().then((body) => parser.end(Buffer.from(body)), reject)
    })
    const top = `Lcollection-Arxiv_Daily-${repo.head.slice(0, 7)}/`
    assert.deepStrictEqual(entries, [
      `Directory ${top}`,
      `File ${top}README.md`,
      `Directory ${top}docs/`,
      `Directory ${top}docs/daily-papers/`,
      `File ${top}docs/daily-papers/2024-09-07-arxiv.md`,
      `File ${top}docs/daily-papers/2025-10-06-arxiv.md`
    ])
    assert.strictEqual(comment, repo.head)
  })

  it("paginates the commit list with Link headers and keeps old commits reachable", async () => {
    const { repo } = await start({ perPage: 2 })
    const first = repo.head
    const second = repo.put("docs/daily-papers/2026-01-01-arxiv.md", "# arXiv 2026-01-01\n")
    repo.rename("docs/daily-papers/2026-01-01-arxiv.md", "docs/daily-papers/2026-01-02-arxiv.md")
    repo.remove("README.md")
    const page1 = await get(`${REPO}/commits`)
    assert.strictEqual(((await page1.json()) as Array<unknown>).length, 2)
    assert.match(page1.headers.get("link")!, /page=2>; rel="next", <[^>]*page=2>; rel="last"/)
    const page2 = await get(`${REPO}/commits?per_page=2&page=2`)
    assert.deepStrictEqual(
      ((await page2.json()) as Array<{ sha: string }>).map((commit) => commit.sha),
      [second, first]
    )
    assert.match(page2.headers.get("link")!, /rel="first"/)
    assert.isDefined(repo.read("README.md", first))
    assert.isUndefined(repo.read("README.md"))
    assert.isDefined(repo.read("docs/daily-papers/2026-01-02-arxiv.md"))
  })

  it("truncates listings past treeLimit, checks the token and injects faults", async () => {
    await start({ treeLimit: 3, token: "sekrit" })
    const cut = (await (await get(`${REPO}/git/trees/main?recursive=1`)).json()) as {
      truncated: boolean
      tree: []
    }
    assert.isTrue(cut.truncated)
    assert.strictEqual(cut.tree.length, 3)
    assert.strictEqual((await get(`${REPO}/commits/main`, { authorization: "token wrong" })).status, 401)
    assert.strictEqual((await get(`${REPO}/commits/main`, { authorization: "token sekrit" })).status, 200)
    fake!.setFaults([
      { kind: "secondary-429", retryAfter: 7 },
      { kind: "primary", resetInSeconds: 30 },
      { kind: "server-error", status: 503 },
      { kind: "truncate" },
      { kind: "reset" }
    ])
    const limited = await get(`${REPO}/commits/main`)
    assert.strictEqual(limited.status, 429)
    assert.strictEqual(limited.headers.get("retry-after"), "7")
    assert.match(((await limited.json()) as { message: string }).message, /secondary rate limit/)
    const primary = await get(`${REPO}/commits/main`)
    assert.strictEqual(primary.status, 403)
    assert.strictEqual(primary.headers.get("x-ratelimit-remaining"), "0")
    assert.strictEqual((await get(`${REPO}/commits/main`)).status, 503)
    const truncated = await get(`${REPO}/git/blobs/${GIT.digest}`)
    let failed = false
    await truncated.arrayBuffer().catch(() => {
      failed = true
    })
    assert.isTrue(failed)
    let reset = false
    await get(`${REPO}/commits/main`).catch(() => {
      reset = true
    })
    assert.isTrue(reset)
    assert.strictEqual((await get(`${REPO}/commits/main`)).status, 200)
    assert.deepStrictEqual(
      fake!.log.slice(-6).map((entry) => entry.fault),
      ["secondary-429", "primary", "server-error", "truncate", "reset", null]
    )
  })
})
