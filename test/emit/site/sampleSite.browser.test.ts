/**
 * The real thing: the sample pipeline's own outputs/, served under a sub-path as GitHub Pages does, opened in
 * headless Chromium. The page loads cleanly and every feed it announces or links is a generated file.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { type Browser, chromium } from "playwright-core"
import { CHROMIUM_ARGS, ensureChromium, INSTALL_TIMEOUT_MS } from "../../support/chromium.ts"
import { tempDir } from "../../support/cli.ts"
import { runInProcess } from "../../support/runInProcess.ts"
import { type ServedFolder, serveFolder } from "./serveFolder.ts"

const ARTIFACTS = process.env["DIGEST_FEEDS_ARTIFACTS"] ?? join(tmpdir(), "digest-feeds-artifacts")

describe("the sample's landing page in Chromium", () => {
  let browser: Browser
  let site: ServedFolder

  beforeAll(async () => {
    const install = await ensureChromium()
    const out = tempDir("sample-site")
    const run = await runInProcess({
      pipeline: "sample",
      outDir: out,
      stateDir: tempDir("sample-state"),
      env: {}
    })
    assert.strictEqual(run.exitCode, 0, run.error)
    site = await serveFolder(out, "digest-feeds")
    browser = await chromium.launch({ executablePath: install.executablePath, args: [...CHROMIUM_ARGS] })
  }, INSTALL_TIMEOUT_MS)

  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  it("loads without console errors; every announced and linked feed is a generated file", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const issues: Array<string> = []
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") issues.push(message.text())
    })
    page.on("pageerror", (error) => issues.push(String(error)))
    page.on("requestfailed", (request) => issues.push(`${request.url()} ${request.failure()?.errorText}`))
    assert.strictEqual((await page.goto(site.url, { waitUntil: "load" }))?.status(), 200)

    const announced = await page
      .locator('link[rel="alternate"]')
      .evaluateAll((links) => links.map((link) => (link as unknown as { href: string }).href))
    assert.isAtLeast(announced.length, 3)
    for (const href of announced) {
      const response = await fetch(href)
      assert.strictEqual(response.status, 200, href)
      const body = await response.text()
      assert.match(
        body,
        /<rss version="2\.0"|<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"|"version": ?"https:\/\/jsonfeed\.org\/version\/1\.1"/,
        href
      )
    }
    const linked = await page
      .locator("a[href]")
      .evaluateAll((anchors) => anchors.map((a) => (a as unknown as { href: string }).href))
    const local = [...new Set(linked.filter((href) => href.startsWith(site.url)))]
    for (const href of local) assert.strictEqual((await fetch(href)).status, 200, href)
    assert.include(local.join(" "), "papers.bib")
    assert.deepStrictEqual(issues, [])

    mkdirSync(ARTIFACTS, { recursive: true })
    const screenshot = join(ARTIFACTS, "sample-desktop.png")
    writeFileSync(screenshot, await page.screenshot({ fullPage: true }))
    console.log(`screenshot: ${screenshot}`)
    await page.close()
  })
})
