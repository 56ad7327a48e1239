/**
 * The cumulative files in one pass over the archive's days, oldest first: each rendered paper becomes one
 * FeedItem, whose BibTeX entry is rendered once and goes to papers.bib, bib/DAY.bib and every matching topic's
 * papers.bib, whose CSL-JSON goes to papers.csl.json and whose JSON Feed item goes to a scratch file of day
 * sections. papers.json runs newest day first, so it is laid out after the pass from those day sections and the
 * previous file's, both copied as bytes (no item is rendered twice). Copied days are CopyRanges of the previous
 * files. Each file has the bytes sectionedChunks gives it (the reference: test/emit/renderArchiveReference.ts).
 * A day's papers, items and texts are only held while that day is written.
 */
import type { EnrichedPaper } from "../domain/EnrichedPaper.ts"
import type { IsoDate } from "../domain/IsoDate.ts"
import type { Topic } from "../domain/Topic.ts"
import type { ArtifactPass, ByteRange, CopyRange, DaySection, PassEvent } from "./Artifact.ts"
import { topicFolder } from "./FeedCatalog.ts"
import { toFeedItem } from "./FeedItem.ts"
import { newestFirst } from "./feedWindow.ts"
import { BIBTEX_SHAPE, renderBibtexEntry } from "./renderBibtex.ts"
import { CSL_JSON_SHAPE, cslItem } from "./renderCslJson.ts"
import { jsonFeedItem } from "./renderJsonFeed.ts"
import type { DocumentShape } from "./sectionedDocument.ts"
import { topicText, topicTextMatcher } from "./topicMatch.ts"

/** The files made of day sections, which a run splices instead of rendering whole. */
export const CUMULATIVE_FILES = ["papers.json", "papers.bib", "papers.csl.json"] as const
export type CumulativeFile = (typeof CUMULATIVE_FILES)[number]

/** A topic's cumulative BibTeX file: every paper of the topic ever, spliced per day like papers.bib. */
export const topicBibPath = (name: string): string => `${topicFolder(name)}/papers.bib`

/** A day's file of BibTeX entries: the papers announced that day (the day files add up to papers.bib). */
export const dayBibPath = (day: IsoDate): string => `bib/${day}.bib`

/** papers.json's day sections as the pass renders them, oldest day first: a scratch file, never published. */
export const JSON_DAY_SECTIONS = "papers.json.days"

/**
 * A day of the archive: its papers, rendered afresh, or where its sections lie in the last published files
 * (`topicBibs`: by topic name, in topicBibPath(name); a topic without papers that day has no section).
 * A rendered day gives its papers on demand (`papers()`), and each renderer asks only while it writes that
 * day, so the papers can come from wherever the run keeps them (a per-day spill on disk, read per call) and be
 * released once the day is written.
 */
export type ArchiveDay =
  | { readonly day: IsoDate; readonly papers: () => ReadonlyArray<EnrichedPaper> }
  | {
      readonly day: IsoDate
      readonly previous: Readonly<Record<CumulativeFile, ByteRange>>
      readonly topicBibs: Readonly<Record<string, ByteRange>>
    }

export interface ArchivePassInput {
  /** Every day with papers, in any order; each rendered day's papers are read once, when it is written. */
  readonly days: ReadonlyArray<ArchiveDay>
  readonly topics: ReadonlyArray<Topic>
  /** papers.json's head and tail (its meta). */
  readonly jsonShape: DocumentShape
  readonly site: { readonly siteUrl: string; readonly language: string }
  readonly keyOf: (paper: EnrichedPaper) => string
}

const byDay = (a: { readonly day: IsoDate }, b: { readonly day: IsoDate }): number =>
  a.day < b.day ? -1 : a.day > b.day ? 1 : 0

/** Copied days not written yet: adjacent sections of one source, to be copied as one range. */
interface CopyRun {
  readonly from: string | undefined
  readonly offset: number
  end: number
  readonly sections: Array<DaySection>
}

/** A sectioned document written event by event: the bytes of sectionedChunks(shape, the same sections). */
class SectionedFile {
  private first = true
  private run: CopyRun | undefined
  private readonly separatorBytes: number
  constructor(
    readonly path: string,
    readonly shape: DocumentShape
  ) {
    this.separatorBytes = Buffer.byteLength(shape.separator, "utf8")
  }

  *begin(): Generator<PassEvent> {
    yield { path: this.path, chunk: this.shape.head }
  }

  /** A day's items (`day` null: no marks); a day without items adds nothing. */
  *section(day: IsoDate | null, items: ReadonlyArray<string>): Generator<PassEvent> {
    if (items.length === 0) return
    yield* this.flushCopies()
    yield { path: this.path, chunk: this.opening() }
    if (day !== null) yield { path: this.path, chunk: { _tag: "SectionMark", day, edge: "start" } }
    yield { path: this.path, chunk: items.join(this.shape.separator) }
    if (day !== null) yield { path: this.path, chunk: { _tag: "SectionMark", day, edge: "end" } }
  }

  /**
   * A day's section copied as bytes, from the previous file at this path or from `from` (this pass). A section
   * that starts one separator after the last copied one ends in the same source lies beside it with that very
   * separator between (both files were written by this shape): the two are copied as one range.
   */
  *copy(day: IsoDate, range: ByteRange, from?: string): Generator<PassEvent> {
    const run = this.run
    if (run !== undefined && run.from === from && range.offset === run.end + this.separatorBytes) {
      run.sections.push({ day, ...range })
      run.end = range.offset + range.length
      return
    }
    yield* this.flushCopies()
    yield { path: this.path, chunk: this.opening() }
    this.run = { from, offset: range.offset, end: range.offset + range.length, sections: [{ day, ...range }] }
  }

