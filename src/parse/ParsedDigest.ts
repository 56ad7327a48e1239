/** What the parser makes of one digest file. */
import type { DigestKind } from "../domain/DigestFile.ts"
import type { DigestRow, Layout } from "../domain/DigestRow.ts"
import type { IsoDate } from "../domain/IsoDate.ts"
import type { Problem } from "../domain/Problem.ts"

export interface ParsedDigest {
  readonly file: string
  readonly date: IsoDate
  readonly kind: DigestKind
  /** null when the file has no table (failure blockquote, empty day) or is not an arXiv digest. */
  readonly layout: Layout | null
  readonly rows: ReadonlyArray<DigestRow>
  readonly problems: ReadonlyArray<Problem>
}
