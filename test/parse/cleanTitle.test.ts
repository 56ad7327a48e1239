/** Title and abstract cleaning on the shapes DIGESTS.md lists, including ones the fixtures do not hold. */
import { assert, describe, it } from "@effect/vitest"
import { cleanAbstract } from "../../src/parse/cleanAbstract.ts"
import { cleanTitle } from "../../src/parse/cleanTitle.ts"

const title = (cell: string) => cleanTitle(cell).title
const note = (cell: string) => cleanTitle(cell).note

describe("cleanTitle", () => {
  it("strips book-title marks and quotes only when they wrap the whole title", () => {
    assert.strictEqual(
      title("《奥德赛》中的CAMP：面向长程智能体的记忆"),
      "《奥德赛》中的CAMP：面向长程智能体的记忆"
    )
    assert.strictEqual(title("《风骚律师》：法律推理基准"), "《风骚律师》：法律推理基准")
    assert.strictEqual(title('"旅行者"：一个探索智能体'), '"旅行者"：一个探索智能体')
    assert.strictEqual(title("《A》与《B》的比较"), "《A》与《B》的比较")
    assert.strictEqual(title("《《嵌套》标题研究》"), "《嵌套》标题研究")
    assert.strictEqual(title("《稀疏前沿：权衡》  "), "稀疏前沿：权衡")
    assert.strictEqual(title("“检索还是不检索？”"), "检索还是不检索？")
    assert.strictEqual(title("「标题」"), "标题")
    assert.strictEqual(title("**《KSig 用户指南》**"), "KSig 用户指南")
    assert.strictEqual(title("## 魔鬼藏在细节中"), "魔鬼藏在细节中")
  })

  it("removes preambles glued to the title or on lines of their own, into the note", () => {
    assert.strictEqual(title("中文翻译：图形界面智能体"), "图形界面智能体")
    assert.strictEqual(note("中文翻译：图形界面智能体"), "中文翻译：")
    assert.strictEqual(title("中文翻译：  \n《洞察力的终结》  \n\n翻译说明：  \n1. 问句"), "洞察力的终结")
    assert.strictEqual(
      note("中文翻译：  \n《洞察力的终结》  \n\n翻译说明：  \n1. 问句"),
      "中文翻译：\n\n翻译说明：\n1. 问句"
    )
    assert.strictEqual(title("标题：百里香：超越图像的思维"), "百里香：超越图像的思维")
    assert.strictEqual(title("以下是这段文字的中文翻译：\n\n**数据集蒸馏**\n\n希望有帮助！"), "数据集蒸馏")
    assert.strictEqual(title('建议将"Towards X: A Study"翻译为：迈向X：一项研究'), "迈向X：一项研究")
    assert.strictEqual(title('"Steering LLM Thinking"的翻译如下：\n\n《预算引导》'), "预算引导")
    assert.strictEqual(title("这段英文翻译成中文是：“渐进自蒸馏度量学习”。"), "渐进自蒸馏度量学习")
    assert.strictEqual(title("【学术译文】\n体内CRISPR筛选\n\n【翻译要点说明】\n1. 术语"), "体内CRISPR筛选")
    // English titles with colons inside the preamble, quoted or not.
    assert.strictEqual(
      title("Steering: LLM Thinking的翻译如下：《基于预算引导的思维调控》"),
      "基于预算引导的思维调控"
    )
    assert.strictEqual(title("以下是Foo: Bar的中文翻译：\n\n**福：酒吧**"), "福：酒吧")
    assert.strictEqual(title("建议将Towards X: A Study翻译为：\n迈向X：一项研究"), "迈向X：一项研究")
    assert.strictEqual(title("将这段翻译成中文为：通过结合文本增强模型。"), "通过结合文本增强模型。")
    // Bold labels and horizontal rules are markup around the same preambles.
    assert.strictEqual(title("**标题：** 百里香：超越图像的思维"), "百里香：超越图像的思维")
    assert.strictEqual(title("**中文翻译：**\n\n---\n\n**数据集蒸馏**\n\n---"), "数据集蒸馏")
    assert.strictEqual(note("**中文翻译：**\n\n---\n\n**数据集蒸馏**\n\n---"), "中文翻译：\n\n---")
  })

  it("keeps titles that merely contain the words of a preamble or a note", () => {
    assert.strictEqual(
      title("迷失在翻译中，在上下文中找到：手语翻译"),
      "迷失在翻译中，在上下文中找到：手语翻译"
    )
    assert.strictEqual(
      title("经济生产力规模法则：LLM辅助翻译的实验证据"),
      "经济生产力规模法则：LLM辅助翻译的实验证据"
    )
    assert.strictEqual(title("注意力机制：一项综述"), "注意力机制：一项综述")
    assert.strictEqual(title("解析几何中的神经网络"), "解析几何中的神经网络")
    assert.strictEqual(title("RoboTwin：双臂基准（早期版本）"), "RoboTwin：双臂基准（早期版本）")
    assert.strictEqual(title("标题党检测：一个数据集"), "标题党检测：一个数据集")
    assert.strictEqual(title("机器翻译为何失败：一项研究"), "机器翻译为何失败：一项研究")
    assert.strictEqual(title("可解释翻译是否可信：评估"), "可解释翻译是否可信：评估")
  })

  it("moves every kind of note after the title to the note, with or without parentheses", () => {
    for (const opener of [
      "（翻译说明：",
      "翻译说明：",
      "（注：",
      "（说明：",
      "说明：",
      "（解析说明：",
      "（解析：",
      "（译文说明：",
      "中文翻译说明：",
      "备选方案：",
      "**翻译说明：**",
      "该翻译严格遵循学术规范。",
      "这个翻译版本保留了原意。"
    ]) {
      const cell = `超越图像的思维\n\n${opener}\n1. 术语处理）`
      assert.strictEqual(title(cell), "超越图像的思维", opener)
      assert.strictEqual(note(cell), `${opener}\n1. 术语处理）`, opener)
    }
  })

  it("splits a note glued to the title on its line", () => {
    assert.strictEqual(title("超越图像的思维（注：Thyme译为百里香）"), "超越图像的思维")
    assert.strictEqual(note("超越图像的思维（注：Thyme译为百里香）"), "（注：Thyme译为百里香）")
    assert.strictEqual(title("超越图像的思维 (翻译说明: 意译)"), "超越图像的思维")
  })

  it("skips a note that comes before any title", () => {
    assert.strictEqual(title("（翻译说明：\n1. 意译）\n\n超越图像的思维"), "超越图像的思维")
    assert.strictEqual(note("（翻译说明：\n1. 意译）\n\n超越图像的思维"), "（翻译说明：\n1. 意译）")
  })

  it("keeps a failed title's English, folded, without the marker", () => {
    assert.deepStrictEqual(cleanTitle("Dense Scene Reconstruction\nfrom Images [翻译失败]"), {
      title: "Dense Scene Reconstruction from Images",
      note: null,
      translationFailed: true,
      chatter: null
    })
  })

  it("unescapes pipes and never returns a newline", () => {
    assert.strictEqual(title("A \\| B：并行"), "A | B：并行")
    assert.strictEqual(title("\n\n  \n"), "")
    assert.strictEqual(title(""), "")
  })
})

