/** The landing page in headless Chromium, served under a sub-path as GitHub Pages does: loads, links resolve. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { type Browser, chromium, type Page } from "playwright-core"
import { CHROMIUM_ARGS, ensureChromium, INSTALL_TIMEOUT_MS } from "../../support/chromium.ts"
import { type ServedFolder, serveFolder } from "./serveFolder.ts"
import { hostilePaper, realPapers, siteInput } from "./siteFixtures.ts"
import { writeStubSite } from "./writeStubSite.ts"

/** Screenshots land here (CI uploads the folder); the path is printed so a person can look. */
const ARTIFACTS = process.env["DIGEST_FEEDS_ARTIFACTS"] ?? join(tmpdir(), "digest-feeds-artifacts")

const FEED_BODIES: Readonly<Record<string, { type: RegExp; body: RegExp }>> = {
  "application/rss+xml": { type: /^(application|text)\/(rss\+)?xml\b/, body: /<rss version="2\.0"/ },
  "application/atom+xml": {
    type: /^(application|text)\/(atom\+)?xml\b/,
    body: /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/
  },
  "application/feed+json": {
    type: /^application\/(feed\+)?json\b/,
    body: /"version":\s*"https:\/\/jsonfeed\.org\/version\/1\.1"/
  }
}

interface PageIssues {
  readonly console: Array<string>
  readonly failed: Array<string>
}

const isPng = (bytes: Buffer): boolean =>
  bytes.subarray(0, 8).equals(Buffer.from("\x89PNG\r\n\x1a\n", "latin1"))

describe("landing page in Chromium", () => {
  let browser: Browser
  let site: ServedFolder
  let folder: string

  beforeAll(async () => {
    const install = await ensureChromium()
    console.log(
      `chromium: ${install.executablePath} (${install.installed ? "installed" : "present"}, ${install.seconds}s)`
    )
    folder = mkdtempSync(join(tmpdir(), "digest-feeds-site-"))
    writeStubSite(folder, siteInput([hostilePaper, ...realPapers]))
    site = await serveFolder(folder, "digest-feeds")
    browser = await chromium.launch({ executablePath: install.executablePath, args: [...CHROMIUM_ARGS] })
  }, INSTALL_TIMEOUT_MS)

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true })
  })

  const open = async (width: number, height: number): Promise<{ page: Page; issues: PageIssues }> => {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 })
    const issues: PageIssues = { console: [], failed: [] }
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") issues.console.push(message.text())
    })
    page.on("pageerror", (error) => issues.console.push(String(error)))
    page.on("requestfailed", (request) =>
      issues.failed.push(`${request.url()} ${request.failure()?.errorText}`)
    )
    page.on("response", (response) => {
      if (response.status() >= 400) issues.failed.push(`${response.url()} ${response.status()}`)
    })
    const response = await page.goto(site.url, { waitUntil: "load" })
    assert.strictEqual(response?.status(), 200)
    return { page, issues }
  }

  it("loads without console errors, failed or outside requests", async () => {
    const before = site.requests.length
    const { page, issues } = await open(1280, 900)
    assert.deepStrictEqual(issues, { console: [], failed: [] })
    assert.deepStrictEqual(site.requests.slice(before), ["/digest-feeds/"], "the page asks for nothing else")
    assert.strictEqual(await page.title(), siteInput([]).pipeline.title)
    // The hostile title is text on screen, and no script ran.
    assert.include(
      await page.locator("#arxiv-2510\\.00001-title").textContent(),
      `<script>alert("x")</script>`
    )
    await page.close()
  })

  it("resolves every autodiscovery link to the generated feed, under the sub-path", async () => {
    const { page } = await open(1280, 900)
    const links = await page.locator('link[rel="alternate"]').evaluateAll((elements) =>
      elements.map((e) => ({
        type: e.getAttribute("type") ?? "",
        href: (e as unknown as { href: string }).href
      }))
    )
    assert.strictEqual(links.length, 6)
    for (const { type, href } of links) {
      assert.isTrue(href.startsWith(site.url), `${href} stays under ${site.url}`)
      const response = await fetch(href)
      const expected = FEED_BODIES[type]!
      assert.strictEqual(response.status, 200, href)
      assert.match(response.headers.get("content-type") ?? "", expected.type, href)
      assert.match(await response.text(), expected.body, href)
    }
    await page.close()
  })

  it("resolves every same-site link on the page (feeds, OPML, downloads)", async () => {
    const { page } = await open(1280, 900)
    const hrefs = await page
      .locator("a[href]")
      .evaluateAll((anchors) => anchors.map((a) => (a as unknown as { href: string }).href))
    const local = [...new Set(hrefs.filter((href) => href.startsWith(site.url)))]
    assert.isAtLeast(local.length, 16, "12 feeds + 4 downloads")
    for (const href of local) assert.strictEqual((await fetch(href)).status, 200, href)
    await page.close()
  })

  it("renders Chinese with a CJK font, fits a phone screen, and takes screenshots", async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    for (const [name, width, height] of [
      ["desktop", 1280, 900],
      ["phone", 390, 844]
    ] as const) {
      const { page, issues } = await open(width, height)
      assert.deepStrictEqual(issues, { console: [], failed: [] })
      // Which fonts drew the title's glyphs, straight from the renderer (no guessing from pixels).
      const cdp = await page.context().newCDPSession(page)
      const { root } = await cdp.send("DOM.getDocument", { depth: -1 })
      await cdp.send("CSS.enable")
      const { nodeId } = await cdp.send("DOM.querySelector", {
        nodeId: root.nodeId,
        selector: "#arxiv-2510\\.03232-title"
      })
      const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId })
      const cjk = fonts.filter((font) => /CJK|Source Han/i.test(font.familyName))
      assert.isAtLeast(
        cjk.reduce((sum, font) => sum + font.glyphCount, 0),
        20,
        JSON.stringify(fonts)
      )
      const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth")
      assert.isAtMost(overflow, 0, `${name}: no horizontal scrolling`)
      const file = join(ARTIFACTS, `index-${name}.png`)
      await page.screenshot({ path: file, fullPage: true })
      const png = readFileSync(file)
      assert.isTrue(isPng(png), file)
      assert.strictEqual(png.readUInt32BE(16), width, "IHDR width")
      assert.isAbove(png.length, 30_000, "a real page, not a blank")
      console.log(
        `screenshot: ${file} (${png.length} bytes, fonts ${cjk.map((f) => f.familyName).join(", ")})`
      )
      await page.close()
    }
  })
})
