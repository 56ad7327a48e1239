/**
 * Search, accessibility and screenshots on the sample pipeline's own output, served under a sub-path, in
 * Chromium. What a search must find is computed here from the sample digests (parsed and deduplicated, as the
 * run does), not taken from the run; axe-core checks the landing, a day, a topic and the search page.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { type Browser, chromium, type Page } from "playwright-core"
import { dateFromFileName } from "../../../src/domain/IsoDate.ts"
import type { Paper } from "../../../src/domain/Paper.ts"
import { Problem } from "../../../src/domain/Problem.ts"
import { paperLinks } from "../../../src/domain/paperLinks.ts"
import { dedupePapers } from "../../../src/parse/dedupePapers.ts"
import { parseDigest } from "../../../src/parse/parseDigest.ts"
import { RxivAccumulator } from "../../../src/parse/rxiv/RxivAccumulator.ts"
import { readJsonDay, readRxivDay } from "../../../src/parse/rxiv/readRxivDay.ts"
import { CHROMIUM_ARGS, ensureChromium, INSTALL_TIMEOUT_MS } from "../../support/chromium.ts"
import { repoRoot, tempDir } from "../../support/cli.ts"
import { runInProcess } from "../../support/runInProcess.ts"
import { type ServedFolder, serveFolder } from "./serveFolder.ts"

const ARTIFACTS = process.env["DIGEST_FEEDS_ARTIFACTS"] ?? join(tmpdir(), "digest-feeds-artifacts")
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js")
const DESKTOP = { width: 1280, height: 900 }
/**
 * The sample's newest day is 2026-08-21: with its 14-day refresh window, the recent tier starts here. Its pages
 * fit the default budget in one archive bundle: the run here has a 1-byte budget, a bundle per month (the sample
 * with `searchBundleBytes: 1`), so a search merges many bundles.
 */
const RECENT_FROM = "2026-08-01"
const PHONE = { width: 390, height: 844 }

/**
 * The sample's papers as the run reads them: its arXiv digests, parsed and deduplicated, and its bioRxiv and
 * medRxiv digests, each with its day's upstream JSON, one paper per DOI.
 */
const samplePapers = (): ReadonlyArray<Paper> => {
  const folder = join(repoRoot, "pipelines/sample/digests")
  const names = readdirSync(folder).sort()
  const rows = names
    .filter((name) => name.endsWith("-arxiv.md"))
    .flatMap((name) => {
      const date = dateFromFileName(name)!
      const content = readFileSync(join(folder, name), "utf8")
      return parseDigest({ path: name, date, kind: "arxiv", content }).rows
    })
  const rxiv = new RxivAccumulator()
  for (const name of names.filter((name) => /-(?:bio|med)rxiv\.md$/.test(name))) {
    const date = dateFromFileName(name)!
    const jsonPath = join(folder, "api/daily", `${date}.json`)
    const json = existsSync(jsonPath) ? readJsonDay(jsonPath, readFileSync(jsonPath, "utf8")) : undefined
    const server = name.includes("-biorxiv") ? "biorxiv" : "medrxiv"
    const content = readFileSync(join(folder, name), "utf8")
    const day = readRxivDay({ path: name, date, server, content }, json instanceof Problem ? undefined : json)
    rxiv.add(day.rows)
  }
  return [...dedupePapers(rows), ...rxiv.papers().papers]
}

/** The abstracts a day page shows of a paper without the server's metadata (the sample is read offline). */
const shownAbstracts = (paper: Paper): ReadonlyArray<string> =>
  paper.abstract !== "" && !paper.translationFailed
    ? [paper.abstract, paper.abstractEn ?? ""]
    : paper.abstractEn !== null && paper.abstractEn !== ""
      ? [paper.abstractEn]
      : [paper.abstract]

/** What a day page shows of a paper without the server's metadata. */
const searchableText = (paper: Paper): string =>
  [paper.title, paper.titleEn ?? "", paper.author, paperLinks(paper, null).label, ...shownAbstracts(paper)]
    .join("\n")
    .normalize("NFKC")

/** Where a result must lead: the paper's heading on the day it was first announced. */
const resultHref = (paper: Paper): string => {
  const anchor =
    paper.server === "arxiv" ? `arxiv-${paper.id}` : `doi-${paper.id.replace(/[^A-Za-z0-9.-]/g, "-")}`
  return `day/${[...paper.dates].sort()[0]}.html#${anchor}-title`
}

