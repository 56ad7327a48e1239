#!/usr/bin/env node
// Entry point of `digest-feeds`. Runs the bundle in dist/ (built by `npm ci`/`npm run build`: it starts in half
// the time and memory of transpiling on the fly, and from V8's code cache in less again: bundleCache.js) unless a
// source file is newer, then the TypeScript through tsx.
import { existsSync, readdirSync, statSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { setFlagsFromString } from "node:v8"
import { runBundle, runFlags } from "./bundleCache.js"
import { heapGrowthFlag } from "./heapGrowth.js"

const heapFlag = heapGrowthFlag(process.execArgv, process.env.NODE_OPTIONS)
if (heapFlag !== undefined) setFlagsFromString(heapFlag)

const bundle = new URL("../dist/digest-feeds.cjs", import.meta.url)
const sources = new URL("../src/", import.meta.url)

const newestSource = (folder) =>
  Math.max(
    0,
    ...readdirSync(folder, { withFileTypes: true }).map((entry) => {
      const child = new URL(entry.name + (entry.isDirectory() ? "/" : ""), folder)
      return entry.isDirectory() ? newestSource(child) : statSync(child).mtimeMs
    })
  )

if (existsSync(bundle) && (!existsSync(sources) || statSync(bundle).mtimeMs >= newestSource(sources))) {
  // V8 rejects a cache made under other flags: they name the cache, so each set of flags keeps its own
  runBundle(fileURLToPath(bundle), runFlags(heapFlag, process.execArgv, process.env.NODE_OPTIONS))
} else {
  const { register } = await import("tsx/esm/api")
  register()
  await import("../src/cli/main.ts")
}
