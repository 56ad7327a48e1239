/** An output file to publish: a path under the output folder and its text, possibly produced lazily. */
export interface Artifact {
  /** Relative to the output folder, `/`-separated (`rss.xml`, `bib/2025-10-06.bib`). */
  readonly path: string
  /** The text; cumulative outputs yield chunks so they never have to fit in memory at once. */
  readonly content: string | Iterable<string>
}
