/** One paper on the landing page: titles, authors, date, arXiv links, code links and the abstract. */
import type { CodeLink, CodeLinkKind } from "../../domain/CodeLink.ts"
import {
  arxivMetadataOf,
  authorNamesOf,
  type EnrichedPaper,
  newestVersion,
  primaryCategoryOf,
  rxivMetadataOf
} from "../../domain/EnrichedPaper.ts"
import { paperLinks } from "../../domain/paperLinks.ts"
import { repositoryNote } from "../itemHtml.ts"
import { escapeHtml, isWebUrl } from "./escapeHtml.ts"
import { mathHtml } from "./mathText.ts"

const CODE_LABELS: Readonly<Record<CodeLinkKind, string>> = {
  github: "GitHub",
  gitlab: "GitLab",
  "huggingface-model": "HF 模型",
  "huggingface-dataset": "HF 数据集",
  "huggingface-space": "HF Space",
  "project-page": "项目主页",
  other: "代码"
}

/** Long author lists are cut here; the feeds and citations keep every name. */
const MAX_AUTHORS = 8

/** An id usable in HTML ids and fragments: old-style arXiv ids and DOIs carry a `/`. */
export const paperAnchor = (paper: EnrichedPaper): string =>
  paper.paper.server === "arxiv"
    ? `arxiv-${paper.paper.id.replace(/\//g, "-")}`
    : `doi-${paper.paper.id.replace(/[^A-Za-z0-9.-]/g, "-")}`

// `owner/repo` for forges, the host name for the rest: short enough for a chip, specific enough to tell apart.
const shortName = (link: CodeLink): string => {
  if (!URL.canParse(link.url)) return link.url
  const url = new URL(link.url)
  const segments = url.pathname.split("/").filter((s) => s !== "")
  const forge = link.kind === "github" || link.kind === "gitlab" || link.kind.startsWith("huggingface")
  const skip = link.kind === "huggingface-dataset" || link.kind === "huggingface-space" ? 1 : 0
  const named = segments.slice(skip, skip + 2)
  return forge && named.length > 0 ? named.join("/") : url.hostname.replace(/^www\./, "")
}

const renderCodeLink = (link: CodeLink, describedBy: string): string => {
  const label = CODE_LABELS[link.kind]
  // Extracted from text nobody here controls: anything but http(s) stays plain text, never an href.
  if (!isWebUrl(link.url)) return `<li class="code">${escapeHtml(label)}: ${escapeHtml(link.url)}</li>`
  return (
    `<li class="code"><a href="${escapeHtml(link.url)}" aria-describedby="${describedBy}">` +
    `${escapeHtml(label)} · ${escapeHtml(shortName(link))}</a>${escapeHtml(repositoryNote(link))}</li>`
  )
}

const renderAuthors = (item: EnrichedPaper, allAuthors: boolean): string => {
  const names = authorNamesOf(item)
  if (names.length === 0) return `第一作者 ${escapeHtml(item.paper.author)}`
  if (allAuthors) return names.map(escapeHtml).join(", ")
  const shown = names.slice(0, MAX_AUTHORS).map(escapeHtml).join(", ")
  return names.length > MAX_AUTHORS ? `${shown} 等 ${names.length} 位作者` : shown
}

// The digest's Chinese abstract when there is one; the arXiv abstract when the digest has none (layout A)
// or only a cut-off English one (failed translation).
const abstractOf = (item: EnrichedPaper): { text: string; lang: "zh-CN" | "en" } | undefined => {
  const { paper, metadata } = item
  if (paper.abstract !== "" && !paper.translationFailed) return { text: paper.abstract, lang: "zh-CN" }
  if (metadata !== null && metadata.abstract !== "") return { text: metadata.abstract, lang: "en" }
  if (paper.abstractEn !== null && paper.abstractEn !== "") return { text: paper.abstractEn, lang: "en" }
  return paper.abstract === "" ? undefined : { text: paper.abstract, lang: "en" }
}

