/**
 * The whole site in Chromium: the arxiv-daily pipeline run on the recorded digests (fake GitHub) with arXiv
 * metadata (fake arXiv), so it has category pages and math, served under a sub-path as GitHub Pages does.
 * Every page reachable from index.html is opened; every link on it resolves, fragments included. Screenshots
 * at desktop and phone widths, light and dark, go to DIGEST_FEEDS_ARTIFACTS (default: the temp folder).
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { type Browser, chromium, type Page } from "playwright-core"
import { type FakeArxiv, startFakeArxiv } from "../../fakes/FakeArxiv.ts"
import { type FakeGitHub, fixtureRepoFiles, startFakeGitHub } from "../../fakes/FakeGitHub.ts"
import { CHROMIUM_ARGS, ensureChromium, INSTALL_TIMEOUT_MS } from "../../support/chromium.ts"
import { tempDir } from "../../support/cli.ts"
import { runInProcess } from "../../support/runInProcess.ts"
import { type ServedFolder, serveFolder } from "./serveFolder.ts"

const ARTIFACTS = process.env["DIGEST_FEEDS_ARTIFACTS"] ?? join(tmpdir(), "digest-feeds-artifacts")
const DESKTOP = { width: 1280, height: 900 }
const PHONE = { width: 390, height: 844 }

interface Crawled {
  /** Site-relative path of every HTML page visited. */
  readonly pages: ReadonlyArray<string>
  /** `page -> href` for each link that did not resolve. */
  readonly broken: ReadonlyArray<string>
  /** Console errors, failed requests, scripts. */
  readonly issues: ReadonlyArray<string>
}

const hrefsOf = (page: Page): Promise<Array<string>> =>
  page
    .locator("a[href], link[href]")
    .evaluateAll((links) => links.map((link) => (link as unknown as { href: string }).href))

/** Breadth-first over the site's HTML pages from index.html; other files are fetched once each. */
const crawl = async (browser: Browser, site: ServedFolder): Promise<Crawled> => {
  const page = await browser.newPage({ viewport: DESKTOP })
  const issues: Array<string> = []
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") issues.push(message.text())
  })
  page.on("requestfailed", (request) => issues.push(`${request.url()} ${request.failure()?.errorText}`))
  const ids = new Map<string, ReadonlySet<string>>()
  const queue = [`${site.url}index.html`]
  const seen = new Set(queue)
  const files = new Map<string, number>()
  const links: Array<readonly [string, string]> = []
  while (queue.length > 0) {
    const url = queue.shift()!
    const response = await page.goto(url, { waitUntil: "load" })
    if (response?.status() !== 200) {
      issues.push(`${url}: ${response?.status()}`)
      continue
    }
    // the search page is the one page with a script, its own file in the search folder
    const scripts = await page.locator("script").evaluateAll((all) => all.map((s) => s.getAttribute("src")))
    const allowed = url.endsWith("/search.html") ? ["pagefind/search.js"] : []
    // search.js loads Pagefind (its worker and WebAssembly) after "load": leaving before that ends aborts those
    // requests, which a fast machine never saw. Waiting for them keeps every request's failure an issue.
    if (url.endsWith("/search.html")) await page.waitForLoadState("networkidle")
    if (JSON.stringify(scripts) !== JSON.stringify(allowed))
      issues.push(`${url} has scripts ${scripts.join(" ")}`)
    ids.set(url, new Set(await page.locator("[id]").evaluateAll((all) => all.map((e) => e.id))))
    for (const href of await hrefsOf(page)) {
      if (!href.startsWith(site.url)) continue
      links.push([url, href])
      const target = href.split("#")[0]!
      if (seen.has(target)) continue
      seen.add(target)
      if (target.endsWith(".html")) queue.push(target)
      else files.set(target, (await fetch(target)).status)
    }
  }
  await page.close()
  const broken = links.flatMap(([from, href]) => {
    const [target, fragment] = href.split("#") as [string, string | undefined]
    const ok = target.endsWith(".html")
      ? ids.has(target) && (fragment === undefined || ids.get(target)!.has(decodeURIComponent(fragment)))
      : files.get(target) === 200
    return ok ? [] : [`${from} -> ${href}`]
  })
  return { pages: [...ids.keys()].map((url) => url.slice(site.url.length)), broken, issues }
}

