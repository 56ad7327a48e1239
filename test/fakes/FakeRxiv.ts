/** A loopback fake of api.biorxiv.org (`/details/…`) over real HTTP on 127.0.0.1, answering as RxivFakeApi does. */
import { createServer } from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { type FakeRxivRequest, makeRxivFakeApi, type RxivFakeOptions, type RxivFault } from "./RxivFakeApi.ts"

export interface FakeRxiv {
  /** The API's base URL, as RXIV_API_URL takes it: `http://127.0.0.1:PORT`. */
  readonly url: string
  readonly log: ReadonlyArray<FakeRxivRequest>
  readonly setFaults: (faults: ReadonlyArray<RxivFault>, afterQueue?: RxivFault) => void
  /** Connections opened so far (the client keeps one alive and reuses it). */
  readonly connections: () => number
  readonly close: () => Promise<void>
}

export interface FakeRxivServerOptions extends RxivFakeOptions {
  /** The server's clock in milliseconds (default: performance.now()). */
  readonly clock?: () => number
  /** Let the process exit while the server listens (a fake shared by a whole test file, never closed). */
  readonly unref?: boolean
}

export const startFakeRxiv = async (options: FakeRxivServerOptions = {}): Promise<FakeRxiv> => {
  const clock = options.clock ?? (() => performance.now())
  const api = makeRxivFakeApi(options)
  const sockets = new Set<Socket>()
  let connections = 0
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1")
    const reply = api.answer(url.pathname, request.headers["user-agent"] ?? "", clock())
    if (reply.kind === "hang") return
    if (reply.kind === "reset") return request.socket.destroy()
    response.writeHead(reply.status, { "content-type": "application/json; charset=UTF-8", ...reply.headers })
    response.end(reply.body)
  })
  // Node closes an idle keep-alive socket after 5 s: on a loaded machine two requests of one run can be further
  // apart than that (a full `npm test` saw 2 connections), so the tests that count connections would measure the
  // machine's speed instead of the client's reuse.
  server.keepAliveTimeout = 60_000
  server.on("connection", (socket) => {
    connections += 1
    sockets.add(socket)
    if (options.unref === true) socket.unref()
    socket.on("close", () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  if (options.unref === true) server.unref()
  return {
    url: `http://127.0.0.1:${port}`,
    log: api.log,
    setFaults: api.setFaults,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