/** What a day page adds to the landing page's item: every author, the DOI, both abstracts, the BibTeX entry. */
export interface PaperItemOptions {
  /** Every author's name (the landing page cuts long lists at MAX_AUTHORS). */
  readonly allAuthors?: boolean
  /** The paper's BibTeX entry, shown in a `<details>` one click away (left out of the search index). */
  readonly bibtex?: string
  /** The title's heading level, one below the heading of the list it is in (default 4). */
  readonly headingLevel?: 3 | 4
  /**
   * The DOI as text and arXiv's English abstract beside the Chinese one: the day pages are what the search
   * index reads, and a reader may search for either.
   */
  readonly complete?: boolean
}

// The journal's DOI once the server reports one, else the preprint's own (as the citations choose).
const doiOf = (item: EnrichedPaper): string =>
  arxivMetadataOf(item)?.doi ?? rxivMetadataOf(item)?.publishedDoi ?? paperLinks(item.paper, null).doi

const renderAbstracts = (item: EnrichedPaper, complete: boolean): string => {
  const abstract = abstractOf(item)
  if (abstract === undefined) return ""
  const english = item.metadata?.abstract ?? item.paper.abstractEn ?? ""
  const both = complete && abstract.lang === "zh-CN" && english !== ""
  return (
    `<details><summary>摘要</summary><p lang="${abstract.lang}">${mathHtml(abstract.text)}</p>` +
    `${both ? `<p lang="en">${mathHtml(english)}</p>` : ""}</details>`
  )
}

/** The `<li>` for one paper. Every text is escaped; its `$…$` math is rendered as MathML (mathHtml). */
export const renderPaperItem = (item: EnrichedPaper, options: PaperItemOptions = {}): string => {
  const { paper, metadata } = item
  const anchor = paperAnchor(item)
  const titleId = `${anchor}-title`
  const titleEn = metadata?.title ?? paper.titleEn
  const primaryCategory = primaryCategoryOf(item)
  const links = paperLinks(paper, newestVersion(item))
  const titleLang = paper.translationFailed ? ` lang="en"` : ""
  const showEn = titleEn !== null && titleEn !== "" && titleEn !== paper.title
  const category =
    primaryCategory === null ? "" : `<span class="cat" lang="en">${escapeHtml(primaryCategory)}</span>`
  const heading = `h${options.headingLevel ?? 4}`
  const doi = doiOf(item)
  const linkItems = [
    `<li><a href="${escapeHtml(links.page)}" aria-describedby="${titleId}">${escapeHtml(links.label)}</a></li>`,
    `<li><a href="${escapeHtml(links.pdf)}" aria-describedby="${titleId}">PDF</a></li>`,
    // The DOI as text for the search index; a bioRxiv/medRxiv paper's own DOI is already its label.
    ...(options.complete === true && !links.label.endsWith(`doi:${doi}`)
      ? [
          `<li><a href="https://doi.org/${escapeHtml(doi)}" aria-describedby="${titleId}">doi:${escapeHtml(doi)}</a></li>`
        ]
      : []),
    ...item.codeLinks.map((link) => renderCodeLink(link, titleId))
  ]
  return [
    `<li class="paper" id="${anchor}"><article aria-labelledby="${titleId}">`,
    `<${heading} id="${titleId}"${titleLang}>${mathHtml(paper.title)}</${heading}>`,
    showEn ? `<p class="en" lang="en">${mathHtml(titleEn)}</p>` : "",
    `<p class="meta">${category}${renderAuthors(item, options.allAuthors === true)} · 发布于 <time datetime="${paper.firstSeen}">${paper.firstSeen}</time></p>`,
    `<ul class="links">${linkItems.join("")}</ul>`,
    renderAbstracts(item, options.complete === true),
    options.bibtex === undefined
      ? ""
      : `<details class="bib" data-pagefind-ignore><summary>BibTeX</summary><pre lang="en">${escapeHtml(options.bibtex)}</pre></details>`,
    `</article></li>`
  ].join("\n")
}
