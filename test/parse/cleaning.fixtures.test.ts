/** Cleaned titles, notes and abstracts of real rows, asserted literally, and the "Done when" invariant. */
import { assert, describe, it } from "@effect/vitest"
import type { DigestRow } from "../../src/domain/DigestRow.ts"
import { TITLE_NOTE_MARKERS } from "../../src/parse/noteMarkers.ts"
import { parseDigest } from "../../src/parse/parseDigest.ts"
import { fixture, fixtures } from "./fixtures.ts"

const row = (path: string, line: number): DigestRow => {
  const found = parseDigest(fixture(path)).rows.find((r) => r.line === line)
  if (found === undefined) throw new Error(`no row at ${path}:${line}`)
  return found
}

const titles = (path: string, lines: ReadonlyArray<number>) => lines.map((line) => row(path, line).title)

describe("cleaned titles, layout A", () => {
  it("drops preambles, bold, headings, book marks and quotes that wrap the whole title", () => {
    assert.deepStrictEqual(titles("2025-01-13-arxiv.md", [58, 87, 122, 145, 176, 34, 228]), [
      "基于RankNet启发的代理辅助混合元启发式算法用于昂贵覆盖优化",
      "魔鬼藏在虚假的关联中：通过时间动态学习提升时刻检索",
      "从红队测试100个生成式AI产品中获得的经验教训",
      "基于众包的非专业用户标注镰状细胞病患者外周血涂片样本图像的计算方法",
      "$\\texttt{KSig}$ 用户指南：GPU 加速的签名核计算",
      "医疗保健中的具身人工智能调查：技术、应用与机遇",
      "AlgoRxplorers | 精准突变——利用先进的蛋白质稳定性预测工具提升药物设计"
    ])
    assert.deepStrictEqual(titles("2025-01-16-arxiv.md", [7, 35, 58, 104, 146, 222, 31, 109, 197]), [
      "从扩展视觉分词器中学习的重建与生成经验",
      "通过DPO减轻大型视觉语言模型的幻觉：策略内数据是关键",
      "基于LLM的专家混合路由：一种新颖的交易框架",
      "用于音视频嵌入学习的渐进自蒸馏度量学习",
      // The translator's trailing `。` is part of the title line.
      "通过结合文本和视觉数据增强大型语言模型，用于全球地理空间数据的对话式可视化。",
      "检索还是不检索？动态检索增强生成中的不确定性检测",
      "Goofus与Gallant故事语料库：实用价值对齐",
      "IFRA：一种基于机器学习的仪器化跌倒风险评估量表，源自于中风患者的仪器化计时起立行走测试（Instrumented Timed Up and Go test）。",
      "YETI（尚未干预）多模态AI代理在增强现实任务中的主动干预"
    ])
    assert.deepStrictEqual(titles("2024-09-04-arxiv.md", [5, 44]), [
      "RoboTwin：配备生成式数字孪生的双臂机器人基准测试（早期版本）",
      "从经验中“反学习”以避免虚假关联"
    ])
  })

  it("keeps everything else the translator wrote in the note, and reads the code and English title columns", () => {
    const alternatives = row("2025-01-13-arxiv.md", 122)
    assert.strictEqual(
      alternatives.titleNote,
      [
        "以下是翻译：",
        "",
        "或者，根据上下文，也可以翻译为：",
        "",
        "**红队测试100款生成式AI产品的启示**",
        "",
        "翻译说明：",
        '- "Red Teaming" 通常指模拟攻击或挑战系统以发现漏洞的过程，这里可以翻译为“红队测试”。',
        '- "Generative AI Products" 指生成式人工智能产品。',
        '- "Lessons From" 可以翻译为“经验教训”或“启示”，具体取决于上下文语气。'
      ].join("\n")
    )
    assert.strictEqual(alternatives.titleEn, "Lessons From Red Teaming 100 Generative AI Products")
    assert.strictEqual(alternatives.codeCell, null)
    assert.strictEqual(alternatives.abstract, "")
    assert.strictEqual(row("2025-01-16-arxiv.md", 104).titleNote, "这段英文翻译成中文是：")
    const headings = row("2025-01-16-arxiv.md", 58).titleNote!
    assert.isTrue(headings.startsWith("在专家混合（Mixture of Experts, MoE）模型中"))
    assert.include(headings, "\n\n### 核心概念\n\n1. **专家混合模型（MoE）**")
    assert.isTrue(headings.endsWith("这种框架有望在未来的交易系统中发挥越来越重要的作用。"))
    const pipes = row("2025-01-13-arxiv.md", 228)
    assert.strictEqual(
      pipes.titleEn,
      "AlgoRxplorers | Precision in Mutation -- Enhancing Drug Design with Advanced Protein Stability Prediction Tools"
    )
    assert.strictEqual(pipes.titleNote, null)
  })
})

