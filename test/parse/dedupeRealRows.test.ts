/**
 * Deduplication on real rows (test/fixtures/dedupe, trimmed from the upstream at 15dc19b1): papers listed on
 * three days where some days' translation failed keep the good translation and its code link.
 */
import { assert, describe, it } from "@effect/vitest"
import { DigestRow } from "../../src/domain/DigestRow.ts"
import { codeLinksOf } from "../../src/enrich/codeLinks.ts"
import { dedupePapers } from "../../src/parse/dedupePapers.ts"
import { parseDigest } from "../../src/parse/parseDigest.ts"
import { realDigests } from "./realFixtures.ts"

const rows = realDigests("dedupe").flatMap((digest) => parseDigest(digest).rows)
const papers = dedupePapers(rows)
const paper = (id: string) => papers.find((p) => p.id === id)!
const rowsOf = (id: string) => rows.filter((row) => row.arxivId === id)
const HAN = /\p{Script=Han}/u

describe("dedupe on real rows with failed translations", () => {
  it("reads the fixture rows as the upstream has them: good and failed days", () => {
    const shape = (id: string) =>
      rowsOf(id).map((row) => `${row.date} ${row.translationFailed ? "failed" : "ok"}`)
    assert.deepStrictEqual(shape("2505.23760"), ["2025-05-30 ok", "2025-05-31 ok", "2025-06-01 failed"])
    assert.deepStrictEqual(shape("2505.23762"), ["2025-05-30 failed", "2025-05-31 ok", "2025-06-01 failed"])
    assert.deepStrictEqual(shape("2506.10975"), ["2025-06-13 failed", "2025-06-14 ok", "2025-06-15 failed"])
  })

  it("a failed translation on a later day never replaces the good one", () => {
    // 2505.23760: the 2025-06-01 row is newest but failed; the 2025-05-31 row is the newest good one.
    const immunization = paper("2505.23760")
    assert.strictEqual(immunization.translationFailed, false)
    assert.strictEqual(immunization.file, "2025-05-31-arxiv.md")
    assert.isTrue(immunization.abstract.startsWith("模型免疫旨在预训练出难以针对有害任务进行微调"))
    assert.include(immunization.abstract, "https://github.com/amberyzheng/model-immunization-cond-num")
    assert.deepStrictEqual<ReadonlyArray<string>>(immunization.dates, [
      "2025-05-30",
      "2025-05-31",
      "2025-06-01"
    ])
    assert.strictEqual(immunization.firstSeen, "2025-05-30")
  })

  it("takes title and abstract from the only good day, between two failed ones", () => {
    for (const [id, date, link] of [
      ["2505.23762", "2025-05-31", "https://github.com/OpenGVLab/ZeroGUI"],
      ["2506.10975", "2025-06-14", "https://chen-wl20.github.io/GenWorld"]
    ] as const) {
      const good = rowsOf(id).find((row) => row.date === date)!
      const chosen = paper(id)
      assert.deepStrictEqual(
        [chosen.title, chosen.titleNote, chosen.abstract, chosen.translationFailed],
        [good.title, good.titleNote, good.abstract, false]
      )
      assert.isTrue(HAN.test(chosen.abstract))
      assert.include(
        codeLinksOf(chosen, null).map((l) => l.url),
        link.replace(/\/$/, "")
      )
    }
  })

  it("takes code links from every appearance, not only the chosen text", () => {
    // Drop the link from the chosen (2025-05-31) text: the 2025-05-30 row's link is still the paper's.
    const stripped = rows.map((row) =>
      row.arxivId === "2505.23760" && row.date === "2025-05-31"
        ? new DigestRow({ ...row, abstract: row.abstract.replace(/https:\S+/, "") })
        : row
    )
    const chosen = dedupePapers(stripped).find((p) => p.id === "2505.23760")!
    assert.notInclude(chosen.abstract, "github.com")
    assert.deepStrictEqual(
      codeLinksOf(chosen, null).map((l) => [l.url, l.foundIn]),
      [["https://github.com/amberyzheng/model-immunization-cond-num", ["abstract_zh"]]]
    )
  })

  it("when every day failed, keeps the longest English (complete over cut) and says it failed", () => {
    const failedOnly = rows.filter((row) => row.arxivId !== "2506.10975" || row.translationFailed)
    const longer = failedOnly.map((row) =>
      row.arxivId === "2506.10975" && row.date === "2025-06-13"
        ? new DigestRow({ ...row, abstract: `${row.abstract} and more` })
        : row
    )
    const chosen = dedupePapers(longer).find((p) => p.id === "2506.10975")!
    assert.strictEqual(chosen.translationFailed, true)
    assert.isTrue(chosen.abstract.endsWith(" and more"))
    // Its title is still a translation: the newest of the two failed rows, whose titles are both Chinese.
    assert.strictEqual(chosen.title, rowsOf("2506.10975").find((row) => row.date === "2025-06-15")!.title)
  })
})
