/** Test helper: Debian's headless Chromium and the CJK fonts, installed with apt-get when missing. */
import { execFile, execFileSync } from "node:child_process"
import { existsSync } from "node:fs"
import { promisify } from "node:util"

export const CHROMIUM_PATH = "/usr/bin/chromium"

/** Without the networking flags Chromium keeps trying to reach the internet, which tests must not do. */
export const CHROMIUM_ARGS: ReadonlyArray<string> = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic"
]

/** Chinese needs the Noto CJK fonts, or every glyph is a box. */
const PACKAGES = ["chromium", "fonts-noto-cjk"] as const

/** Enough for `apt-get update` plus ~100 MB of packages on a slow mirror. */
export const INSTALL_TIMEOUT_MS = 15 * 60_000

export interface ChromiumInstall {
  readonly executablePath: string
  /** True when this call ran apt-get. */
  readonly installed: boolean
  readonly seconds: number
}

const installedPackages = (): boolean => {
  try {
    const status = execFileSync("dpkg-query", ["-W", `-f=\${Status}\\n`, ...PACKAGES], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"]
    })
    return (
      status
        .trim()
        .split("\n")
        .filter((line) => line.endsWith(" installed")).length === PACKAGES.length
    )
  } catch {
    return false
  }
}

// Root in containers (CI, here); sudo on a developer machine or a hosted runner.
const asRoot = (argv: Array<string>): [string, Array<string>] =>
  process.getuid?.() === 0 ? [argv[0]!, argv.slice(1)] : ["sudo", argv]

/**
 * Returns the Chromium binary, installing Debian's `chromium` and `fonts-noto-cjk` first when either is
 * missing. Idempotent and safe for parallel test files: the install runs under a lock and re-checks.
 * Asynchronous: a Vitest worker whose event loop is blocked for more than 60 s (apt-get on a fresh machine)
 * misses the runner's RPC deadline, and the run fails with `Timeout calling "onTaskUpdate"` though every test passed.
 */
export const ensureChromium = async (): Promise<ChromiumInstall> => {
  const started = performance.now()
  const seconds = () => Math.round((performance.now() - started) / 100) / 10
  if (existsSync(CHROMIUM_PATH) && installedPackages()) {
    return { executablePath: CHROMIUM_PATH, installed: false, seconds: seconds() }
  }
  const check = `dpkg-query -W -f='\${Status}\\n' ${PACKAGES.join(" ")} 2>/dev/null | grep -c ' installed$' | grep -qx ${PACKAGES.length}`
  const install = `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${PACKAGES.join(" ")}`
  // The lock makes parallel callers wait for one install; the re-check makes the waiters no-ops.
  const [command, args] = asRoot([
    "flock",
    "/tmp/digest-feeds-chromium.lock",
    "sh",
    "-c",
    `${check} || (${install})`
  ])
  try {
    await promisify(execFile)(command, args, { timeout: INSTALL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 })
  } catch (cause) {
    const stderr = (cause as { stderr?: Buffer }).stderr?.toString() ?? ""
    throw new Error(
      `Chromium is missing and installing it failed (${PACKAGES.join(", ")} via apt-get). ` +
        `Install them by hand. ${stderr.slice(-2000)}`,
      { cause }
    )
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get ran but ${CHROMIUM_PATH} is still missing`)
  return { executablePath: CHROMIUM_PATH, installed: true, seconds: seconds() }
}
