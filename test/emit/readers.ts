/** Third-party readers for the emit tests: libxml2 (xmllint-wasm) + RELAX NG, fast-xml-parser, ajv, bibtex-parser. */
import * as fs from "node:fs"
import { parse as parseBibtex } from "@retorquere/bibtex-parser"
import { Ajv } from "ajv"
import addFormatsPlugin from "ajv-formats"
import { XMLParser, XMLValidator } from "fast-xml-parser"
import { validateXML } from "xmllint-wasm"
import { artifactText } from "../../src/emit/Artifact.ts"

const shared = (relative: string) => new URL(`../../../shared/${relative}`, import.meta.url)

/** The artifact's whole text (joins lazy chunks). */
export const textOf = artifactText

const ATOM_RNG = fs.readFileSync(shared("schemas/atom.rng"), "utf8")

/** Validates Atom documents against RFC 4287's RELAX NG grammar with libxml2 (one xmllint run for all). */
export const validateAtom = async (documents: ReadonlyArray<string>) => {
  const result = await validateXML({
    xml: documents.map((contents, index) => ({ fileName: `atom-${index}.xml`, contents })),
    schema: [{ fileName: "atom.rng", contents: ATOM_RNG }],
    extension: "relaxng",
    maxMemoryPages: 16 * 1024
  })
  return { valid: result.valid, errors: result.errors.map((error) => error.rawMessage) }
}

/** Well-formedness with libxml2 (c14n makes xmllint parse the whole document). */
export const wellFormedWithLibxml2 = async (documents: ReadonlyArray<string>) => {
  const result = await validateXML({
    xml: documents.map((contents, index) => ({ fileName: `doc-${index}.xml`, contents })),
    normalization: "c14n",
    maxMemoryPages: 16 * 1024
  })
  return { valid: result.valid, errors: result.errors.map((error) => error.rawMessage) }
}

const REPEATED = new Set([
  "item",
  "entry",
  "dc:creator",
  "category",
  "author",
  "outline",
  "enclosure",
  "guid"
])

/** Parses XML with fast-xml-parser after checking it is well-formed; attributes under `@name`, text `#text`. */
export const parseXml = (xml: string): Record<string, unknown> => {
  const valid = XMLValidator.validate(xml)
  if (valid !== true) throw new Error(`not well-formed: ${JSON.stringify(valid.err)}`)
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    alwaysCreateTextNode: false,
    isArray: (name, jpath) => REPEATED.has(name) || (name === "link" && String(jpath).startsWith("feed."))
  }).parse(xml) as Record<string, unknown>
}

/** Every character a legal XML 1.0 Char (an independent check of the cleaning). */
export const onlyXmlChars = (text: string): boolean => {
  for (const char of text) {
    const c = char.codePointAt(0) ?? 0
    const ok =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      (c >= 0x10000 && c <= 0x10ffff)
    if (!ok) return false
  }
  return true
}

const JSON_FEED_SCHEMA = JSON.parse(
  fs.readFileSync(new URL("../../node_modules/jsonfeed-schema/schema-v1.1.json", import.meta.url), "utf8")
) as object
const ajv = new Ajv({ allErrors: true, strict: false })
;(addFormatsPlugin as unknown as (ajv: Ajv) => Ajv)(ajv)
const validateJsonFeedSchema = ajv.compile(JSON_FEED_SCHEMA)

/** Validates a parsed JSON Feed document against the JSON Feed 1.1 JSON Schema (ajv + ajv-formats). */
export const validateJsonFeed = (document: unknown): ReadonlyArray<string> =>
  validateJsonFeedSchema(document)
    ? []
    : (validateJsonFeedSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`)

/** Parses BibTeX exactly (no sentence casing), as Better BibTeX's parser reads it. */
export const readBibtex = (text: string) => parseBibtex(text, { sentenceCase: false, english: false })
