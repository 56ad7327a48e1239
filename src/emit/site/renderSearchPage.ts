/**
 * `search.html` and its script: a search box over the Pagefind index the pipeline builds from the day pages
 * (pipeline/searchIndex.ts). Pagefind's own UI weighs 141 KB (script and style); this page's script uses
 * Pagefind's JS API directly and lists each matching paper as a link to its place on its day page.
 */
import type { Pipeline } from "../../domain/Pipeline.ts"
import type { Artifact } from "../Artifact.ts"
import { renderPageShell } from "./pageShell.ts"

export const SEARCH_PAGE = "search.html"
/** Where the pipeline writes Pagefind's bundles, one folder each; search.js imports the first one's `pagefind.js`. */
export const SEARCH_INDEX_FOLDER = "pagefind"
/**
 * The page's script lists the bundles, which the search index step decides (their split follows the day pages'
 * sizes): that step writes it, in its folder (pipeline/searchIndex.ts).
 */
export const SEARCH_SCRIPT = `${SEARCH_INDEX_FOLDER}/search.js`

/**
 * The one page that runs a script: its own file and Pagefind's (`'self'`), Pagefind's WebAssembly
 * (`'wasm-unsafe-eval'`), its worker, and the index chunks it fetches; still nothing from elsewhere.
 */
const SEARCH_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; " +
  "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

/** Days whose papers are shown at first and per "more" click: each day costs one fragment download. */
const DAYS_PER_BATCH = 5