describe("cleanAbstract", () => {
  it("folds a failed translation and drops its marker", () => {
    assert.deepStrictEqual(cleanAbstract(" Training diffusion models\nat scale is chall [翻译失败] "), {
      abstract: "Training diffusion models at scale is chall",
      note: null,
      translationFailed: true
    })
  })

  it("moves trailing note paragraphs and glued notes to the note, keeps other paragraphs", () => {
    assert.deepStrictEqual(cleanAbstract("第一段。\n\n第二段。\n\n（注：术语保留）"), {
      abstract: "第一段。\n\n第二段。",
      note: "（注：术语保留）",
      translationFailed: false
    })
    assert.deepStrictEqual(cleanAbstract("摘要正文。（注：术语保留英文）"), {
      abstract: "摘要正文。",
      note: "（注：术语保留英文）",
      translationFailed: false
    })
    assert.deepStrictEqual(cleanAbstract("中文翻译：摘要正文。"), {
      abstract: "摘要正文。",
      note: "中文翻译：",
      translationFailed: false
    })
    // A parenthesis that is not a note, and a note marker in the middle of a paragraph, stay.
    const kept = "我们提出方法（注意力机制的变体）。结果（说明见附录）良好。"
    assert.strictEqual(cleanAbstract(kept).abstract, kept)
  })

  it("unescapes pipes: `\\\\|` in LaTeX becomes `\\|`", () => {
    assert.strictEqual(cleanAbstract(" 范数$-\\\\|x\\\\|$与 a \\| b ").abstract, "范数$-\\|x\\|$与 a | b")
  })
})
