/** Runs the real `digest-feeds` bin as a child process, the way a user or the workflow does. */
import { execFile } from "node:child_process"
import { createHash } from "node:crypto"
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { type FakeRxiv, startFakeRxiv } from "../fakes/FakeRxiv.ts"

export const repoRoot = new URL("../..", import.meta.url).pathname
export const sharedFixtures = join(repoRoot, "..", "shared", "fixtures")
const bin = join(repoRoot, "bin", "digest-feeds.js")

export interface CliResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Nothing listens on port 9 (discard) here: a service a test did not fake is refused at once, never reached. */
const NOWHERE = "http://127.0.0.1:9"

let sharedRxiv: Promise<FakeRxiv> | undefined

/**
 * The bioRxiv/medRxiv API of every CLI run that names none: one loopback fake per vitest fork (the pipelines read
 * bioRxiv/medRxiv digests, and a test about something else must not reach api.biorxiv.org).
 */
const defaultRxivUrl = async (): Promise<string> => {
  sharedRxiv ??= startFakeRxiv({ unref: true })
  return (await sharedRxiv).url
}

/**
 * `env` with every service a test did not point anywhere sent to a loopback fake (bioRxiv/medRxiv) or to a
 * closed port: no run of a test reaches the internet.
 */
export const withLoopbackServices = async (
  env: Readonly<Record<string, string>>
): Promise<Record<string, string>> => ({
  GITHUB_API_URL: NOWHERE,
  ARXIV_API_URL: NOWHERE,
  RXIV_API_URL: env["RXIV_API_URL"] ?? (await defaultRxivUrl()),
  ...env
})

/**
 * Runs the CLI with `args`; the environment is the given one only (plus PATH), so no ambient token leaks in.
 * Services the test did not point anywhere go to loopback (withLoopbackServices).
 */
export const runCli = async (
  args: ReadonlyArray<string>,
  env: Record<string, string> = {},
  cwd: string = repoRoot
): Promise<CliResult> => {
  const services = await withLoopbackServices(env)
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        cwd,
        env: { PATH: process.env.PATH ?? "", ...services },
        maxBuffer: 64 * 1024 * 1024
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1
        resolve({ code, stdout, stderr })
      }
    )
  })
}

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `digest-feeds-${prefix}-`))

const walk = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? walk(full) : [full]
  })

/** path -> sha256 of every file under `dir` except those `skip` names. */
export const hashTree = (dir: string, skip: ReadonlyArray<string> = []): Record<string, string> =>
  Object.fromEntries(
    walk(dir)
      .map((file) => relative(dir, file))
      .filter((file) => !skip.includes(file))
      .sort()
      .map((file) => [
        file,
        createHash("sha256")
          .update(readFileSync(join(dir, file)))
          .digest("hex")
      ])
  )
