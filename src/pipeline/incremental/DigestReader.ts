/**
 * Reads the synced files a run needs, each by its kind: arXiv digests; bioRxiv/medRxiv digests reconciled with
 * their day's upstream JSON; the JSON files themselves (kept per day, only their bioRxiv/medRxiv papers); and
 * files of a server the pipeline leaves out, skipped with an info problem. Rows join one accumulator per
 * identity (arXiv id, DOI); each file's text is let go once read.
 */
import { type DigestFile, type DigestKind, kindFromFileName } from "../../domain/DigestFile.ts"
import type { RxivServer } from "../../domain/Doi.ts"
import { detach } from "../../domain/detach.ts"
import type { IsoDate } from "../../domain/IsoDate.ts"
import { comparePapers, type Paper, withoutNotes } from "../../domain/Paper.ts"
import type { PaperKey, Server } from "../../domain/PaperKey.ts"
import { Problem } from "../../domain/Problem.ts"
import { PaperAccumulator } from "../../parse/dedupePapers.ts"
import { parseDigest } from "../../parse/parseDigest.ts"
import { RxivAccumulator } from "../../parse/rxiv/RxivAccumulator.ts"
import { readJsonDay, readRxivDay } from "../../parse/rxiv/readRxivDay.ts"
import type { JsonDay } from "../../parse/rxiv/reconcileRxivJson.ts"
import { rxivProblem } from "../../parse/rxiv/rxivProblems.ts"
import { ArchivedDigest } from "./ArchiveState.ts"

export const isRxivKind = (kind: DigestKind | undefined): kind is RxivServer =>
  kind === "biorxiv" || kind === "medrxiv"

const isServer = (kind: DigestKind): kind is Server => kind === "arxiv" || isRxivKind(kind)

/** The kind a listed path has (the sources only deliver files whose names carry one). */
export const kindOf = (path: string): DigestKind | undefined => kindFromFileName(path)

const record = (
  file: DigestFile,
  sha: string,
  tally: {
    readonly rows: number
    readonly rowsWithoutId: number
    readonly problems: ReadonlyArray<Problem>
    readonly ids: ReadonlyArray<PaperKey>
  }
): ArchivedDigest =>
  new ArchivedDigest(
    {
      path: file.path,
      sha,
      date: file.date,
      kind: file.kind,
      rows: tally.rows,
      rowsWithoutId: tally.rowsWithoutId,
      // Detached: an id or message sliced from the digest would keep the whole text alive for the rest of the run.
      problems: tally.problems.map(
        (problem) =>
          new Problem({ ...problem, message: detach(problem.message) }, { disableValidation: true })
      ),
      ids: [...new Set(tally.ids.map(detach))]
    },
    { disableValidation: true }
  )

export class DigestReader {
  readonly #arxiv = new PaperAccumulator()
  readonly #rxiv = new RxivAccumulator()
  readonly #json = new Map<IsoDate, JsonDay>()
  readonly #servers: ReadonlySet<Server>

  constructor(servers: ReadonlyArray<Server>) {
    this.#servers = new Set(servers)
  }

  /** Whether the run reads bioRxiv or medRxiv digests, and so the upstream JSON. */
  get readsRxiv(): boolean {
    return this.#servers.has("biorxiv") || this.#servers.has("medrxiv")
  }

  /** Whether a listed path is a digest of a server this run reads. */
  reads(path: string): boolean {
    const kind = kindOf(path)
    return kind !== undefined && isServer(kind) && this.#servers.has(kind)
  }

  /** Days whose JSON is already at hand. */
  hasJson(date: IsoDate): boolean {
    return this.#json.has(date)
  }

  /**
   * Reads one file: its record for archive.json; its rows join the papers, all of them, or with `wanted` only
   * those of wanted papers. A bioRxiv/medRxiv digest uses its day's JSON when `addJson` was given it first.
   */
  read(file: DigestFile, sha: string, wanted?: ReadonlySet<PaperKey>): ArchivedDigest {
    const kind = file.kind
    if (kind === "upstream-json") return this.#readJson(file, sha)
    if (isServer(kind) && !this.#servers.has(kind)) {
      const message = `${kind} file: the pipeline's servers (${[...this.#servers].join(", ")}) leave it out; skipped`
      return record(file, sha, {
        rows: 0,
        rowsWithoutId: 0,
        problems: [rxivProblem(file.path, 1, "skipped-server", message)],
        ids: []
      })
    }
    if (isRxivKind(kind)) {
      const parsed = readRxivDay(
        { path: file.path, date: file.date, server: kind, content: file.content },
        this.#json.get(file.date)
      )
      this.#rxiv.add(
        wanted === undefined
          ? parsed.rows
          : parsed.rows.filter((row) => row.doi !== null && wanted.has(row.doi))
      )
      return record(file, sha, {
        rows: parsed.rows.length,
        rowsWithoutId: parsed.rows.filter((row) => row.doi === null).length,
        problems: parsed.problems,
        ids: parsed.rows.flatMap((row) => (row.doi === null ? [] : [row.doi]))
      })
    }
    const parsed = parseDigest(file)
    this.#arxiv.add(
      wanted === undefined
        ? parsed.rows
        : parsed.rows.filter((row) => row.arxivId !== null && wanted.has(row.arxivId))
    )
    return record(file, sha, {
      rows: parsed.rows.length,
      rowsWithoutId: parsed.rows.filter((row) => row.arxivId === null).length,
      problems: parsed.problems,
      ids: parsed.rows.flatMap((row) => (row.arxivId === null ? [] : [row.arxivId]))
    })
  }

  /** Keeps a day's JSON for its digests; its record holds only the file's own problem (it lists no paper). */
  #readJson(file: DigestFile, sha: string): ArchivedDigest {
    if (!this.readsRxiv) {
      const message =
        "upstream JSON: read only for bioRxiv and medRxiv, which the pipeline's servers leave out; skipped"
      const problems = [rxivProblem(file.path, 1, "skipped-server", message)]
      return record(file, sha, { rows: 0, rowsWithoutId: 0, problems, ids: [] })
    }
    const day = readJsonDay(file.path, file.content)
    if (day instanceof Problem)
      return record(file, sha, { rows: 0, rowsWithoutId: 0, problems: [day], ids: [] })
    this.#json.set(file.date, day)
    return record(file, sha, { rows: 0, rowsWithoutId: 0, problems: [], ids: [] })
  }

  /**
   * Every paper read, newest first, without the translators' notes (no output shows them), and the problems only
   * the whole set shows (a DOI on both servers).
   */
  papers(): { readonly papers: ReadonlyArray<Paper>; readonly problems: ReadonlyArray<Problem> } {
    const rxiv = this.#rxiv.papers()
    return {
      papers: [...this.#arxiv.papers(), ...rxiv.papers].map(withoutNotes).sort(comparePapers),
      problems: rxiv.problems
    }
  }
}