// Plain browser JavaScript (ES2020 modules, no build step). Pagefind ranks day pages; each page's
// sub-results are the paper headings (ids) that hold the query's words. Excerpts come from Pagefind as HTML
// with <mark>; only their text and <mark> elements are copied into the page.
// The script lives in the search folder: the bundles' folders (under the site) are reached from "../".
// The primary bundle's pagefind.js runs the search; the others are merged into it (mergeIndex) by an absolute
// path: Pagefind fetches a merged bundle's files from its worker, where a relative path would resolve against
// the worker's URL, and from the page when the worker fails. The path keeps the site's own sub-path.
// Pagefind's options() sets the primary's options only: a merged bundle is given its own. Each bundle tags its
// pages with a filter (its tier: the recent days, or a run of the archive's months), so the page can search one bundle
// at a time (see holdsEvery).
/** search.js over the given bundles (folders under the site, the primary first). Pure. */
export const renderSearchScript = (bundles: ReadonlyArray<string>): string => {
  const [primary = SEARCH_INDEX_FOLDER, ...merged] = bundles
  // a bundle's tier is its folder under the search folder: "recent", "archive/2025-01"
  const tierOf = (folder: string) =>
    JSON.stringify(
      folder.startsWith(`${SEARCH_INDEX_FOLDER}/`) ? folder.slice(SEARCH_INDEX_FOLDER.length + 1) : folder
    )
  const merges = merged
    .map(
      (folder) =>
        `  await pagefind.mergeIndex(new URL("../${folder}/", import.meta.url).pathname, ` +
        `{ ...options, mergeFilter: { tier: ${tierOf(folder)} } })\n`
    )
    .join("")
  return `const form = document.getElementById("search-form")
const input = document.getElementById("q")
const status = document.getElementById("search-status")
const results = document.getElementById("search-results")
const more = document.getElementById("search-more")
// Listeners are attached before Pagefind has loaded (no top-level await): a query typed early is not lost.
const options = { excerptLength: 40 }
const tiers = [${[primary, ...merged].map(tierOf).join(", ")}]
const ready = import("../${primary}/pagefind.js").then(async (pagefind) => {
  await pagefind.options({ ...options, mergeFilter: { tier: ${tierOf(primary)} } })
${merges}  return pagefind
})
// Pagefind matches a query word to the indexed words that start with it, but in a bundle that has none it
// matches the longest indexed word the query word starts with ("diffusion" finds "di"): with several bundles,
// a word of one bundle alone would list unrelated days of the others. A bundle's results count when one of its
// days holds every query word where Pagefind located its words: at the start of a word, or, for Chinese,
// anywhere in it (the word boundaries and the fold are Pagefind's: its content is split at zero-width spaces).
const fold = (text) => text.normalize("NFKD").replace(/\\p{M}/gu, "").toLowerCase()
const segmenter = new Intl.Segmenter(document.documentElement.lang || undefined, { granularity: "word" })
const matcherOf = (word) => {
  if (/\\p{Script=Han}/u.test(word)) return (text) => text.includes(word)
  const escaped = [...word].map((c) => "\\\\u{" + c.codePointAt(0).toString(16) + "}").join("")
  const pattern = new RegExp("(?<![\\\\p{L}\\\\p{N}])" + escaped, "u")
  return (text) => pattern.test(text)
}
const wordsOf = (day) => {
  const content = day.raw_content ?? day.content
  return content.includes("\\u200B") ? content.split("\\u200B") : content.split(/[\\r\\n\\s]+/g)
}
// The query's words, folded and segmented as Pagefind's content is: once per search.
const queryWordsOf = (query) =>
  [...segmenter.segment(fold(query))].filter((part) => part.isWordLike).map((part) => matcherOf(part.segment))
// Whether the words at these locations of a day (the day's, or one paper's: a sub-result's) hold every query word.
const holdsEvery = (words, locations, queryWords) => {
  const found = locations.map((at) => fold(words[at] ?? ""))
  return queryWords.every((matches) => found.some(matches))
}
const searchBundles = async (pagefind, query) => {
  const answers = []
  for (const tier of tiers) answers.push((await pagefind.search(query, { filters: { tier } })).results)
  // the order of Pagefind's own merged search
  const byScore = (a, b) => b.score - a.score
  const shownFirst = new Set(answers.flat().sort(byScore).slice(0, ${DAYS_PER_BATCH}))
  const found = []
  for (const pages of answers) {
    // A bundle's days all hold the query's words or none does: one day tells, preferably one the page shows
    // first (Pagefind loads a fragment once); else the check costs one fragment more.
    const probe = pages.find((page) => shownFirst.has(page)) ?? pages[0]
    const day = probe === undefined ? undefined : await probe.data()
    if (day !== undefined && holdsEvery(wordsOf(day), day.locations, queryWordsOf(query))) found.push(...pages)
  }
  return found.sort(byScore)
}
let current = { ticket: 0, queryWords: [], pages: [], shown: 0, papers: 0 }

const excerptOf = (html) => {
  const template = document.createElement("template")
  template.innerHTML = html
  const p = document.createElement("p")
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") p.append(Object.assign(document.createElement("mark"), { textContent: node.textContent }))
    else p.append(document.createTextNode(node.textContent ?? ""))
  }
  return p
}

// Pagefind lists every paper heading of a matched day that holds any query word: only the papers that hold them
// all are shown (a day whose words fall in different papers shows none).
const showDay = (data, queryWords) => {
  const words = wordsOf(data)
  const papers = data.sub_results.filter(
    (sub) => sub.url.includes("#") && holdsEvery(words, sub.locations ?? [], queryWords)
  )
  if (papers.length === 0) return 0
  const section = document.createElement("section")
  const heading = document.createElement("h2")
  const dayLink = Object.assign(document.createElement("a"), { href: data.url, textContent: data.meta.title })
  heading.append(dayLink, " · " + papers.length + " 篇")
  const list = Object.assign(document.createElement("ol"), { className: "papers" })
  for (const sub of papers) {
    const item = Object.assign(document.createElement("li"), { className: "paper hit" })
    item.append(Object.assign(document.createElement("a"), { href: sub.url, textContent: sub.title }), excerptOf(sub.excerpt))
    list.append(item)
  }
  section.append(heading, list)
  results.append(section)
  return papers.length
}

const showMore = async () => {
  const run = current
  const batch = run.pages.slice(run.shown, run.shown + ${DAYS_PER_BATCH})
  more.hidden = true
  const days = await Promise.all(batch.map((page) => page.data()))
  if (run !== current) return
  run.shown += batch.length
  for (const day of days) run.papers += showDay(day, run.queryWords)
  more.hidden = run.shown >= run.pages.length
  status.textContent = run.pages.length === 0
    ? "没有找到论文。"
    : run.pages.length + " 天有匹配的论文；已列出 " + run.shown + " 天的 " + run.papers + " 篇。"
}

const search = async (query) => {
  const ticket = current.ticket + 1
  current = { ticket, queryWords: queryWordsOf(query), pages: [], shown: 0, papers: 0 }
  results.replaceChildren()
  more.hidden = true
  if (query.trim() === "") {
    status.textContent = ""
    return
  }
  status.textContent = "搜索中…"
  const pagefind = await ready.catch(() => null)
  if (pagefind === null) {
    status.textContent = "搜索索引无法加载。"
    return
  }
  // debounced: a query typed letter by letter searches once (and loads its index chunks meanwhile)
  const typed = await pagefind.debouncedSearch(query, {}, 250)
  if (typed === null || current.ticket !== ticket) return
  const pages = await searchBundles(pagefind, query)
  if (current.ticket !== ticket) return
  current.pages = pages
  await showMore()
}

form.addEventListener("submit", (event) => {
  event.preventDefault()
  search(input.value)
})
input.addEventListener("input", () => search(input.value))
more.addEventListener("click", () => showMore())
const asked = new URLSearchParams(location.search).get("q")
if (asked !== null) input.value = asked
if (input.value !== "") search(input.value)
`
}

/**
 * search.html, which loads search.js (renderSearchScript, written by the search index step with the bundles).
 * Pure; the index itself is the pipeline's (it runs Pagefind's binary).
 */
export const renderSearchPage = (pipeline: Pipeline): ReadonlyArray<Artifact> => [
  {
    path: SEARCH_PAGE,
    content: renderPageShell({
      pipeline,
      title: "搜索论文",
      description: `${pipeline.title}：按中英文标题、摘要、作者、arXiv 编号或 DOI 搜索每一篇论文`,
      root: "",
      skipTo: "q",
      csp: SEARCH_CSP,
      head: `<script type="module" src="${SEARCH_SCRIPT}"></script>`,
      main: [
        `<form id="search-form" role="search" class="search">`,
        `<label for="q">中英文标题、摘要、作者、arXiv 编号或 DOI</label>`,
        `<input id="q" name="q" type="search" autocomplete="off" enterkeyhint="search">`,
        `<button type="submit">搜索</button>`,
        `</form>`,
        `<noscript><p class="empty">搜索需要 JavaScript；也可以从<a href="archive.html">按月存档</a>逐日浏览。</p></noscript>`,
        `<p id="search-status" class="hint" role="status"></p>`,
        `<div id="search-results"></div>`,
        `<button id="search-more" type="button" hidden>更多</button>`
      ].join("\n")
    })
  }
]
