/** Builds the gzip tarball GitHub serves for a commit: a pax global header, then `owner-repo-sha7/` and its files. */
import { gzipSync } from "node:zlib"
import { Header, Pax } from "tar"
import type { FakeCommit, FakeRepo } from "./GitHubFakeRepo.ts"

const pad = (bytes: Buffer): Array<Buffer> =>
  bytes.byteLength % 512 === 0 ? [bytes] : [bytes, Buffer.alloc(512 - (bytes.byteLength % 512))]

const header = (path: string, type: "File" | "Directory", size: number): Array<Buffer> => {
  const block = Buffer.alloc(512)
  const entry = new Header({
    path,
    type,
    size,
    mode: type === "File" ? 0o644 : 0o775,
    mtime: new Date(0),
    uname: "",
    gname: ""
  })
  // Long paths need a pax extended header before the entry, as git archive writes them.
  const needPax = entry.encode(block, 0)
  return needPax ? [new Pax({ path }).encode(), block] : [block]
}

/** The archive's top folder, as GitHub names it. */
export const tarballPrefix = (repo: FakeRepo, commit: FakeCommit): string =>
  `${repo.owner}-${repo.name}-${commit.sha.slice(0, 7)}/`

/** The gzip tar of a commit's whole tree. */
export const buildTarball = (repo: FakeRepo, commit: FakeCommit): Buffer => {
  const prefix = tarballPrefix(repo, commit)
  const blocks: Array<Buffer> = [
    new Pax({ comment: commit.sha }, true).encode(),
    ...header(prefix, "Directory", 0)
  ]
  for (const item of repo.walk(commit.root)) {
    if (item.type === "tree") blocks.push(...header(`${prefix}${item.path}/`, "Directory", 0))
    else {
      const bytes = repo.blobs.get(item.sha)!
      blocks.push(...header(prefix + item.path, "File", bytes.byteLength), ...pad(bytes))
    }
  }
  blocks.push(Buffer.alloc(1024))
  return gzipSync(Buffer.concat(blocks), { level: 1 })
}

/** A gzip tar of the given files under `prefix`, as GitHub lays them out (for tests of the extraction alone). */
export const filesTarball = (prefix: string, files: ReadonlyArray<readonly [string, Buffer]>): Buffer =>
  gzipSync(
    Buffer.concat([
      ...header(prefix, "Directory", 0),
      ...files.flatMap(([path, bytes]) => [
        ...header(prefix + path, "File", bytes.byteLength),
        ...pad(bytes)
      ]),
      Buffer.alloc(1024)
    ]),
    { level: 1 }
  )
