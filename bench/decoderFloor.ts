/**
 * The single-pass decoder taken apart, on the same answers: the scan alone (scanArxivAtom, no Schema), the check
 * at the edge with the classes alone (metadataFromFields over each entry's fields, no XML), and the bytes alone
 * (one indexOf per `<`, what any scanner must at least do). Each row counts the answers' entries, so the three
 * rates say where a decoded entry's time goes and how far the whole can go.
 */
import { Either } from "effect"
import type { ArxivMetadata } from "../src/domain/ArxivMetadata.ts"
import { decodeArxivFeed, type MetadataFields, metadataFromFields } from "../src/enrich/decodeArxivFeed.ts"
import { scanArxivAtom } from "../src/enrich/scanArxivAtom.ts"
import { type DecoderResult, measure } from "./decoderMeasure.ts"

const fieldsOf = (entry: ArxivMetadata): typeof MetadataFields.Type => ({
  ...entry,
  authors: entry.authors.map((author) => ({ name: author.name, affiliations: author.affiliations }))
})

export const measureFloors = (corpus: string, docs: ReadonlyArray<string>): Array<DecoderResult> => {
  // Each distinct answer's entries as plain fields, decoded once up front.
  const distinct = new Map<string, ReadonlyArray<typeof MetadataFields.Type>>()
  const fieldsFor = docs.map((xml) => {
    let fields = distinct.get(xml)
    if (fields === undefined) {
      const decoded = decodeArxivFeed(xml)
      fields = Either.isRight(decoded) ? decoded.right.entries.map(fieldsOf) : []
      distinct.set(xml, fields)
    }
    return fields
  })
  const entriesIn = fieldsFor.map((fields) => fields.length)
  return [
    measure(
      corpus,
      "scan only",
      (xml) => {
        const scanned = scanArxivAtom(xml)
        return scanned._tag === "feed" ? scanned.entries.length : 0
      },
      docs,
      Number.POSITIVE_INFINITY
    ),
    measure(
      corpus,
      "check + classes only",
      (_, answer) => {
        let built = 0
        for (const fields of fieldsFor[answer] ?? [])
          if (typeof metadataFromFields(fields) !== "string") built++
        return built
      },
      docs,
      Number.POSITIVE_INFINITY
    ),
    measure(
      corpus,
      "indexOf '<' only",
      (xml, answer) => {
        let tags = 0
        for (let at = xml.indexOf("<"); at >= 0; at = xml.indexOf("<", at + 1)) tags++
        return tags > 0 ? (entriesIn[answer] ?? 0) : 0
      },
      docs,
      Number.POSITIVE_INFINITY
    )
  ]
}
