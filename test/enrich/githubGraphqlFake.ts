/** Test helper: a loopback fake of GitHub's GraphQL endpoint answering aliased `repository` queries. */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

export interface FakeRepo {
  readonly nameWithOwner: string
  readonly stargazerCount: number
  readonly isArchived: boolean
  readonly description: string | null
}

export interface FakeGraphql {
  /** Base URL for GITHUB_API_URL (the endpoint is `${url}/graphql`). */
  readonly url: string
  readonly log: ReadonlyArray<{ readonly repos: ReadonlyArray<string>; readonly authorization: string }>
  /** The next `n` requests fail with this HTTP status. */
  readonly failNext: (n: number, status: number) => void
  readonly close: () => Promise<void>
}

/** `repos` is keyed by lowercased `owner/name`; anything else is NOT_FOUND, as GitHub answers. */
export const startFakeGraphql = async (repos: Readonly<Record<string, FakeRepo>>): Promise<FakeGraphql> => {
  const log: Array<{ repos: Array<string>; authorization: string }> = []
  let failures = { left: 0, status: 502 }
  const server = createServer((request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        query: string
        variables: Record<string, string>
      }
      const aliases = [...body.query.matchAll(/(r\d+): repository\(owner: \$(o\d+), name: \$(n\d+)\)/g)]
      const asked = aliases.map(([, , o, n]) => `${body.variables[o ?? ""]}/${body.variables[n ?? ""]}`)
      log.push({ repos: asked, authorization: request.headers.authorization ?? "" })
      if (request.url !== "/graphql" || failures.left > 0) {
        failures = { ...failures, left: failures.left - 1 }
        response.writeHead(failures.status, { "content-type": "application/json" })
        return response.end(JSON.stringify({ message: "Server Error" }))
      }
      const data: Record<string, FakeRepo | null> = {}
      const errors: Array<unknown> = []
      aliases.forEach(([, alias = ""], i) => {
        const repo = repos[(asked[i] ?? "").toLowerCase()] ?? null
        data[alias] = repo
        if (repo === null) {
          errors.push({
            type: "NOT_FOUND",
            path: [alias],
            message: `Could not resolve to a Repository ${asked[i]}`
          })
        }
      })
      response.writeHead(200, { "content-type": "application/json" })
      response.end(JSON.stringify(errors.length > 0 ? { data, errors } : { data }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    failNext: (n, status) => {
      failures = { left: n, status }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
