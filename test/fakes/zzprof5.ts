import { Either } from "effect"
import { decodeArxivFeed } from "../../src/enrich/decodeArxivFeed.ts"
import { makeArxivResponder } from "./arxivResponder.ts"

const responder = makeArxivResponder({ seed: 3 })
const docs = Array.from({ length: 20 }, (_, answer) => {
  const ids = Array.from({ length: 100 }, (_, i) =>
    i < 10
      ? (responder.recordedIds[(answer + i) % responder.recordedIds.length] ?? "")
      : `2501.${String(answer * 100 + i).padStart(5, "0")}`
  )
  const r = responder.answer({
    time: 0,
    method: "GET",
    path: "/api/query",
    params: new URLSearchParams({ id_list: ids.join(","), max_results: "100" }),
    userAgent: "",
    contentType: ""
  })
  return r.kind === "respond" ? r.body : ""
})
let n = 0
for (let i = 0; i < 60; i++)
  for (const d of docs) {
    const r = decodeArxivFeed(d)
    n += Either.isRight(r) ? r.right.entries.length : 0
  }
console.log(n)
