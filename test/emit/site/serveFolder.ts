/** A loopback static file server that serves a folder under a sub-path, as GitHub Pages serves a project. */
import { readFile, stat } from "node:fs/promises"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { extname, join, normalize, sep } from "node:path"

// The types GitHub Pages gives these files (it serves `.xml` as application/xml, not as a feed type).
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".xml": "application/xml",
  ".json": "application/json; charset=utf-8",
  ".opml": "text/x-opml",
  ".bib": "application/x-bibtex; charset=utf-8",
  ".png": "image/png",
  ".js": "text/javascript; charset=utf-8"
}

export interface ServedFolder {
  /** `http://127.0.0.1:PORT/SUBPATH/`, the page's URL. */
  readonly url: string
  /** Every path asked for, in order: proof the page asked for nothing unexpected. */
  readonly requests: ReadonlyArray<string>
  readonly close: () => Promise<void>
}

/** Serves `folder` at `/${subPath}/` on 127.0.0.1 (a free port); anything outside the sub-path is a 404. */
export const serveFolder = async (folder: string, subPath: string): Promise<ServedFolder> => {
  const requests: Array<string> = []
  const prefix = `/${subPath}/`
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname)
    requests.push(pathname)
    const send = (status: number, body: string | Buffer, type = "text/plain; charset=utf-8") => {
      response.writeHead(status, { "content-type": type, "cache-control": "no-store" })
      response.end(body)
    }
    if (!pathname.startsWith(prefix)) return send(404, "outside the site\n")
    const relative = normalize(pathname.slice(prefix.length) || "index.html")
    if (relative.startsWith("..") || relative.split(sep).includes("..")) return send(403, "no\n")
    const file = join(folder, relative)
    stat(file)
      .then((info) => (info.isDirectory() ? join(file, "index.html") : file))
      .then(async (target) =>
        send(200, await readFile(target), CONTENT_TYPES[extname(target)] ?? "text/plain")
      )
      .catch(() => send(404, "not found\n"))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
  }
}
