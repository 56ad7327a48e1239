/** vitest globalSetup: the CLI tests run bin/digest-feeds.js, which uses dist/ only when it is current. */
import { execFileSync } from "node:child_process"

export default function setup(): void {
  execFileSync("npm", ["run", "build", "--silent"], {
    cwd: new URL("../..", import.meta.url).pathname,
    stdio: "inherit"
  })
}
