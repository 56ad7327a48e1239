/**
 * What the pipeline and nights benchmarks serve: the generated archive as upstream repository files, one more day
 * for the one-new-day night, and what the fakes must know to answer for it (the arXiv versions the digests link,
 * the DOIs each bioRxiv/medRxiv day posted). `arxiv` is bench/corpus.ts alone, as before; `mixed` adds the
 * bioRxiv/medRxiv digests and the daily JSON (bench/mixedCorpus.ts), which is what users run.
 */
import { generateCorpus } from "./corpus.ts"
import { generateMixedCorpus } from "./mixedCorpus.ts"

export type Mix = "arxiv" | "mixed"

export const MIXES: ReadonlyArray<Mix> = ["arxiv", "mixed"]

export interface RepoFile {
  readonly path: string
  readonly content: string
}

/** The files of one date, at their paths in the upstream repository. */
export interface BenchDay {
  readonly date: string
  readonly files: ReadonlyArray<RepoFile>
}

export interface BenchArchive {
  /** `days + 1` paper days and the failure days between them: the archive is a prefix, the last day is new. */
  readonly days: ReadonlyArray<BenchDay>
  /** Dates of the `days`-day archive (paper days and failure days), the length of its prefix of `days`. */
  readonly archiveDates: number
  /** The newest version each arXiv id is linked with, for ids linked above v1 (the fake answers no older). */
  readonly arxivVersions: Record<string, number>
  /** DOIs a bioRxiv/medRxiv day posted, keyed `server date`, as FakeRxiv's `posted` takes them. */
  readonly posted: Record<string, ReadonlyArray<string>>
}

const DIGESTS = "docs/daily-papers"
const LINK = /arxiv\.org\/pdf\/((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?\/\d{7}))v(\d+)/g

/** The newest version each id is linked with, for ids linked above v1. */
export const linkedVersions = (texts: ReadonlyArray<string>): Record<string, number> => {
  const versions: Record<string, number> = {}
  for (const text of texts)
    for (const [, id, version] of text.matchAll(LINK))
      if (id !== undefined && Number(version) > 1) versions[id] = Math.max(versions[id] ?? 1, Number(version))
  return versions
}

export const benchArchive = (mix: Mix, options: { readonly days: number; readonly rowsPerDay: number }) => {
  const corpus = { days: options.days + 1, rowsPerDay: options.rowsPerDay, seed: 1 }
  const days: Array<BenchDay> = []
  const arxivTexts: Array<string> = []
  const posted: Record<string, ReadonlyArray<string>> = {}
  if (mix === "arxiv")
    for (const file of generateCorpus(corpus)) {
      days.push({ date: file.date, files: [{ path: `${DIGESTS}/${file.path}`, content: file.content }] })
      arxivTexts.push(file.content)
    }
  else
    for (const day of generateMixedCorpus(corpus)) {
      const files = [day.arxiv, ...day.rxiv].map((file) => ({
        path: `${DIGESTS}/${file.path}`,
        content: file.content
      }))
      days.push({
        date: day.date,
        files: [...files, { path: `docs/${day.json.path}`, content: day.json.content }]
      })
      arxivTexts.push(day.arxiv.content)
      for (const file of day.rxiv)
        if (file.expectedDois.length > 0) posted[`${file.server} ${file.date}`] = file.expectedDois
    }
  // The arXiv corpus is prefix-stable and its failure days do not depend on the rows: count its dates cheaply.
  const archiveDates = [...generateCorpus({ days: options.days, rowsPerDay: 1, seed: 1 })].length
  return { days, archiveDates, arxivVersions: linkedVersions(arxivTexts), posted } satisfies BenchArchive
}

/** Every file of some days, flattened. */
export const filesOf = (days: ReadonlyArray<BenchDay>): ReadonlyArray<RepoFile> =>
  days.flatMap((day) => day.files)

/**
 * Asks the fake GitHub for the branch's tarball once, before a measured cold run: the fake gzips the whole archive
 * (370 MB mixed) in its first answer, which on a loaded machine outlasts the CLI's scaled 10 s GitHub timeout, and
 * is the fake's cost, not the run's. The fake keeps the tarball for the run's own request.
 */
export const warmTarball = async (githubUrl: string): Promise<void> => {
  const answer = await fetch(`${githubUrl}/repos/Lcollection/Arxiv_Daily/tarball/main`)
  if (!answer.ok) throw new Error(`warming the fake's tarball: HTTP ${answer.status}`)
  await answer.arrayBuffer()
}
