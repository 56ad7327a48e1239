/**
 * A loopback fake of the arXiv API (`/api/query?id_list=…`, GET and POST) for tests and benchmarks: the answers
 * of arxivResponder.ts (real recordings, synthetic entries, injected faults) sent over a real socket, every
 * request logged with the time on the server's clock.
 */
import { readdirSync, readFileSync } from "node:fs"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { type ArxivResponder, type FakeArxivOptions, makeArxivResponder } from "./arxivResponder.ts"

export type { ArxivFault, FakeArxivOptions, FakeArxivRequest } from "./arxivResponder.ts"

export interface FakeArxiv extends Omit<ArxivResponder, "answer"> {
  /** The query endpoint: `http://127.0.0.1:PORT/api/query`. */
  readonly url: string
  readonly close: () => Promise<void>
}

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    request.on("error", reject)
  })

export const startFakeArxiv = async (options: FakeArxivOptions = {}): Promise<FakeArxiv> => {
  const clock = options.clock ?? (() => performance.now())
  const responder = makeArxivResponder(options)
  const sockets = new Set<Socket>()

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const time = clock()
    const url = new URL(request.url ?? "/", "http://127.0.0.1")
    const params = request.method === "POST" ? new URLSearchParams(await readBody(request)) : url.searchParams
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs))
    const answer = responder.answer({
      time,
      method: request.method ?? "",
      path: url.pathname,
      params,
      userAgent: request.headers["user-agent"] ?? "",
      contentType: request.headers["content-type"] ?? ""
    })
    if (answer.kind === "hang") return
    if (answer.kind === "reset") return request.socket.destroy()
    response.writeHead(answer.status, answer.headers)
    response.end(answer.body)
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy())
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  const { answer: _answer, ...state } = responder
  return {
    ...state,
    url: `http://127.0.0.1:${port}/api/query`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

const FIXTURE_DIGESTS = new URL("../../../shared/fixtures/digests/", import.meta.url)

/** The newest version the fixture digests link each id at: what real arXiv answers, never older. */
export const latestVersionsInFixtures = (): Record<string, number> => {
  const versions: Record<string, number> = {}
  for (const name of readdirSync(FIXTURE_DIGESTS).filter((file) => file.endsWith(".md")))
    for (const [, id, version] of readFileSync(new URL(name, FIXTURE_DIGESTS), "utf8").matchAll(
      /arxiv\.org\/pdf\/((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?\/\d{7}))v(\d+)/g
    ))
      if (id !== undefined) versions[id] = Math.max(versions[id] ?? 1, Number(version))
  return versions
}
