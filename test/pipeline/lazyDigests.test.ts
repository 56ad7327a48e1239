/**
 * A run reads only the digest texts it parses: a night with nothing new reads none (the listing's blob SHAs
 * decide it), a night with a rewritten digest reads that one and the few its dirty days need. Counted through the
 * run's FileSystem.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { blobShaOf, type FakeGitHub, fixtureDigest } from "../fakes/FakeGitHub.ts"
import { DIGESTS, type GitHubNights, githubNights } from "../support/githubNights.ts"

describe("a run reads the digest texts it parses, no others", () => {
  let nights: GitHubNights
  let github: FakeGitHub
  let stateDir: string
  /** The digests the rewrite night read besides the rewritten one. */
  let readBeside: Array<string> = []
  const night = async () => {
    const fileReads: Array<string> = []
    const run = await nights.night({ fileReads })
    const mirror = `${join(stateDir, "digests")}/`
    const digestReads = fileReads
      .filter((file) => file.startsWith(mirror))
      .map((file) => file.slice(mirror.length))
    return { report: run.report!, digestReads }
  }

  beforeAll(async () => {
    nights = await githubNights("lazy")
    ;({ github, stateDir } = nights)
  })
  afterAll(() => nights.close())

  it("the first night reads every digest it parses", async () => {
    const { report, digestReads } = await night()
    expect(report.status).toBe("published")
    expect(report.counts.files).toBeGreaterThan(20)
    expect(digestReads).toHaveLength(report.counts.files)
  })

  it("a night with nothing new reads no digest text", async () => {
    const { report, digestReads } = await night()
    expect(report.counts.filesChanged).toBe(0)
    expect(digestReads).toEqual([])
  })

  it("a rewritten digest is read again, with only the digests its days need", async () => {
    const path = `${DIGESTS}/2025-11-11-arxiv.md`
    github.repo.put(path, fixtureDigest("history/2025-11-11-arxiv.before-rewrite.md"))
    const { report, digestReads } = await night()
    expect(digestReads).toContain(path)
    expect(digestReads.length).toBeLessThan(report.counts.files / 2)
    readBeside = digestReads.filter((read) => read !== path)
    expect(readFileSync(join(stateDir, "digests", path))).toEqual(
      fixtureDigest("history/2025-11-11-arxiv.before-rewrite.md")
    )
    const quiet = await night()
    expect(quiet.digestReads).toEqual([])
  })

  it("a digest the run cannot read is a problem naming it, left for the next night, which reads it", async () => {
    const unreadable = readBeside[0]
    expect(unreadable).toBeDefined()
    const mirrored = join(stateDir, "digests", unreadable!)
    const original = readFileSync(mirrored)
    // Altered in place (same size) and not to be had from GitHub again.
    writeFileSync(mirrored, Buffer.from(original.toString("utf8").replace("a", "b")))
    github.setFaults([{ kind: "server-error", match: `/git/blobs/${blobShaOf(original)}`, times: 1000 }])
    const rewritten = `${DIGESTS}/2025-11-11-arxiv.md`
    github.repo.put(rewritten, fixtureDigest("2025-11-11-arxiv.md"))
    const broken = await night()
    expect(broken.digestReads).toContain(unreadable)
    expect(
      broken.report.problems.filter((problem) => problem.code === "mirror-damaged").map((p) => p.file)
    ).toEqual([unreadable])
    github.setFaults([])
    const next = await night()
    expect(next.digestReads).toContain(unreadable)
    expect(next.report.problems.some((problem) => problem.code === "mirror-damaged")).toBe(false)
    expect(readFileSync(mirrored)).toEqual(original)
    const quiet = await night()
    expect(quiet.digestReads).toEqual([])
  })
})
