/** The frame every archive page shares with the landing page: head, inline style, header and footer. */
import type { Pipeline } from "../../domain/Pipeline.ts"
import { escapeHtml } from "./escapeHtml.ts"
import { SITE_CSS } from "./siteCss.ts"
import { renderSiteFooter } from "./siteFooter.ts"

export interface PageShellInput {
  readonly pipeline: Pipeline
  /** The page's own title, before the site's. */
  readonly title: string
  readonly description: string
  /** From this page to the output folder's root: "" at the root, "../" one folder down. */
  readonly root: string
  /** Extra `<head>` elements (feed autodiscovery), already escaped. */
  readonly head?: string
  /** The `<main>` content, already escaped. */
  readonly main: string
  /** The id of the main content, for the skip link. */
  readonly skipTo: string
  /** A Content-Security-Policy other than NO_SCRIPT_CSP (the search page runs its script). */
  readonly csp?: string
}

/** Every page but the search page: nothing loads from elsewhere, no script runs, no form is sent. */
export const NO_SCRIPT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

/** `<!doctype>` to `</head>`: the same for the landing page and every archive page (CSP, theme, inline style). */
export const renderDocumentHead = (input: {
  readonly title: string
  readonly description: string
  /** Extra `<head>` elements, already escaped. */
  readonly head: string
  readonly csp?: string
}): string => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${input.csp ?? NO_SCRIPT_CSP}">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="digest-feeds">
<meta name="description" content="${escapeHtml(input.description)}">
<title>${escapeHtml(input.title)}</title>
<link rel="icon" href="data:,">
${input.head}
<style>
${SITE_CSS}
</style>
</head>
`

/**
 * Renders a whole archive page. Like the landing page it loads nothing from elsewhere (the CSP says so), needs
 * no script, and links only relatively, so the folder works under a GitHub Pages sub-path.
 */
export const renderPageShell = (input: PageShellInput): string => {
  const { pipeline, root } = input
  return `${renderDocumentHead({
    title: `${input.title} · ${pipeline.title}`,
    description: input.description,
    head: input.head ?? "",
    ...(input.csp === undefined ? {} : { csp: input.csp })
  })}<body>
<a class="skip" href="#${input.skipTo}">跳到正文</a>
<header class="site compact"><div class="wrap">
<p class="home"><a href="${root}index.html">${escapeHtml(pipeline.title)}</a> · <a href="${root}archive.html">按月存档</a> · <a href="${root}search.html">搜索</a></p>
<h1>${escapeHtml(input.title)}</h1>
</div></header>
<main class="wrap">
${input.main}
</main>
${renderSiteFooter(pipeline, "上游 digest")}
</body>
</html>
`
}
