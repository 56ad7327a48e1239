/** Landing-page test input: papers built from real 2025-10-06 / 2024-09-04 digest rows, plus hostile ones. */
import { readFileSync } from "node:fs"
import { Schema } from "effect"
import type { CodeLink } from "../../../src/domain/CodeLink.ts"
import type { EnrichedPaper } from "../../../src/domain/EnrichedPaper.ts"
import { PipelineFromJson } from "../../../src/domain/Pipeline.ts"
import { archiveCategories, feedCatalog, feedGroups } from "../../../src/emit/FeedCatalog.ts"
import type { IndexHtmlInput } from "../../../src/emit/site/renderIndexHtml.ts"
import {
  buildEnrichedPaper,
  buildMetadata,
  buildPaper,
  codeLink,
  SAMPLE_METADATA_2025_10_06
} from "../../support/paperFixtures.ts"

export const pipeline = Schema.decodeUnknownSync(PipelineFromJson)(
  readFileSync(new URL("../../../pipelines/arxiv-daily/pipeline.json", import.meta.url), "utf8")
)

interface PaperFields {
  readonly id: string
  readonly date: string
  readonly author: string
  readonly title: string
  readonly abstract?: string
  readonly titleEn?: string
  readonly translationFailed?: boolean
  readonly metadata?: {
    readonly title: string
    readonly authors: ReadonlyArray<string>
    readonly category: string
    readonly abstract?: string
  }
  readonly code?: ReadonlyArray<{ url: string; kind: CodeLink["kind"] }>
}

export const makePaper = (fields: PaperFields): EnrichedPaper => {
  const meta = fields.metadata
  return buildEnrichedPaper(
    buildPaper(fields.id, {
      firstSeen: fields.date,
      author: fields.author,
      title: fields.title,
      abstract: fields.abstract ?? "",
      translationFailed: fields.translationFailed ?? false,
      titleEn: fields.titleEn ?? null,
      layout: fields.titleEn === undefined ? "B" : "A",
      file: `docs/daily-papers/${fields.date}-arxiv.md`
    }),
    meta === undefined
      ? null
      : buildMetadata(fields.id, {
          title: meta.title,
          abstract: meta.abstract ?? "",
          authors: meta.authors,
          categories: [meta.category],
          published: `${fields.date}T00:00:00Z`
        }),
    (fields.code ?? []).map(({ url, kind }) => codeLink(url, kind, ["abstract_zh"]))
  )
}

/** Title, authors and primary category of a sample 2025-10-06 paper, as the site fixtures use them. */
const sampleMetadata = (id: string) => {
  const sample = SAMPLE_METADATA_2025_10_06[id]
  if (sample === undefined) throw new Error(`no sample metadata for ${id}`)
  return { title: sample.title, authors: sample.authors, category: sample.categories[0] ?? "" }
}

