/** The bioRxiv/medRxiv reader's problem codes: one table, so reports, tests and people read the same names. */
import type { Severity } from "../../domain/Problem.ts"
import { problemFactory } from "../problemCodes.ts"

/**
 * | code                 | severity | when                                                                          |
 * |----------------------|----------|-------------------------------------------------------------------------------|
 * | `fetch-failed`       | info     | the day is a `> 抓取失败：…` blockquote: the upstream's fetch failed, no rows    |
 * | `no-papers`          | info     | the day is `> 当天没有抓取到有效论文。`                                          |
 * | `empty-table`        | info     | a table header with no rows (4 real files)                                    |
 * | `no-table`           | warning  | no table and no known notice (empty file, unexpected text)                    |
 * | `unknown-layout`     | error    | the header row is none of layouts A, B, C4, C: reported, not guessed          |
 * | `multiple-tables`    | warning  | a second known header row: its rows are read as a table of their own         |
 * | `date-mismatch`      | warning  | the `#` heading names another date than the file name                         |
 * | `stray-text`         | warning  | text inside a table that belongs to no row                                    |
 * | `bad-row`            | warning  | a row whose boundaries had to be guessed or that is not closed by `\|`        |
 * | `pdf-missing`        | warning  | no PDF link: row kept with doi null                                           |
 * | `not-doi`            | warning  | the PDF link holds no DOI (neither doi.org nor a server content URL)          |
 * | `server-mismatch`    | warning  | the link's host names the other server than the file                          |
 * | `doi-only`           | info     | title, author and abstract cells all empty (every medRxiv layout-B row)       |
 * | `empty-title`        | warning  | the row has text, but nothing is left of the title cell after cleaning        |
 * | `empty-author`       | info     | the author cell is empty in a row that has a title                           |
 * | `bad-date`           | warning  | layout C posting-date cell is not a calendar date (postedDate null)           |
 * | `duplicate-doi`      | info     | the same DOI on two rows of one file (one per version; dedupe keeps one paper) |
 * | `translation-failed` | info     | the title or abstract is English only: kept as it is, flagged                 |
 * | `parser-defect`      | error    | the reader itself failed on the file (a bug: tests assert it never occurs)    |
 * | `json-missing-row`   | warning  | the upstream JSON lists a DOI the day's markdown does not                     |
 * | `json-doi-mismatch`  | warning  | a JSON paper matches a markdown row by title but names another DOI            |
 * | `json-invalid`       | error    | an upstream JSON file does not decode                                         |
 * | `server-conflict`    | warning  | a DOI in both servers' digests: the first row's server is kept, the rest dropped |
 * | `skipped-server`     | info     | a file of a server the pipeline's `servers` leaves out (or JSON nobody reads)  |
 */
export const rxivSeverity = {
  "fetch-failed": "info",
  "no-papers": "info",
  "empty-table": "info",
  "no-table": "warning",
  "unknown-layout": "error",
  "multiple-tables": "warning",
  "date-mismatch": "warning",
  "stray-text": "warning",
  "bad-row": "warning",
  "pdf-missing": "warning",
  "not-doi": "warning",
  "server-mismatch": "warning",
  "doi-only": "info",
  "empty-title": "warning",
  "empty-author": "info",
  "bad-date": "warning",
  "duplicate-doi": "info",
  "translation-failed": "info",
  "parser-defect": "error",
  "json-missing-row": "warning",
  "json-doi-mismatch": "warning",
  "json-invalid": "error",
  "server-conflict": "warning",
  "skipped-server": "info"
} as const satisfies Record<string, Severity>

export type RxivProblemCode = keyof typeof rxivSeverity

export const rxivProblemCodes = Object.keys(rxivSeverity) as ReadonlyArray<RxivProblemCode>

/** Builds a bioRxiv/medRxiv reader's Problem, its severity from the table above. */
export const rxivProblem = problemFactory(rxivSeverity)