/** Pagefind matches word prefixes, case-insensitively; a Chinese word is one of the words it segments. */
const expectedHits = (papers: ReadonlyArray<Paper>, term: string): Array<string> => {
  const lower = term.toLowerCase()
  const word = new RegExp(`(?<![\\p{L}\\p{N}])${lower.replace(/[.]/g, "\\.")}`, "u")
  return papers
    .filter((paper) => {
      const text = searchableText(paper).toLowerCase()
      return /\p{Script=Han}/u.test(term) ? text.includes(lower) : word.test(text)
    })
    .map(resultHref)
    .sort()
}

/** The little of the DOM the wait reads (the tests compile without the DOM's types). */
interface StatusDocument {
  readonly document: { getElementById(id: string): { readonly textContent: string } }
}

/** Types a query into search.html, shows every day ("更多"), and returns the result links, site-relative. */
const searchFor = async (page: Page, site: ServedFolder, query: string): Promise<Array<string>> => {
  await page.goto(`${site.url}search.html`)
  await page.locator("#q").fill(query)
  // the status line says when a search or a "more" has finished: it then differs from what it said before
  // (a function, not a string: the search page's CSP allows no eval)
  const settled = (before: string) =>
    page.waitForFunction((previous) => {
      const text = (globalThis as unknown as StatusDocument).document.getElementById(
        "search-status"
      ).textContent
      return text !== "" && text !== "搜索中…" && text !== previous
    }, before)
  await settled("")
  while (await page.locator("#search-more").isVisible()) {
    const before = (await page.locator("#search-status").textContent()) ?? ""
    await page.locator("#search-more").click()
    await settled(before)
  }
  const sitePath = new URL(site.url).pathname
  return (
    await page
      .locator("#search-results li a")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href")!))
  )
    .map((href) => (href.startsWith(sitePath) ? href.slice(sitePath.length) : href))
    .sort()
}

interface AxeViolation {
  readonly id: string
  readonly impact: string | null
  readonly nodes: ReadonlyArray<{ readonly target: ReadonlyArray<string> }>
}

const seriousViolations = async (page: Page): Promise<Array<string>> => {
  await page.addScriptTag({ path: AXE })
  const violations = await page.evaluate<ReadonlyArray<AxeViolation>>(
    "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)"
  )
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)
}

