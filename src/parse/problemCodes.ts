/** The parser's problem codes: one table, so reports, tests and people read the same names. */
import { Problem, type Severity } from "../domain/Problem.ts"

/**
 * | code               | severity | when                                                                      |
 * |--------------------|----------|---------------------------------------------------------------------------|
 * | `skipped-kind`     | info     | bioRxiv, medRxiv or per-day summary file: not an arXiv digest, not read   |
 * | `fetch-failed`     | warning  | the day is a `> 抓取失败：…` blockquote; the message names the HTTP status |
 * | `no-papers`        | info     | the day is `> 当天没有抓取到有效论文。` (upstream found nothing)           |
 * | `empty-table`      | info     | a table header with no rows                                               |
 * | `no-table`         | warning  | no table and no known notice (empty file, unexpected text)                |
 * | `unknown-layout`   | error    | the header row is none of layouts A, B, C: reported, not guessed          |
 * | `multiple-tables`  | warning  | a second known header row: its rows are read as a table of their own     |
 * | `date-mismatch`    | warning  | the `#` heading names another date than the file name                     |
 * | `stray-text`       | warning  | text inside a table that belongs to no row                                |
 * | `bad-row`          | warning  | a row whose boundaries had to be guessed or that is not closed by `\|`    |
 * | `pdf-missing`      | warning  | `PDF缺失`, `[PDF](None)`, `N/A` or an empty link: no arXiv id, row skipped |
 * | `not-arxiv`        | warning  | the link is not an http(s) arxiv.org abs/pdf URL: no arXiv id, row skipped |
 * | `empty-title`      | warning  | nothing is left of the title cell after cleaning                          |
 * | `empty-author`     | warning  | the author cell is empty                                                  |
 * | `bad-date`         | warning  | layout C published cell is not a calendar date (published null)          |
 * | `duplicate-id`     | info     | the same arXiv id on two rows of one file (dedupe keeps one paper)        |
 * | `translation-failed` | info   | `[翻译失败]` in the row: English text kept, marker removed                 |
 * | `control-character` | warning | NUL, BS, ESC, DEL or another C0 control (not tab or newline): removed   |
 * | `parser-defect`    | error    | the parser itself failed on the file (a bug: tests assert it never occurs) |
 */
export const problemSeverity = {
  "skipped-kind": "info",
  "fetch-failed": "warning",
  "no-papers": "info",
  "empty-table": "info",
  "no-table": "warning",
  "unknown-layout": "error",
  "multiple-tables": "warning",
  "date-mismatch": "warning",
  "stray-text": "warning",
  "bad-row": "warning",
  "pdf-missing": "warning",
  "not-arxiv": "warning",
  "empty-title": "warning",
  "empty-author": "warning",
  "bad-date": "warning",
  "duplicate-id": "info",
  "translation-failed": "info",
  "control-character": "warning",
  "parser-defect": "error"
} as const satisfies Record<string, Severity>

export type ProblemCode = keyof typeof problemSeverity

export const problemCodes = Object.keys(problemSeverity) as ReadonlyArray<ProblemCode>

/**
 * A Problem factory over a table of codes and their severities: a parser's problems take their severity from
 * the table, never from the call site. Built from literals and numbers the parser controls, so the schema pass
 * is skipped (many per file).
 */
export const problemFactory =
  <Code extends string>(severities: Readonly<Record<Code, Severity>>) =>
  (file: string, line: number, code: Code, message: string): Problem =>
    new Problem({ file, line, code, severity: severities[code], message }, true)

/** Builds an arXiv digest parser's Problem. */
export const parseProblem = problemFactory(problemSeverity)

/** Shortens a cell for a message, on one line. */
export const excerpt = (text: string, max = 60): string => {
  const flat = text.replace(/\s+/g, " ").trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}
