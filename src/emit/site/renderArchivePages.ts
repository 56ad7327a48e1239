/**
 * The archive's pages: one per announcement day and the month index. Like bib/DAY.bib, a day copied from the
 * last run keeps its published page (SiteRender.kept); only the days rendered afresh get a new one, so a
 * night's site cost follows the new days. planDays renders a day again when a neighbour appears or goes,
 * since its previous/next links change.
 */
import type { IsoDate } from "../../domain/IsoDate.ts"
import { type Artifact, renderedWhenWritten, type SiteRender } from "../Artifact.ts"
import { toFeedItem } from "../FeedItem.ts"
import { newestFirst } from "../feedWindow.ts"
import type { ArchiveInput } from "../renderArtifacts.ts"
import { renderBibtexEntry } from "../renderBibtex.ts"
import { dayPagePath, renderArchivePage, renderDayPage } from "./renderDayPage.ts"

/** The path of the month index, linked from the landing page and every archive page. */
export const ARCHIVE_PAGE = "archive.html"

/** What the archive pages need besides the days: every day's paper count, copied days' included. */
export interface ArchivePagesInput extends Pick<ArchiveInput, "pipeline" | "days" | "bibKeys"> {
  /** Papers first announced on each day (the run's counted days); a rendered day missing here counts its own. */
  readonly paperCounts: ReadonlyMap<IsoDate, number>
}

export const renderArchivePages = (input: ArchivePagesInput): SiteRender => {
  const { pipeline } = input
  const site = { siteUrl: pipeline.siteUrl, language: pipeline.language }
  const ascending: ReadonlyArray<IsoDate> = input.days.map(({ day }) => day).sort()
  const position = new Map(ascending.map((day, at) => [day, at] as const))
  const artifacts: Array<Artifact> = []
  const kept: Array<string> = []
  input.days.forEach((day) => {
    const path = dayPagePath(day.day)
    if (!("papers" in day)) {
      kept.push(path)
      return
    }
    const at = position.get(day.day) ?? 0
    // Rendered when written, like the cumulative files: a full run never holds every page at once.
    const page = () =>
      renderDayPage({
        pipeline,
        day: day.day,
        papers: [...day.papers()].sort(newestFirst).map((paper) => ({
          paper,
          bibtex: renderBibtexEntry(
            toFeedItem(paper, site, { html: false }),
            input.bibKeys[paper.paper.id] ?? paper.paper.id
          )
        })),
        previous: ascending[at - 1] ?? null,
        next: ascending[at + 1] ?? null
      })
    artifacts.push({ path, content: renderedWhenWritten(page) })
  })
  const ownCounts = new Map(
    input.days.flatMap((day) =>
      "papers" in day && !input.paperCounts.has(day.day) ? [[day.day, day.papers().length] as const] : []
    )
  )
  const entries = ascending.map((day) => ({
    day,
    papers: input.paperCounts.get(day) ?? ownCounts.get(day) ?? 0
  }))
  artifacts.push({ path: ARCHIVE_PAGE, content: renderArchivePage(pipeline, entries) })
  return { artifacts, kept: kept.sort() }
}