describe("search, accessibility and screenshots on the sample site", () => {
  let browser: Browser
  let site: ServedFolder
  const papers = samplePapers()

  beforeAll(async () => {
    const install = await ensureChromium()
    const out = tempDir("search-site")
    const pipelines = tempDir("search-pipelines")
    mkdirSync(join(pipelines, "sample"))
    symlinkSync(join(repoRoot, "pipelines/sample/digests"), join(pipelines, "sample", "digests"))
    const sample = JSON.parse(readFileSync(join(repoRoot, "pipelines/sample/pipeline.json"), "utf8"))
    writeFileSync(
      join(pipelines, "sample", "pipeline.json"),
      JSON.stringify({ ...sample, searchBundleBytes: 1 })
    )
    const run = await runInProcess({
      pipeline: "sample",
      pipelinesDir: pipelines,
      outDir: out,
      stateDir: tempDir("search-state"),
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

  it("a Chinese word finds exactly the sample's papers that contain it, each linked on its day page", async () => {
    const page = await browser.newPage({ viewport: DESKTOP })
    const issues: Array<string> = []
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") issues.push(message.text())
    })
    page.on("pageerror", (error) => issues.push(String(error)))
    const fragments: Array<string> = []
    page.on("request", (request) => {
      const tier = /\/pagefind\/(recent|archive\/\d{4}-\d{2})\/fragment\//.exec(request.url())?.[1]
      if (tier !== undefined) fragments.push(tier)
    })
    const expected = expectedHits(papers, "扩散")
    assert.isAtLeast(expected.length, 10)
    // the expected papers lie in the recent tier (from 2026-08 on the sample) and in months of the archive,
    // each a bundle of its own here, in 2024, 2025 and 2026
    const tierOf = (href: string) =>
      href.slice(4, 14) >= RECENT_FROM ? "recent" : `archive/${href.slice(4, 11)}`
    const tiers = [...new Set(expected.map(tierOf))].sort()
    assert.includeMembers(tiers, ["recent"])
    assert.deepStrictEqual(
      [...new Set(tiers.filter((tier) => tier !== "recent").map((tier) => tier.slice(8, 12)))],
      ["2024", "2025", "2026"]
    )
    assert.deepStrictEqual(await searchFor(page, site, "扩散"), expected)
    // and were found in every bundle: the day fragments the page listed came from each
    assert.deepStrictEqual([...new Set(fragments)].sort(), tiers)
    assert.deepStrictEqual(issues, [])
    await page.close()
  })

  it("an English word and an arXiv id find exactly the expected papers", async () => {
    const page = await browser.newPage({ viewport: DESKTOP })
    const expected = expectedHits(papers, "diffusion")
    assert.isAtLeast(expected.length, 5)
    assert.deepStrictEqual(await searchFor(page, site, "Diffusion"), expected)
    const one = papers.find((paper) => paper.id === "2510.03232")!
    assert.deepStrictEqual(await searchFor(page, site, "2510.03232"), [resultHref(one)])
    await page.close()
  })

  it("two words find exactly the papers that hold both, not every paper of their days that holds one", async () => {
    const page = await browser.newPage({ viewport: DESKTOP })
    const video = new Set(expectedHits(papers, "video"))
    const expected = expectedHits(papers, "diffusion").filter((href) => video.has(href))
    assert.isAtLeast(expected.length, 2)
    assert.deepStrictEqual(await searchFor(page, site, "video diffusion"), expected)
    await page.close()
  })

  it("a result link opens the day page at the paper", async () => {
    const page = await browser.newPage({ viewport: DESKTOP })
    assert.isNotEmpty(await searchFor(page, site, "扩散"))
    const link = page.locator("#search-results li a").first()
    const href = (await link.getAttribute("href"))!
    await link.click()
    await page.waitForURL(`**${href}`)
    assert.match(href, /\/day\/\d{4}-\d{2}-\d{2}\.html#arxiv-/)
    const id = decodeURIComponent(href.split("#")[1]!)
    const paperId = await page.evaluate<string | undefined>(
      `document.getElementById(${JSON.stringify(id)})?.closest("li.paper")?.id`
    )
    assert.strictEqual(paperId, id.replace(/-title$/, ""))
    const title = await page.locator(`[id="${id}"]`).textContent()
    const paper = papers.find((p) => `arxiv-${p.id}-title` === id)!
    assert.include(title, paper.title.slice(0, 6))
    await page.close()
  })

  it("axe-core finds no serious or critical violation on the landing, a day, a topic and the search page", async () => {
    const pages = { landing: "index.html", day: "day/2025-10-06.html", topic: "topic/llm/index.html" }
    for (const scheme of ["light", "dark"] as const) {
      // axe is injected as a script: the pages' CSP forbids any, so it is bypassed for the check only
      const context = await browser.newContext({ bypassCSP: true, viewport: DESKTOP, colorScheme: scheme })
      const page = await context.newPage()
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(`${site.url}${path}`)
        assert.deepStrictEqual(await seriousViolations(page), [], `${name} (${scheme})`)
      }
      await searchFor(page, site, "扩散")
      assert.isAbove(await page.locator("#search-results mark").count(), 0)
      assert.deepStrictEqual(await seriousViolations(page), [], `search (${scheme})`)
      await context.close()
    }
  })

  it("takes screenshots of the landing, a day and the search page at desktop and phone widths", async () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    for (const [size, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE]
    ] as const) {
      const page = await browser.newPage({ viewport, colorScheme: "light" })
      for (const [name, path] of [
        ["landing", "index.html"],
        ["day", "day/2025-10-06.html"]
      ] as const) {
        await page.goto(`${site.url}${path}`)
        writeFileSync(join(ARTIFACTS, `search-site-${name}-${size}.png`), await page.screenshot())
      }
      await searchFor(page, site, "扩散")
      const overflow = await page.evaluate<number>(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
      )
      assert.strictEqual(overflow, 0, `search.html scrolls sideways at ${viewport.width}px`)
      await page.evaluate("window.scrollTo(0, 0)")
      writeFileSync(join(ARTIFACTS, `search-site-search-${size}.png`), await page.screenshot())
      await page.close()
    }
  })
})
