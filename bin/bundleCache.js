// Runs the CommonJS bundle with V8's code cache, so that a run does not parse and compile 5.7 MB of JavaScript
// before it starts: 295-363 ms in the CPU profiles of `--version` and of a night with nothing new (issue #16).
// Node 22.1+ has module.enableCompileCache for this; Node 20, which the nightly runs, has only vm.Script's
// cachedData, so the bundle is compiled here as Node compiles a CommonJS module. The cache sits beside the bundle,
// named by what V8 checks and more: the bundle's bytes (V8 itself checks only their length), Node's version and
// the V8 flags set (a cache made under other flags is rejected). When the folder is read-only the run goes on
// uncached; a cache V8 rejects is written again. The bundle starts with "use strict" (the build's banner), as the
// ES module it was before was strict by definition.
import { createHash } from "node:crypto"
import { accessSync, constants, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { basename, dirname, join } from "node:path"
import vm from "node:vm"

const CACHE_SUFFIX = ".v8cache"

/** The flags that name a run's cache: the heap flag bin sets, Node's command line and NODE_OPTIONS. */
export const runFlags = (heapFlag, execArgv, nodeOptions) =>
  [heapFlag ?? "", ...execArgv, nodeOptions ?? ""].join(" ")

const shortHash = (...parts) => {
  const hash = createHash("sha256")
  for (const part of parts) hash.update(part).update("\0")
  return hash.digest("hex").slice(0, 16)
}

/**
 * The environment variable bin sets to `SHA256 PATH` of the bundle it runs: the bundle at PATH takes the hash as its
 * code fingerprint instead of hashing itself again; any other bundle (a child process of another checkout, which
 * inherits the variable) ignores it.
 */
export const BUNDLE_SHA256_VARIABLE = "DIGEST_FEEDS_BUNDLE_SHA256"

/** The SHA-256 of the bundle's bytes, in hex. */
export const bundleSha256 = (bytes) => createHash("sha256").update(bytes).digest("hex")

/**
 * The cache file of `bundlePath` for the bundle of this SHA-256 (`.NAME.BUNDLE-RUNTIME.v8cache`) under this
 * Node and these V8 flags: one file per set of flags, as tests and the nightly run the bundle under different ones.
 */
export const cacheFileOf = (bundlePath, sha256, v8Flags) =>
  join(
    dirname(bundlePath),
    `.${basename(bundlePath)}.${sha256.slice(0, 16)}-${shortHash(process.version, process.arch, v8Flags)}${CACHE_SUFFIX}`
  )

const writable = (folder) => {
  try {
    accessSync(folder, constants.W_OK)
    return true
  } catch {
    return false
  }
}

const readCache = (file) => {
  try {
    return readFileSync(file)
  } catch {
    return undefined
  }
}

/**
 * Writes the cache by rename (a run reading it meanwhile sees all of it or none); drops earlier bundles' caches.
 * Never throws: it runs as the process exits, and a cache is only ever a saving.
 */
const writeCache = (bundlePath, file, makeData) => {
  try {
    const data = makeData()
    const folder = dirname(file)
    const prefix = `.${basename(bundlePath)}.`
    const current = basename(file).slice(0, prefix.length + 16)
    for (const name of readdirSync(folder))
      if (name.startsWith(prefix) && name.endsWith(CACHE_SUFFIX) && !name.startsWith(current))
        rmSync(join(folder, name), { force: true })
    const temporary = `${file}.${process.pid}.tmp`
    writeFileSync(temporary, data)
    renameSync(temporary, file)
  } catch {
    // a read-only install: every run compiles, as without the cache
  }
}

/**
 * Runs the CommonJS bundle at `bundlePath` as `require` would, from V8's code cache when there is a valid one.
 * Without one, and when the folder can be written, the cache is made as the process exits, holding every
 * function that run compiled; it is not made again while V8 accepts it (`npm run build` makes it with a
 * `--version` run: the bundle's top level and the CLI's start, the part every command pays).
 * The bundle must not call import(): on Node 20 a script compiled from a cache loses its dynamic import
 * callback (vm's USE_MAIN_CONTEXT_DEFAULT_LOADER included), and esbuild's CommonJS output of our sources has
 * none (test/cli/bundleCache.test.ts checks). Returns whether the cache was used (for the tests).
 */
export const runBundle = (bundlePath, v8Flags = "") => {
  // read once: the bytes' hash names the cache and is the run's code fingerprint (src/cli/codeFingerprint.ts
  // takes it from the environment rather than read and hash the 5.7 MB again), the text runs
  const bytes = readFileSync(bundlePath)
  const source = bytes.toString("utf8")
  const sha256 = bundleSha256(bytes)
  process.env[BUNDLE_SHA256_VARIABLE] = `${sha256} ${bundlePath}`
  const cacheFile = cacheFileOf(bundlePath, sha256, v8Flags)
  const cachedData = readCache(cacheFile)
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundlePath,
    ...(cachedData === undefined ? {} : { cachedData })
  })
  const used = cachedData !== undefined && !script.cachedDataRejected
  if (!used && writable(dirname(bundlePath)))
    process.once("exit", () => writeCache(bundlePath, cacheFile, () => script.createCachedData()))
  const module = { exports: {}, filename: bundlePath, id: bundlePath, loaded: false }
  script
    .runInThisContext()
    .call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath))
  module.loaded = true
  return used
}