// Titles, authors and categories of the arXiv-id papers are real (fixtures/arxiv/papers-2025-10-06.md,
// fixtures/digests/), abstracts shortened. Synthetic: the code links (one per kind of chip), the LaTeX in one
// abstract, and the old-style paper's texts.
export const realPapers: ReadonlyArray<EnrichedPaper> = [
  makePaper({
    id: "2510.03232",
    date: "2025-10-06",
    author: "Ci-Siang Lin",
    title: "LEAML：面向多模态大语言模型的分布外视觉任务标签高效适配方法",
    abstract:
      "多模态大语言模型（MLLM）在通用视觉基准测试中表现出色，但在医疗影像等专业领域的分布外（OOD）任务中表现欠佳。",
    metadata: sampleMetadata("2510.03232"),
    code: [
      { url: "https://github.com/example-org/leaml", kind: "github" },
      { url: "https://huggingface.co/datasets/example-org/gi-vqa", kind: "huggingface-dataset" }
    ]
  }),
  makePaper({
    id: "2510.03231",
    date: "2025-10-06",
    author: "Sebastian Gehrmann",
    title: "奖励模型不过是披着风衣的指标",
    abstract: "在大语言模型后训练过程中，强化学习的出现引发了人们对奖励模型的广泛关注。"
  }),
  makePaper({
    id: "2510.03222",
    date: "2025-10-06",
    author: "Guanhua Huang",
    title: "在可验证奖励的强化学习中，低概率标记持续驱动探索",
    abstract:
      "具有可验证奖励的强化学习（RLVR）虽能推动大语言模型在复杂推理任务中的发展，其损失为 $\\mathcal{L}_{KL}$。",
    metadata: sampleMetadata("2510.03222"),
    code: [
      { url: "https://example-org.github.io/lp-reg/", kind: "project-page" },
      { url: "https://huggingface.co/example-org/lp-reg-7b", kind: "huggingface-model" }
    ]
  }),
  makePaper({
    id: "2409.02920",
    date: "2024-09-04",
    author: "Yao Mu",
    title: "RoboTwin：配备生成式数字孪生的双臂机器人基准测试（早期版本）",
    titleEn: "RoboTwin: Dual-Arm Robot Benchmark with Generative Digital Twins (early version)",
    code: [{ url: "https://gitlab.com/example-org/robotwin", kind: "gitlab" }]
  }),
  makePaper({
    id: "q-bio/0608003",
    date: "2024-09-04",
    author: "A. Author",
    title: "Stochastic models of gene expression",
    translationFailed: true,
    abstract: "We study stochastic models of gene expression [翻译失败]"
  })
]

/** Strings a digest could carry that must come out as text, never as markup. */
export const HOSTILE = {
  title: `<script>alert("x")</script> & "引号" 'apos' </h4><h1>`,
  titleEn: `</p><img src=x onerror=alert(1)> A & B "C"`,
  author: `<b>Bold</b> & "Co"`,
  abstract: `复杂度 $\\mathcal{O}(n^2) < 5$ & <x-tag> --> <!-- 注释 ]]>`,
  category: `cs.<i>XX</i>`,
  javascriptUrl: "javascript:alert(document.cookie)",
  quotedUrl: `https://github.com/a/b"onmouseover="alert(1)`,
  ampersandUrl: "https://huggingface.co/spaces/org/demo?tab=files&q=1"
} as const

export const hostilePaper: EnrichedPaper = makePaper({
  id: "2510.00001",
  date: "2025-10-07",
  author: HOSTILE.author,
  title: HOSTILE.title,
  abstract: HOSTILE.abstract,
  metadata: { title: HOSTILE.titleEn, authors: [HOSTILE.author, "Zoë Ångström"], category: HOSTILE.category },
  code: [
    { url: HOSTILE.javascriptUrl, kind: "other" },
    { url: HOSTILE.quotedUrl, kind: "github" },
    { url: HOSTILE.ampersandUrl, kind: "huggingface-space" }
  ]
})

export const DOWNLOADS: IndexHtmlInput["downloads"] = [
  { path: "papers.bib", title: "BibTeX" },
  { path: "papers.csl.json", title: "CSL-JSON" },
  { path: "papers.json", title: "JSON 存档" },
  { path: "feeds.opml", title: "OPML" },
  // A topic's BibTeX, titled as the sample's: the longest pill, which must wrap at 390 px
  { path: "topic/generation/papers.bib", title: "BibTeX · 图像与视频生成 (image and video generation)" }
]

/** A whole page input over the given papers (newest first), with the catalogue the emitter would make. */
export const siteInput = (papers: ReadonlyArray<EnrichedPaper>): IndexHtmlInput => ({
  pipeline,
  papers,
  feeds: feedCatalog(feedGroups(pipeline.title, papers, archiveCategories(papers))),
  downloads: DOWNLOADS,
  generatedFrom: { newestDigest: papers[0]?.paper.firstSeen ?? null }
})