describe("the whole site in Chromium", () => {
  let browser: Browser
  let site: ServedFolder
  let github: FakeGitHub
  let arxiv: FakeArxiv
  let crawled: Crawled
  let generated: ReadonlyArray<string>

  beforeAll(async () => {
    const install = await ensureChromium()
    github = await startFakeGitHub({ files: fixtureRepoFiles() })
    arxiv = await startFakeArxiv()
    const out = tempDir("site-crawl")
    const run = await runInProcess({
      now: "2026-08-22T00:20:00Z",
      pipeline: "arxiv-daily",
      outDir: out,
      stateDir: tempDir("site-crawl-state"),
      env: { GITHUB_API_URL: github.url, ARXIV_API_URL: arxiv.url, DIGEST_FEEDS_TIME_SCALE: "0.001" }
    })
    assert.strictEqual(run.exitCode, 0, run.error)
    generated = readdirSync(out, { recursive: true, encoding: "utf8" })
      .filter((path) => path.endsWith(".html"))
      .map((path) => path.split("\\").join("/"))
      .sort()
    site = await serveFolder(out, "digest-feeds")
    browser = await chromium.launch({ executablePath: install.executablePath, args: [...CHROMIUM_ARGS] })
    crawled = await crawl(browser, site)
  }, INSTALL_TIMEOUT_MS)

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    await github?.close()
    await arxiv?.close()
  })

  it("reaches every generated page from index.html; every link on every page resolves, fragments included", () => {
    const { pages } = crawled
    assert.deepStrictEqual([...pages].sort(), generated)
    assert.include(pages, "archive.html")
    assert.include(pages, "search.html")
    assert.isAtLeast(pages.filter((p) => p.startsWith("day/")).length, 10)
    assert.isAtLeast(pages.filter((p) => p.startsWith("category/")).length, 1)
    assert.include(pages, "code/index.html")
    assert.deepStrictEqual(crawled.broken, [])
    assert.deepStrictEqual(crawled.issues, [])
  })

  it("renders the math of the abstracts as MathML", async () => {
    const page = await browser.newPage({ viewport: DESKTOP })
    let maths = 0
    for (const path of crawled.pages.filter((p) => p.startsWith("day/"))) {
      await page.goto(`${site.url}${path}`)
      maths += await page.locator("math").count()
    }
    assert.isAtLeast(maths, 10)
    await page.close()
  })

  it("fits a phone's width without sideways scrolling, in light and dark, and screenshots each kind of page", async () => {
    const day = crawled.pages
      .filter((p) => p.startsWith("day/"))
      .sort()
      .at(-1)!
    const category = crawled.pages.find((p) => p.startsWith("category/"))!
    const shots = { landing: "index.html", archive: "archive.html", day, category }
    mkdirSync(ARTIFACTS, { recursive: true })
    const backgrounds = new Set<string>()
    for (const scheme of ["light", "dark"] as const)
      for (const [size, viewport] of [
        ["desktop", DESKTOP],
        ["phone", PHONE]
      ] as const) {
        const page = await browser.newPage({ viewport, colorScheme: scheme })
        for (const [name, path] of Object.entries(shots)) {
          await page.goto(`${site.url}${path}`)
          if (size === "phone") {
            // open every abstract and BibTeX entry: their text must wrap too
            await page.locator("details").evaluateAll((all) => {
              for (const d of all) d.setAttribute("open", "")
            })
            const overflow = await page.evaluate<number>(
              "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert.strictEqual(overflow, 0, `${path} scrolls sideways at ${viewport.width}px (${scheme})`)
          }
          backgrounds.add(await page.evaluate<string>("getComputedStyle(document.body).backgroundColor"))
          const file = join(ARTIFACTS, `site-${name}-${size}-${scheme}.png`)
          writeFileSync(file, await page.screenshot({ fullPage: size === "phone" && name !== "day" }))
        }
        await page.close()
      }
    // the reader's setting picks the theme: two schemes, two page backgrounds
    assert.strictEqual(backgrounds.size, 2)
  })
})
