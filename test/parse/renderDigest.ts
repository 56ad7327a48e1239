/** Test helper: writes generated rows as a digest in one of the real layouts, the way the upstream bot does. */
import type { Layout } from "../../src/domain/DigestRow.ts"

export interface GeneratedRow {
  readonly id: string
  readonly version: number
  readonly author: string
  /** The clean title the parser should give back. */
  readonly title: string
  /** How the translator dressed it: a preamble (own line or glued), markup, and a note after a blank line. */
  readonly preamble: { readonly text: string; readonly glued: boolean } | null
  readonly markup: "none" | "book" | "bold" | "heading" | "quotes"
  readonly titleNote: string | null
  /** Layouts B and C: abstract paragraphs and an optional note paragraph, or a failed English text. */
  readonly abstract: string
  readonly abstractNote: string | null
  readonly failedEnglish: string | null
  /** Layout A. */
  readonly titleEn: string
  readonly code: string | null
  /** Layout C. */
  readonly published: string
}

const dressTitle = (row: GeneratedRow): string => {
  const t = row.title
  const line =
    row.markup === "book"
      ? `《${t}》`
      : row.markup === "bold"
        ? `**${t}**`
        : row.markup === "heading"
          ? `## ${t}`
          : row.markup === "quotes"
            ? `“${t}”`
            : t
  const withPreamble =
    row.preamble === null
      ? line
      : row.preamble.glued
        ? `${row.preamble.text}${line}`
        : `${row.preamble.text}\n${line}`
  return row.titleNote === null ? withPreamble : `${withPreamble}\n\n${row.titleNote}`
}

const abstractCell = (row: GeneratedRow): string => {
  if (row.failedEnglish !== null) return `${row.failedEnglish} [翻译失败]`
  return row.abstractNote === null ? row.abstract : `${row.abstract}\n\n${row.abstractNote}`
}

/** Layout C escapes pipes in cells (`\|`); layouts A and B wrote them raw. */
const escapeCell = (layout: Layout, cell: string): string =>
  layout === "C" ? cell.replace(/\|/g, "\\|") : cell

export const renderDigest = (layout: Layout, date: string, rows: ReadonlyArray<GeneratedRow>): string => {
  const head = {
    A: `# Arxiv ${date} Papers\n\n| 标题 | 作者 | PDF链接 | 代码仓库 | Title | \n|-------|----------|-----------|---------|--------------| \n`,
    B: `# arxiv ${date}\n\n| 标题 | 作者 | PDF链接 |  摘要 |\n|------|------|--------|------|\n`,
    C: `# arXiv ${date}\n\n| 标题 | 作者 | 发布日期 | PDF链接 | 摘要 |\n|------|------|----------|--------|------|\n`
  }[layout]
  const body = rows.map((row) => {
    const title = escapeCell(layout, dressTitle(row))
    const pdf = `[PDF](${layout === "A" ? "http" : "https"}://arxiv.org/pdf/${row.id}v${row.version})`
    if (layout === "A")
      return `| ${title} | ${row.author} | ${pdf} | ${row.code ?? "N/A"} | ${row.titleEn} |\n`
    const abstract = escapeCell(layout, abstractCell(row))
    if (layout === "B") return `| ${title} | ${row.author} | ${pdf} | ${abstract} |\n`
    return `| ${title} | ${row.author} | ${row.published} | ${pdf} | ${abstract} |\n`
  })
  return head + body.join("")
}
