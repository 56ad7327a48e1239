/** The decoder benchmark's two corpora: the recorded arXiv answers and the fake's 100-entry answers. */
import { apiAtomFiles, readApiAtom } from "../test/enrich/arxivFixtures.ts"
import { idListQuery, makeArxivResponder } from "../test/fakes/arxivResponder.ts"

/** The 14 recorded API responses (23 entries, 21 papers), as read from ../shared/fixtures/arxiv/api-atom. */
export const recordedAnswers = (): Array<string> => apiAtomFiles().map(readApiAtom)

/** The fake's answers: 100 ids per request, recorded and synthetic, shuffled as the fake does. */
export const fakeAnswers = (count: number): Array<string> => {
  const responder = makeArxivResponder({ seed: 3 })
  // A few distinct answers, repeated: 2,000 distinct 100-entry answers would hold ~250 MB of text.
  const distinct = Array.from({ length: Math.min(count, 20) }, (_, answer) => {
    const ids = Array.from({ length: 100 }, (_, i) =>
      i < 10
        ? (responder.recordedIds[(answer + i) % responder.recordedIds.length] ?? "")
        : `2501.${String(answer * 100 + i).padStart(5, "0")}`
    )
    const reply = responder.answer(idListQuery(ids))
    return reply.kind === "respond" ? reply.body : ""
  })
  return Array.from({ length: count }, (_, i) => distinct[i % distinct.length] ?? "")
}
