import { assert, describe, it } from "@effect/vitest"
import { withoutLinkSources, withoutNotes } from "../../src/domain/Paper.ts"
import { buildPaper } from "../support/paperFixtures.ts"

describe("the paper as a run holds it", () => {
  const full = buildPaper("2510.00001", {
    titleNote: "注：译者加",
    abstractNote: "（译注）",
    codeCell: "[code](https://github.com/o/r)",
    linkTexts: ["另一译文 https://github.com/o/r"]
  })

  it("drops the translators' notes and keeps every other field", () => {
    const slim = withoutNotes(full)
    assert.deepStrictEqual([slim.titleNote, slim.abstractNote], [null, null])
    assert.deepStrictEqual({ ...slim }, { ...full, titleNote: null, abstractNote: null })
  })

  it("drops the link sources and keeps every other field", () => {
    const slim = withoutLinkSources(full)
    assert.deepStrictEqual([slim.codeCell, slim.linkTexts], [null, []])
    assert.deepStrictEqual({ ...slim }, { ...full, codeCell: null, linkTexts: [] })
  })

  it("returns the same paper when there is nothing to drop", () => {
    const bare = buildPaper("2510.00002")
    assert.strictEqual(withoutNotes(bare), bare)
    assert.strictEqual(withoutLinkSources(bare), bare)
  })
})