describe("cleaned titles, layout B", () => {
  it("takes the title out of preambles, book marks and notes", () => {
    assert.deepStrictEqual(
      [
        row("2025-05-08-arxiv.md", 5),
        row("2025-08-18-arxiv.md", 5),
        row("2025-06-17-arxiv.md", 90),
        row("2025-06-17-arxiv.md", 152),
        row("2025-05-02-arxiv.md", 63),
        row("2025-05-02-arxiv.md", 76),
        row("2025-07-04-arxiv.md", 100),
        row("2025-07-25-arxiv.md", 5),
        row("2025-04-27-arxiv.md", 61),
        row("2025-11-13-arxiv.md", 37)
      ].map((r) => r.title),
      [
        "洞察力的终结已现端倪？",
        "百里香：超越图像的思维",
        "UltraZoom：从常规照片生成十亿像素级图像",
        "基于预算引导的大型语言模型思维调控",
        "图形用户界面智能体接地的视觉测试时标定",
        "MINERVA：复杂视频推理能力评估框架",
        "语言模型评估中答案匹配优于多项选择题",
        "影院船长：迈向短视频生成",
        "回放以铭记：流式语言模型中的领域知识保留",
        // Book-title marks inside the title belong to it.
        "对《基于衍射深度神经网络的全光学机器学习》评论的回应"
      ]
    )
  })

  it("puts the preamble and the notes in the note, in order", () => {
    assert.isTrue(
      row("2025-05-08-arxiv.md", 5).titleNote!.startsWith("中文翻译：\n\n翻译说明：\n1. 标题采用问句形式")
    )
    assert.include(
      row("2025-05-08-arxiv.md", 5).titleNote!,
      "备选方案：\n《洞察力时代将尽？》（更简洁但损失双关）"
    )
    assert.isTrue(row("2025-08-18-arxiv.md", 5).titleNote!.startsWith("标题：\n\n（说明：根据学术翻译规范"))
    assert.isTrue(row("2025-07-04-arxiv.md", 100).titleNote!.startsWith("（或更学术化的表述：基于答案匹配的"))
    assert.strictEqual(row("2025-10-06-arxiv.md", 16).titleNote, null)
    assert.isTrue(row("2025-10-06-arxiv.md", 17).titleNote!.startsWith("（解析说明：\n1. 保留首字母缩略词"))
  })

  it("splits abstract notes off and keeps the paragraphs of long abstracts", () => {
    const glued = row("2025-05-02-arxiv.md", 63)
    assert.isTrue(glued.abstract.endsWith("代码已开源于https://github.com/tiangeluo/RegionFocus。"))
    assert.isTrue(glued.abstractNote!.startsWith("（注：grounding作为人机交互领域术语保留英文原词"))
    assert.isTrue(glued.abstractNote!.endsWith("模型名称Qwen2.5-VL-72B等保持原始命名格式）"))
    const paragraphs = row("2025-07-05-arxiv.md", 83)
    assert.strictEqual(paragraphs.abstract.split("\n\n").length, 3)
    assert.strictEqual(paragraphs.abstractNote, null)
    const numbered = row("2025-11-13-arxiv.md", 27)
    assert.include(numbered.abstract, "以下三种概率：\n1. 表观相关基因对实际缺乏关联的概率\n2. ")
  })

  it("keeps a failed translation's English with hard wraps folded and no marker", () => {
    const r = row("2025-04-27-arxiv.md", 5)
    assert.isTrue(r.translationFailed)
    assert.strictEqual(
      r.abstract,
      "Training diffusion models that work directly on lidar points at the scale of outdoor scenes is chall"
    )
    assert.strictEqual(r.abstractNote, null)
    assert.strictEqual(r.title, "LiDPM：重新思考激光雷达场景补全中的点扩散方法")
    // The last row of the file: its cell ends with ` [翻译失败] |` and a blank line.
    assert.strictEqual(
      row("2025-04-27-arxiv.md", 103).abstract,
      "Conversational assistants are becoming more and more popular, including in healthcare, partly becaus"
    )
  })
})

describe("cleaned rows, layout C", () => {
  it("reads titles, published dates and escaped pipes", () => {
    const latex = row("2026-06-19-arxiv.md", 12)
    assert.strictEqual(latex.title, "令牌是群元素：论矩阵李群上的李代数注意力机制")
    assert.include(latex.abstract, "$s_{ij} = -\\|\\log(g_i^{-1} g_j)\\|_λ^2/τ$")
    assert.strictEqual(latex.published, "2026-06-18")
    assert.strictEqual(row("2026-06-19-arxiv.md", 10).title, "框内思考：让真实图像中的3D编辑变得简单")
    assert.strictEqual(
      row("2026-08-21-arxiv.md", 11).title,
      "$TCP_α$：面向可靠音乐信息检索的边际控制置信度估计"
    )
    assert.strictEqual(row("2026-08-21-arxiv.md", 5).author, "Akshay Balsubramani")
    assert.isTrue(row("2026-08-21-arxiv.md", 7).abstract.endsWith("项目页面：https://4danyone.github.io。"))
  })
})

describe("the issue's Done-when invariant over every row of every fixture", () => {
  const rows = fixtures.flatMap((file) => parseDigest(file).rows)

  it("reads the 690 real arXiv rows (540 in layout A, 130 in B, 20 in C)", () => {
    assert.strictEqual(rows.length, 690)
    assert.deepStrictEqual(
      ["A", "B", "C"].map((layout) => rows.filter((r) => r.layout === layout).length),
      [540, 130, 20]
    )
  })

  it("leaves no note marker, newline or leading 《 in any cleaned title, and no empty title", () => {
    for (const r of rows) {
      const where = `${r.file}:${r.line} ${JSON.stringify(r.title)}`
      for (const marker of TITLE_NOTE_MARKERS) assert.notInclude(r.title, marker, where)
      assert.notInclude(r.title, "\n", where)
      assert.isFalse(r.title.startsWith("《"), where)
      assert.isAbove(r.title.length, 0, where)
      assert.strictEqual(r.title, r.title.trim(), where)
    }
  })

  it("leaves no [翻译失败] marker in any abstract, and flags exactly the rows that had one", () => {
    for (const file of fixtures.filter((f) => f.kind === "arxiv")) {
      const cells = file.content.split("[翻译失败]").length - 1
      const parsed = parseDigest(file)
      assert.strictEqual(parsed.rows.filter((r) => r.translationFailed).length, cells, file.path)
      for (const r of parsed.rows) {
        assert.notInclude(r.abstract, "[翻译失败]")
        if (r.translationFailed) assert.notInclude(r.abstract, "\n")
      }
    }
  })
})