  *end(): Generator<PassEvent> {
    yield* this.flushCopies()
    yield { path: this.path, chunk: this.first ? this.shape.empty : this.shape.close }
    yield { path: this.path, end: true }
  }

  private *flushCopies(): Generator<PassEvent> {
    const run = this.run
    if (run === undefined) return
    this.run = undefined
    const copy: CopyRange = {
      _tag: "CopyRange",
      offset: run.offset,
      length: run.end - run.offset,
      sections: run.sections
    }
    yield { path: this.path, chunk: run.from === undefined ? copy : { ...copy, from: run.from } }
  }

  private opening(): string {
    const text = this.first ? this.shape.open : this.shape.separator
    this.first = false
    return text
  }
}

/** One day's papers rendered once: every text the cumulative files take from them, in the files' orders. */
const renderDay = (
  papers: ReadonlyArray<EnrichedPaper>,
  input: ArchivePassInput,
  topics: ReadonlyArray<Matcher>
) => {
  const entries: Array<string> = []
  const csl: Array<string> = []
  const json: Array<string> = []
  const topicEntries = topics.map((): Array<string> => [])
  // Citations run oldest first; papers.json newest first, which within a day is the exact reverse (ids differ).
  for (const paper of [...papers].sort((a, b) => newestFirst(b, a))) {
    const item = toFeedItem(paper, input.site)
    const key = input.keyOf(paper)
    const entry = renderBibtexEntry(item, key)
    entries.push(entry)
    csl.push(JSON.stringify(cslItem(item, key)))
    json.push(JSON.stringify(jsonFeedItem(item)))
    let text: string | undefined
    const textOf = () => (text ??= topicText(paper))
    topics.forEach((topic, at) => {
      if (topic.matches(paper, textOf)) topicEntries[at]?.push(entry)
    })
  }
  return { entries, csl, json: json.reverse(), topicEntries }
}

interface Matcher {
  readonly name: string
  readonly matches: (paper: EnrichedPaper, text: () => string) => boolean
  readonly file: SectionedFile
}

function* passEvents(input: ArchivePassInput): Generator<PassEvent> {
  const ascending = [...input.days].sort(byDay)
  const bib = new SectionedFile("papers.bib", BIBTEX_SHAPE)
  const csl = new SectionedFile("papers.csl.json", CSL_JSON_SHAPE)
  const topics: ReadonlyArray<Matcher> = input.topics.map((topic) => ({
    name: topic.name,
    matches: topicTextMatcher(topic),
    file: new SectionedFile(topicBibPath(topic.name), BIBTEX_SHAPE)
  }))
  const cumulative = [bib, csl, ...topics.map((topic) => topic.file)]
  for (const file of cumulative) yield* file.begin()
  // Where each rendered day's papers.json section lies in the scratch file (byte offsets, UTF-8).
  const jsonSections = new Map<IsoDate, ByteRange>()
  let scratchBytes = 0
  for (const day of ascending) {
    if (!("papers" in day)) {
      yield* bib.copy(day.day, day.previous["papers.bib"])
      yield* csl.copy(day.day, day.previous["papers.csl.json"])
      for (const topic of topics) {
        const range = day.topicBibs[topic.name]
        if (range !== undefined) yield* topic.file.copy(day.day, range)
      }
      continue
    }
    const rendered = renderDay(day.papers(), input, topics)
    yield* bib.section(day.day, rendered.entries)
    const dayBib = new SectionedFile(dayBibPath(day.day), BIBTEX_SHAPE)
    yield* dayBib.begin()
    yield* dayBib.section(null, rendered.entries)
    yield* dayBib.end()
    yield* csl.section(day.day, rendered.csl)
    for (const [at, topic] of topics.entries())
      yield* topic.file.section(day.day, rendered.topicEntries[at] ?? [])
    if (rendered.json.length > 0) {
      const text = rendered.json.join(input.jsonShape.separator)
      const length = Buffer.byteLength(text, "utf8")
      yield { path: JSON_DAY_SECTIONS, chunk: text }
      jsonSections.set(day.day, { offset: scratchBytes, length })
      scratchBytes += length
    }
  }
  for (const file of cumulative) yield* file.end()
  yield { path: JSON_DAY_SECTIONS, end: true }
  const json = new SectionedFile("papers.json", input.jsonShape)
  yield* json.begin()
  for (const day of ascending.reverse()) {
    if (!("papers" in day)) yield* json.copy(day.day, day.previous["papers.json"])
    else {
      const range = jsonSections.get(day.day)
      if (range !== undefined) yield* json.copy(day.day, range, JSON_DAY_SECTIONS)
    }
  }
  yield* json.end()
}

/**
 * papers.bib, bib/DAY.bib of every rendered day, papers.csl.json, every topic's papers.bib, then papers.json, in
 * one pass (lazy: each iteration renders afresh). A copied day's bib/DAY.bib is kept, not written.
 */
export const archivePass = (input: ArchivePassInput): ArtifactPass => ({
  scratch: [JSON_DAY_SECTIONS],
  events: { [Symbol.iterator]: () => passEvents(input) }
})
