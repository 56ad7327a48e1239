/**
 * bin/bundleCache.js: a bundle runs as a CommonJS module, from V8's code cache once a run has made it, never from
 * the cache of other bytes (of the same length, which V8 alone would accept) or other flags; and the CLI's bundle
 * has no dynamic import(), which a script compiled from a cache cannot make on Node 20. Each run is a process of
 * its own: the cache is written as the process exits.
 */
import { execFileSync } from "node:child_process"
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { build } from "esbuild"
import { describe, expect, it } from "vitest"
import { bundleSha256, cacheFileOf, runFlags } from "../../bin/bundleCache.js"
import { heapGrowthFlag } from "../../bin/heapGrowth.js"
import { repoRoot, tempDir } from "../support/cli.ts"

const runner = `import { runBundle } from ${JSON.stringify(join(repoRoot, "bin", "bundleCache.js"))}
const used = runBundle(process.argv[2], process.argv[3] ?? "")
process.stdout.write(\` used=\${used}\`)
`

/** A bundle that prints what a CommonJS module sees. */
const bundleSource = (word: string) => `const path = require("node:path")
process.stdout.write([${JSON.stringify(word)}, path.basename(__filename), typeof module.exports].join(" "))
`

const setUp = () => {
  const dir = tempDir("bundle-cache")
  writeFileSync(join(dir, "run.mjs"), runner)
  const bundle = join(dir, "bundle.cjs")
  const run = (flags?: string) =>
    execFileSync(process.execPath, [join(dir, "run.mjs"), bundle, ...(flags === undefined ? [] : [flags])], {
      encoding: "utf8"
    })
  const caches = () => readdirSync(dir).filter((name) => name.endsWith(".v8cache"))
  return { bundle, run, caches }
}

describe("runBundle", () => {
  it("runs the bundle as a CommonJS module, then from the cache its first run wrote", () => {
    const { bundle, run, caches } = setUp()
    writeFileSync(bundle, bundleSource("alpha"))
    expect(run()).toBe("alpha bundle.cjs object used=false")
    expect(caches()).toHaveLength(1)
    expect(run()).toBe("alpha bundle.cjs object used=true")
    expect(run()).toBe("alpha bundle.cjs object used=true")
  })

  it("never runs another bundle's cache, even of the same length, and drops it", () => {
    const { bundle, run, caches } = setUp()
    writeFileSync(bundle, bundleSource("alpha"))
    run()
    const before = caches()
    writeFileSync(bundle, bundleSource("omega"))
    expect(run()).toBe("omega bundle.cjs object used=false")
    expect(caches()).toHaveLength(1)
    expect(caches()).not.toEqual(before)
    expect(run()).toBe("omega bundle.cjs object used=true")
  })

  it("keeps one cache per set of V8 flags, so runs under other flags do not take turns rewriting it", () => {
    const { bundle, run, caches } = setUp()
    writeFileSync(bundle, bundleSource("alpha"))
    run()
    expect(run("--heap-growing-percent=30")).toContain("used=false")
    expect(caches()).toHaveLength(2)
    expect(run()).toContain("used=true")
    expect(run("--heap-growing-percent=30")).toContain("used=true")
  })

  it("the CLI's sources make no dynamic import(): esbuild finds none to bundle or leave to Node", async () => {
    const result = await build({
      entryPoints: [join(repoRoot, "src", "cli", "main.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      write: false,
      metafile: true,
      logLevel: "silent",
      define: { "import.meta.url": "importMetaUrl" }
    })
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports)
    expect(imports.length).toBeGreaterThan(100)
    expect(imports.filter((entry) => entry.kind === "dynamic-import")).toEqual([])
  })

  it("runs a bundle that says so in strict mode, as the CLI's does (its banner), like the ES module it was", () => {
    const { bundle, run } = setUp()
    writeFileSync(
      bundle,
      `"use strict";\nprocess.stdout.write(String((function () { return this })() === undefined))\n`
    )
    expect(run()).toBe("true used=false")
    expect(readFileSync(join(repoRoot, "dist", "digest-feeds.cjs"), "utf8").startsWith('"use strict";')).toBe(
      true
    )
  })

  it("runs the real CLI from the cache the build made, without writing it again", () => {
    const bundle = join(repoRoot, "dist", "digest-feeds.cjs")
    const flags = runFlags(heapGrowthFlag([], undefined), [], undefined)
    const cache = cacheFileOf(bundle, bundleSha256(readFileSync(bundle)), flags)
    const before = statSync(cache)
    const version = execFileSync(process.execPath, [join(repoRoot, "bin", "digest-feeds.js"), "--version"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" }
    })
    expect(version.trim()).toBe(
      JSON.parse(execFileSync("npm", ["pkg", "get", "version"], { cwd: repoRoot, encoding: "utf8" }))
    )
    // rejected by V8, or never read, the cache would be written anew as the process exited: another inode
    const after = statSync(cache)
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs])
  })
})
