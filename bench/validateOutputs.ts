/**
 * Every feed and file of a run's output folder through the validators the tests use (Atom RELAX NG, RSS and
 * OPML through libxml2, the JSON Feed 1.1 schema, BibTeX read back by @retorquere/bibtex-parser, CSL-JSON types
 * and publishers), and what the API gave the bioRxiv/medRxiv items. Prints each figure and returns them.
 *   npx tsx bench/validateOutputs.ts OUT_DIR   (also used by realArchive.ts)
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { readBibtex, validateAtom, validateJsonFeed, wellFormedWithLibxml2 } from "../test/emit/readers.ts"

const files = (root: string): Array<string> =>
  readdirSync(root).flatMap((name) => {
    const full = join(root, name)
    return statSync(full).isDirectory() ? files(full) : [full]
  })

export const validateOutputs = async (first: string) => {
  const listed = files(first)
    .map((file) => relative(first, file))
    .filter((file) => file !== "report.json")
  const of = (suffix: string) =>
    listed.filter((file) => file.endsWith(suffix)).map((file) => readFileSync(join(first, file), "utf8"))
  const atom = await validateAtom(of("atom.xml"))
  console.log(
    `Atom RELAX NG: ${of("atom.xml").length} files, valid ${atom.valid}, errors ${atom.errors.length} ${atom.errors.slice(0, 3).join(" | ")}`
  )
  const rss = await wellFormedWithLibxml2([...of("rss.xml"), ...of(".opml")])
  console.log(`RSS and OPML well-formed (libxml2): errors ${rss.errors.length}`)
  const feeds = [...of("feed.json"), readFileSync(join(first, "papers.json"), "utf8")]
  const jsonErrors = feeds.flatMap((text) => validateJsonFeed(JSON.parse(text)))
  console.log(
    `JSON Feed 1.1 schema: ${feeds.length} files, errors ${jsonErrors.length} ${jsonErrors.slice(0, 3).join(" | ")}`
  )
  const bib = readBibtex(readFileSync(join(first, "papers.bib"), "utf8"))
  console.log(`papers.bib: ${bib.entries.length} entries, ${bib.errors.length} parser errors`)
  const csl = JSON.parse(readFileSync(join(first, "papers.csl.json"), "utf8")) as Array<{ type: string }>
  console.log(
    `papers.csl.json: ${csl.length} items, types ${[...new Set(csl.map((item) => item.type))].join(", ")}`
  )
  const report = JSON.parse(readFileSync(join(first, "report.json"), "utf8")) as {
    counts: { servers: Record<string, unknown> }
    requests: unknown
    problems: ReadonlyArray<{ code: string }>
  }
  console.log(`report counts: ${JSON.stringify(report.counts)}; requests ${JSON.stringify(report.requests)}`)
  for (const [server, counts] of Object.entries(report.counts.servers))
    console.log(`${server}: ${JSON.stringify(counts)}`)
  const codes = new Map<string, number>()
  for (const problem of report.problems) codes.set(problem.code, (codes.get(problem.code) ?? 0) + 1)
  console.log(`problems by code: ${JSON.stringify(Object.fromEntries([...codes].sort()))}`)

  // Every bioRxiv/medRxiv paper's authors and category from the API (the fake's), and Zotero's fields.
  const archive = JSON.parse(readFileSync(join(first, "papers.json"), "utf8")) as {
    items: Array<{ _preprint?: { server: string; category: string | null; authors_complete: boolean } }>
  }
  const preprints = archive.items.flatMap((item) => (item._preprint === undefined ? [] : [item._preprint]))
  const fromApi = preprints.filter((item) => item.category !== null && item.authors_complete).length
  console.log(
    `papers.json: ${preprints.length} bioRxiv/medRxiv items, ${fromApi} with the API's authors and category`
  )
  const cslPreprints = csl.filter(
    (item) =>
      (item as { publisher?: string }).publisher === "bioRxiv" ||
      (item as { publisher?: string }).publisher === "medRxiv"
  )
  const bibWithDoi = bib.entries.filter((entry) =>
    /^10\.(1101|64898)\//.test(String(entry.fields["doi"] ?? ""))
  ).length
  console.log(
    `CSL-JSON items with publisher bioRxiv/medRxiv: ${cslPreprints.length}; BibTeX entries with a bioRxiv/medRxiv DOI: ${bibWithDoi}`
  )
  return {
    files: listed.length,
    validators: {
      atom: { files: of("atom.xml").length, valid: atom.valid, errors: atom.errors.length },
      rssAndOpmlErrors: rss.errors.length,
      jsonFeed: { files: feeds.length, errors: jsonErrors.length },
      bibtex: { entries: bib.entries.length, errors: bib.errors.length, rxivDois: bibWithDoi },
      csl: { items: csl.length, rxivPublisher: cslPreprints.length }
    },
    preprints: { items: preprints.length, withApiAuthorsAndCategory: fromApi },
    counts: report.counts,
    problems: Object.fromEntries([...codes].sort())
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const folder = process.argv[2]
  if (folder === undefined) throw new Error("usage: validateOutputs.ts OUT_DIR")
  await validateOutputs(folder)
}
