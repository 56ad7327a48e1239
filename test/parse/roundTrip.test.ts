/** Round trip: generated rows, written in each layout the way the bot writes them, parse back to themselves. */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import type { Layout } from "../../src/domain/DigestRow.ts"
import { IsoDate } from "../../src/domain/IsoDate.ts"
import { parseDigest } from "../../src/parse/parseDigest.ts"
import { type GeneratedRow, renderDigest } from "./renderDigest.ts"

// Text without the words that announce notes or preambles (注, 说明, 译, 标题, 以下是…): those are what the
// cleaner removes, so a title made of them would rightly not come back. Pipes are in: raw in layouts A and B,
// escaped in C. No cell line starts or ends with a pipe: such a line next to a row boundary is, in the real
// format too, indistinguishable from a row (or nested table) boundary.
const CJK = [..."模型学习基于图像生成方法研究数据网络大语言多模态推理的与和中视频检索扩散强化评估框架系统"]
const MIDDLE = [...CJK, ..."ABCxyz019 ：，-—()（）|/.$^_、？！《》"]
const cjk = fc.constantFrom(...CJK)
const text = (maxLength: number) =>
  fc
    .tuple(cjk, fc.array(fc.constantFrom(...MIDDLE), { maxLength }), cjk)
    .map(([first, middle, last]) => `${first}${middle.join("")}${last}`)
const lines = (max: number) => fc.array(text(30), { minLength: 1, maxLength: max }).map((ls) => ls.join("\n"))
const paragraphs = fc.array(lines(3), { minLength: 1, maxLength: 3 }).map((ps) => ps.join("\n\n"))
const english = fc
  .array(fc.tuple(fc.stringMatching(/^[A-Za-z]{1,9}$/), fc.constantFrom(" ", " ", " ", "\n")), {
    minLength: 1,
    maxLength: 12
  })
  .map((words) => words.map(([word, gap], i) => (i === 0 ? word : `${gap}${word}`)).join(""))

const NOTE_OPENERS = [
  "（翻译说明：",
  "翻译说明：",
  "（注：",
  "（说明：",
  "说明：",
  "（解析说明：",
  "（译文说明：",
  "备选方案："
]
const titleNote = fc
  .tuple(fc.constantFrom(...NOTE_OPENERS), fc.array(lines(3), { maxLength: 2 }))
  .map(([opener, body]) => [opener, ...body].join("\n"))
const abstractNote = fc
  .tuple(fc.constantFrom("（注：", "（翻译说明：", "（说明："), lines(3))
  .map(([opener, body]) => `${opener}${body}）`)
const author = fc
  .array(
    fc.constantFrom("Yazan", "Obeidi", "Ci-Siang", "Lin", "José", "A.", "van", "Zon", "Falcon LLM Team"),
    {
      minLength: 1,
      maxLength: 3
    }
  )
  .map((parts) => parts.join(" "))
const published = fc
  .integer({ min: 0, max: 3650 })
  .map((days) => new Date(Date.UTC(2020, 0, 1) + days * 86_400_000).toISOString().slice(0, 10))

/** null or a value, in the given proportion (fc.option's default makes null the rare case). */
const maybe = <A>(arbitrary: fc.Arbitrary<A>, nullWeight: number) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: nullWeight }, { arbitrary, weight: 1 })

const generatedRow = fc
  .record({
    version: fc.integer({ min: 1, max: 20 }),
    author,
    title: text(40),
    preamble: maybe(
      fc.record({
        text: fc.constantFrom("中文翻译：", "以下是翻译：", "标题：", "以下是这段文字的中文翻译："),
        glued: fc.boolean()
      }),
      1
    ),
    markup: fc.constantFrom("none", "none", "book", "bold", "heading", "quotes"),
    titleNote: maybe(titleNote, 1),
    abstract: paragraphs,
    abstractNote: maybe(abstractNote, 1),
    failedEnglish: maybe(english, 3),
    titleEn: fc.array(fc.constantFrom("Dense", "Scene", "|", "Models", "A", "Study:", "--"), {
      minLength: 1
    }),
    code: maybe(fc.constantFrom("https://github.com/a/b", "https://huggingface.co/x"), 2),
    published
  })
  .map(
    (r): Omit<GeneratedRow, "id"> => ({
      ...r,
      // A title holding book marks is not wrapped in more of them: `《a》b》` would be ambiguous.
      markup: r.markup === "book" && /[《》]/.test(r.title) ? "none" : (r.markup as GeneratedRow["markup"]),
      titleEn: `Paper ${r.titleEn.join(" ")} end`
    })
  )

const digest = fc.tuple(
  fc.constantFrom<Layout>("A", "B", "C"),
  fc.array(generatedRow, { minLength: 1, maxLength: 6 })
)

const date = IsoDate.make("2025-10-06")

describe("round trip: render generated rows in each layout, parse, compare", () => {
  it("gives back every field of every row", () => {
    fc.assert(
      fc.property(digest, ([layout, generated]) => {
        const rows: ReadonlyArray<GeneratedRow> = generated.map((r, i) => ({ ...r, id: `2510.${10000 + i}` }))
        const parsed = parseDigest({
          path: "g.md",
          date,
          kind: "arxiv",
          content: renderDigest(layout, date, rows)
        })
        assert.strictEqual(parsed.layout, layout)
        assert.strictEqual(parsed.rows.length, rows.length)
        rows.forEach((want, i) => {
          const got = parsed.rows[i]!
          const note = [want.preamble?.text, want.titleNote].filter((part) => part != null).join("\n\n")
          const failed = layout !== "A" && want.failedEnglish !== null
          assert.deepStrictEqual(
            {
              id: got.arxivId,
              version: got.version,
              author: got.author,
              title: got.title,
              titleNote: got.titleNote,
              abstract: got.abstract,
              abstractNote: got.abstractNote,
              translationFailed: got.translationFailed,
              titleEn: got.titleEn,
              codeCell: got.codeCell,
              published: got.published
            },
            {
              id: want.id,
              version: want.version,
              author: want.author,
              title: want.title,
              titleNote: note === "" ? null : note,
              abstract:
                layout === "A" ? "" : failed ? want.failedEnglish!.replace(/\s*\n\s*/g, " ") : want.abstract,
              abstractNote: layout === "A" || failed ? null : want.abstractNote,
              translationFailed: failed,
              titleEn: layout === "A" ? want.titleEn : null,
              codeCell: layout === "A" ? want.code : null,
              published: layout === "C" ? want.published : null
            }
          )
        })
        const unexpected = parsed.problems.filter((p) => p.code !== "translation-failed")
        assert.deepStrictEqual(unexpected, [])
      }),
      { numRuns: 400 }
    )
  })
})
