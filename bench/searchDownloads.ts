/**
 * What one search downloads, in Chromium at 390 px with an empty cache, as bench/site.ts counts it (the files
 * the server was asked for, their sizes on disk, gzip where a host compresses): `node --import tsx
 * bench/searchDownloads.ts FOLDER [QUERY...]`. FOLDER is a published site (search.html, search.js, pagefind/).
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import { chromium } from "playwright-core"
import { serveFolder } from "../test/emit/site/serveFolder.ts"
import { CHROMIUM_ARGS, ensureChromium } from "../test/support/chromium.ts"

const [folder = "outputs", ...asked] = process.argv.slice(2)
const queries = asked.length > 0 ? asked : ["扩散模型", "diffusion"]
const COMPRESSED_BY_HOST = /\.(html|js|json|css)$/

const site = await serveFolder(folder, "digest-feeds")
const browser = await chromium.launch({
  executablePath: ensureChromium().executablePath,
  args: [...CHROMIUM_ARGS]
})
try {
  for (const query of queries) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    const before = site.requests.length
    await page.goto(`${site.url}search.html`, { waitUntil: "load" })
    await page.locator("#q").fill(query)
    await page.waitForFunction(() => {
      const status = (
        globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }
      ).document.getElementById("search-status").textContent
      return status !== "" && status !== "搜索中…"
    })
    const status = await page.locator("#search-status").textContent()
    const paths = site.requests
      .slice(before)
      .map((path) => path.replace(/^\/digest-feeds\//, "") || "index.html")
    await context.close()
    const sizes = paths.map((path) => readFileSync(join(folder, path)))
    const bytes = sizes.reduce((sum, file) => sum + file.length, 0)
    const gzip = sizes.reduce(
      (sum, file, at) => sum + (COMPRESSED_BY_HOST.test(paths[at]!) ? gzipSync(file).length : file.length),
      0
    )
    process.stdout.write(
      `${query}: ${paths.length} requests, ${(bytes / 1024).toFixed(0)} KiB, ${(gzip / 1024).toFixed(0)} KiB with gzip; ${status}\n`
    )
    for (const [at, path] of paths.entries())
      process.stdout.write(`  ${path} ${(sizes[at]!.length / 1024).toFixed(1)} KiB\n`)
  }
} finally {
  await browser.close()
  await site.close()
}
