/** An in-memory git repository for the fake GitHub API: real blob, tree and commit SHA-1s, one branch of commits. */
import { createHash } from "node:crypto"

/** A file of the fake repository; text is stored as UTF-8. */
export interface RepoFile {
  readonly path: string
  readonly content: string | Uint8Array
}

/** One entry of a git tree object, with its full path for recursive listings. */
export interface TreeItem {
  readonly name: string
  readonly path: string
  readonly type: "blob" | "tree"
  readonly sha: string
  readonly size: number | undefined
}

export interface FakeCommit {
  readonly sha: string
  readonly parent: string | null
  readonly message: string
  readonly root: string
  /** Author and committer time, epoch seconds. */
  readonly time: number
  /** path -> blob SHA */
  readonly files: ReadonlyMap<string, string>
}

/** Changes making one commit; `rename` keeps the bytes under a new path. */
export interface RepoChanges {
  readonly put?: ReadonlyArray<RepoFile>
  readonly remove?: ReadonlyArray<string>
  readonly rename?: ReadonlyArray<readonly [from: string, to: string]>
  readonly message?: string
  /** The commit's time (ISO 8601); default a minute after the previous commit. Later commits follow it. */
  readonly at?: string
}

const sha1 = (...parts: ReadonlyArray<string | Uint8Array>): string => {
  const hash = createHash("sha1")
  for (const part of parts) hash.update(part)
  return hash.digest("hex")
}

/** `git hash-object` of the bytes. */
export const blobShaOf = (bytes: Uint8Array): string => sha1(`blob ${bytes.byteLength}\0`, bytes)

const toBytes = (content: string | Uint8Array): Buffer =>
  typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content)

