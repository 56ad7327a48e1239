/** Reads a digest without a table: a failure blockquote, a "no papers" notice, or something unknown. */
import type { Problem } from "../domain/Problem.ts"
import { excerpt, parseProblem } from "./problemCodes.ts"
import type { TextLines } from "./TextLines.ts"

export const readNoTableDay = (lines: TextLines, file: string): ReadonlyArray<Problem> => {
  const problems: Array<Problem> = []
  let firstText = -1
  for (let index = 0; index < lines.count; index++) {
    const line = lines.line(index).trim()
    if (line === "") continue
    if (line.startsWith("#")) continue
    if (firstText < 0) firstText = index
    if (!line.startsWith(">")) continue
    const body = line.replace(/^>\s*/, "")
    if (body.includes("抓取失败")) {
      const status = body.match(/HTTP\s*(\d{3})/)?.[1]
      const what = status === undefined ? "" : `: HTTP ${status}`
      problems.push(
        parseProblem(file, index + 1, "fetch-failed", `upstream fetch failed${what} (${excerpt(body)})`)
      )
    } else if (/没有|无/.test(body) && /论文/.test(body)) {
      problems.push(parseProblem(file, index + 1, "no-papers", `no papers that day (${excerpt(body)})`))
    }
  }
  if (problems.length > 0) return problems
  if (firstText < 0) {
    const what = lines.text.trim() === "" ? "the file is empty" : "the file has only a heading"
    return [parseProblem(file, 1, "no-table", `no table: ${what}`)]
  }
  return [
    parseProblem(
      file,
      firstText + 1,
      "no-table",
      `no table and no known notice: "${excerpt(lines.line(firstText))}"`
    )
  ]
}
