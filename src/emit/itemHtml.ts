/** The HTML body of a feed item: what a reader shows. Escaped text, well-formed (XHTML-compatible) markup. */
import type { CodeLink } from "../domain/CodeLink.ts"
import type { PaperKey, Server } from "../domain/PaperKey.ts"
import { paperLinks } from "../domain/paperLinks.ts"
import { cleanLine, doiUrl, escapeItemHtml } from "./cleanText.ts"

export interface ItemHtmlInput {
  readonly id: PaperKey
  readonly server: Server
  readonly link: string
  readonly pdfUrl: string
  readonly titleZh: string | null
  readonly titleEn: string | null
  readonly abstractZh: string | null
  readonly abstractEn: string | null
  readonly abstractDigestEn: string | null
  readonly authors: ReadonlyArray<{ readonly name: string }>
  readonly authorsComplete: boolean
  readonly categories: ReadonlyArray<string>
  readonly doi: string | null
  readonly journalRef: string | null
  readonly comment: string | null
  readonly codeLinks: ReadonlyArray<CodeLink>
  readonly license: string | null
  readonly withdrawn: boolean
}

/** Line breaks inside a text become `<br/>`; LaTeX (`$L^p$`, `\alpha`) stays as written, readable. */
const paragraph = (text: string, lang?: string): string =>
  `<p${lang === undefined ? "" : ` lang="${lang}"`}>${escapeItemHtml(text).replace(/\n/g, "<br/>")}</p>`

/** Only http(s) URLs become links; anything else is shown as text (no `javascript:` in a reader). */
const link = (url: string, text: string): string => {
  const clean = cleanLine(url)
  return /^https?:\/\/[^\s"<>]+$/i.test(clean)
    ? `<a href="${escapeItemHtml(clean)}">${escapeItemHtml(text)}</a>`
    : escapeItemHtml(text)
}

/** What GitHub said of a linked repository (pipeline setting `enrich.githubFacts`): its stars, and if archived. */
export const repositoryNote = ({ repository }: CodeLink): string =>
  repository === undefined ? "" : `（★ ${repository.stars}${repository.archived ? "，已归档" : ""}）`

const KIND_LABELS: Record<CodeLink["kind"], string> = {
  github: "GitHub",
  gitlab: "GitLab",
  "huggingface-model": "Hugging Face 模型",
  "huggingface-dataset": "Hugging Face 数据集",
  "huggingface-space": "Hugging Face Space",
  "project-page": "项目主页",
  other: "链接"
}

/** Renders the item body. Translator notes are not part of the input, so they never appear. */
export const itemHtml = (item: ItemHtmlInput): string => {
  const parts: Array<string> = []
  if (item.withdrawn) parts.push("<p><strong>已撤稿 (withdrawn)</strong></p>")
  if (item.abstractZh !== null) parts.push(paragraph(item.abstractZh))
  if (item.titleEn !== null && item.titleZh !== null)
    parts.push(`<p lang="en"><strong>${escapeItemHtml(item.titleEn)}</strong></p>`)
  if (item.abstractEn !== null) parts.push(paragraph(item.abstractEn, "en"))
  if (item.abstractDigestEn !== null)
    parts.push(paragraph(`${item.abstractDigestEn} …（摘要翻译失败，原文在日报中被截断）`, "en"))
  if (item.authors.length > 0) {
    const label = item.authorsComplete ? "作者" : "第一作者"
    parts.push(`<p>${label}：${escapeItemHtml(item.authors.map((author) => author.name).join(", "))}</p>`)
  }
  if (item.categories.length > 0) {
    const [primary, ...others] = item.categories
    const listed = [`<strong>${escapeItemHtml(primary ?? "")}</strong>`, ...others.map(escapeItemHtml)]
    parts.push(`<p>分类：${listed.join(" · ")}</p>`)
  }
  const published: Array<string> = []
  if (item.journalRef !== null) published.push(escapeItemHtml(item.journalRef))
  if (item.doi !== null) published.push(`DOI ${link(doiUrl(item.doi), item.doi)}`)
  if (published.length > 0) parts.push(`<p>发表：${published.join(" · ")}</p>`)
  if (item.comment !== null) parts.push(`<p>备注：${escapeItemHtml(item.comment)}</p>`)
  if (item.license !== null) parts.push(`<p>许可：${escapeItemHtml(item.license)}</p>`)
  const links = [link(item.link, paperLinks(item, null).label), link(item.pdfUrl, "PDF")]
  parts.push(`<p>链接：${links.join(" · ")}</p>`)
  if (item.codeLinks.length > 0) {
    const code = item.codeLinks.map(
      (codeLink) =>
        `<li>${KIND_LABELS[codeLink.kind]}：${link(codeLink.url, cleanLine(codeLink.url))}${repositoryNote(codeLink)}</li>`
    )
    parts.push(`<p>代码与项目：</p><ul>${code.join("")}</ul>`)
  }
  return parts.join("\n")
}