// Git orders tree entries by name, a folder compared as if its name ended with "/".
const gitOrder = (a: TreeItem, b: TreeItem): number => {
  const ka = a.type === "tree" ? `${a.name}/` : a.name
  const kb = b.type === "tree" ? `${b.name}/` : b.name
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

export class FakeRepo {
  readonly blobs = new Map<string, Buffer>()
  /** Tree objects by SHA (content-addressed, so unchanged folders are shared by commits). */
  readonly trees = new Map<string, ReadonlyArray<TreeItem>>()
  readonly commits = new Map<string, FakeCommit>()
  head: string
  private clock = 1_750_000_000

  constructor(
    readonly owner: string,
    readonly name: string,
    readonly branch: string,
    files: ReadonlyArray<RepoFile>
  ) {
    this.head = this.makeCommit(null, new Map(), { put: files, message: "initial import" })
  }

  /** Makes one commit on the branch and returns its SHA. */
  commit(changes: RepoChanges): string {
    const parent = this.commits.get(this.head)!
    this.head = this.makeCommit(parent.sha, new Map(parent.files), changes)
    return this.head
  }

  put(path: string, content: string | Uint8Array): string {
    return this.commit({ put: [{ path, content }], message: `update ${path}` })
  }

  remove(path: string): string {
    return this.commit({ remove: [path], message: `delete ${path}` })
  }

  rename(from: string, to: string): string {
    return this.commit({ rename: [[from, to]], message: `rename ${from} to ${to}` })
  }

  /** The commit a ref names: the branch (`main`, `heads/main`, `refs/heads/main`) or a SHA (7+ characters). */
  resolve(ref: string): FakeCommit | undefined {
    const name = ref.replace(/^refs\//, "").replace(/^heads\//, "")
    if (name === this.branch) return this.commits.get(this.head)
    if (!/^[0-9a-f]{7,40}$/.test(ref)) return undefined
    const exact = this.commits.get(ref)
    if (exact !== undefined) return exact
    const found = [...this.commits.keys()].filter((sha) => sha.startsWith(ref))
    return found.length === 1 ? this.commits.get(found[0]!) : undefined
  }

  /** The file's bytes at a ref (default: the branch head). */
  read(path: string, ref: string = this.head): Buffer | undefined {
    const sha = this.resolve(ref)?.files.get(path)
    return sha === undefined ? undefined : this.blobs.get(sha)
  }

  /** Every entry under a tree, depth first in git order, as a recursive tree listing has them. */
  walk(treeSha: string): Array<TreeItem> {
    const out: Array<TreeItem> = []
    const visit = (sha: string, prefix: string) => {
      for (const item of this.trees.get(sha) ?? []) {
        out.push({ ...item, path: prefix + item.name })
        if (item.type === "tree") visit(item.sha, `${prefix}${item.name}/`)
      }
    }
    visit(treeSha, "")
    return out
  }

  /** The tree at `path` ("" for the root) in a commit, or undefined. */
  treeAt(commit: FakeCommit, path: string): string | undefined {
    let sha: string | undefined = commit.root
    for (const name of path.split("/").filter((part) => part !== "")) {
      sha = this.trees.get(sha ?? "")?.find((item) => item.type === "tree" && item.name === name)?.sha
    }
    return sha
  }

  private makeCommit(parent: string | null, files: Map<string, string>, changes: RepoChanges): string {
    for (const [from, to] of changes.rename ?? []) {
      const sha = files.get(from)
      if (sha === undefined) throw new Error(`fake repo: no file ${from} to rename`)
      files.delete(from)
      files.set(to, sha)
    }
    for (const path of changes.remove ?? []) {
      if (!files.delete(path)) throw new Error(`fake repo: no file ${path} to delete`)
    }
    for (const file of changes.put ?? []) {
      const bytes = toBytes(file.content)
      const sha = blobShaOf(bytes)
      this.blobs.set(sha, bytes)
      files.set(file.path, sha)
    }
    const root = this.writeTrees(files)
    this.clock = changes.at === undefined ? this.clock + 60 : Math.floor(Date.parse(changes.at) / 1000)
    const message = changes.message ?? "update"
    const body =
      `tree ${root}\n${parent === null ? "" : `parent ${parent}\n`}` +
      `author Fake Bot <bot@example.invalid> ${this.clock} +0000\n` +
      `committer Fake Bot <bot@example.invalid> ${this.clock} +0000\n\n${message}\n`
    const sha = sha1(`commit ${Buffer.byteLength(body)}\0`, body)
    this.commits.set(sha, { sha, parent, message, root, time: this.clock, files })
    return sha
  }

  private writeTrees(files: ReadonlyMap<string, string>): string {
    // folder path -> child name -> blob SHA or nested folder path
    const folders = new Map<string, Map<string, { blob: string } | { folder: string }>>([["", new Map()]])
    for (const [path, sha] of files) {
      const parts = path.split("/")
      let folder = ""
      for (const part of parts.slice(0, -1)) {
        const child = folder === "" ? part : `${folder}/${part}`
        if (!folders.has(child)) {
          folders.set(child, new Map())
          folders.get(folder)!.set(part, { folder: child })
        }
        folder = child
      }
      folders.get(folder)!.set(parts[parts.length - 1]!, { blob: sha })
    }
    const write = (folder: string): string => {
      const items: Array<TreeItem> = []
      for (const [name, child] of folders.get(folder)!) {
        if ("blob" in child) {
          items.push({
            name,
            path: name,
            type: "blob",
            sha: child.blob,
            size: this.blobs.get(child.blob)!.byteLength
          })
        } else items.push({ name, path: name, type: "tree", sha: write(child.folder), size: undefined })
      }
      items.sort(gitOrder)
      const body = Buffer.concat(
        items.flatMap((item) => [
          Buffer.from(`${item.type === "tree" ? "40000" : "100644"} ${item.name}\0`),
          Buffer.from(item.sha, "hex")
        ])
      )
      const sha = sha1(`tree ${body.byteLength}\0`, body)
      this.trees.set(sha, items)
      return sha
    }
    return write("")
  }
}
