/** Splits an author name as arXiv writes it ("First Middle Last") into the parts citation formats need. */
import { cleanLine } from "./cleanText.ts"

/** A personal name (family and given) or a literal one (single names, collaborations, unsplittable text). */
export type PersonName =
  | {
      readonly kind: "person"
      /** Family name with its particles (`van der Putten`, `de With`, `Del Maestro`). */
      readonly family: string
      /** May be "" (a name given as `Last,`). */
      readonly given: string
      /** Jr., Sr., II, III ... or "". */
      readonly suffix: string
    }
  | { readonly kind: "literal"; readonly literal: string }

/** Lowercase words that start a family name (`van der Putten`, `de la Cruz`, `von Neumann`). */
const PARTICLES = new Set([
  "van",
  "von",
  "der",
  "den",
  "de",
  "del",
  "della",
  "dei",
  "degli",
  "di",
  "da",
  "das",
  "dos",
  "du",
  "des",
  "la",
  "le",
  "ter",
  "ten",
  "zu",
  "zur",
  "af",
  "av",
  "bin",
  "ibn",
  "al",
  "el"
])

/**
 * Capitalised particles taken as part of the family name too (`Adrian Del Maestro`). `Van`, `Le`, `Da`, `Di`
 * and `Du` are left out on purpose: as capitalised words they are far more often Vietnamese or Chinese given
 * names (`Thanh Van Nguyen`, `Wei Di Wang`) than particles.
 */
const CAPITAL_PARTICLES = new Set([
  "Del",
  "Della",
  "De",
  "Von",
  "Der",
  "Den",
  "Ter",
  "Ten",
  "Dos",
  "Das",
  "La"
])

const SUFFIX = /^(?:jr|sr|jnr|snr)\.?$|^(?:ii|iii|iv|v|vi)$/i

/** Collaborations and groups are cited as they are written, never split. */
const GROUP = /\b(?:collaboration|consortium|team|group|project|collective|initiative|committee|network)\b/i

const CJK_ONLY = /^[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u3040-\u30FF\uAC00-\uD7AF]+$/u

const isParticle = (word: string): boolean => PARTICLES.has(word) || CAPITAL_PARTICLES.has(word)

/** Parses one author name; white space is folded first. */
export const parsePersonName = (raw: string): PersonName => {
  const name = cleanLine(raw)
  if (name === "") return { kind: "literal", literal: "" }
  if (GROUP.test(name)) return { kind: "literal", literal: name }
  const commaParts = name.split(",").map((part) => part.trim())
  if (commaParts.length === 3 && SUFFIX.test(commaParts[1] ?? "")) {
    // "Doe, Jr., John": BibTeX's own three-part form
    return {
      kind: "person",
      family: commaParts[0] ?? "",
      given: commaParts[2] ?? "",
      suffix: commaParts[1] ?? ""
    }
  }
  if (commaParts.length === 2 && SUFFIX.test(commaParts[1] ?? "")) {
    // "John Doe, Jr."
    const person = parsePersonName(commaParts[0] ?? "")
    return person.kind === "person" ? { ...person, suffix: commaParts[1] ?? "" } : person
  }
  if (commaParts.length === 2 && (commaParts[0] ?? "") !== "") {
    // already "Last, First"
    return { kind: "person", family: commaParts[0] ?? "", given: commaParts[1] ?? "", suffix: "" }
  }
  if (commaParts.length > 1) return { kind: "literal", literal: name }
  const words = name.split(" ")
  if (words.length === 1) {
    // A lone CJK name is written family name first (王小明); anything else is a single name (Plato).
    if (CJK_ONLY.test(name) && [...name].length >= 2 && [...name].length <= 4) {
      const chars = [...name]
      return { kind: "person", family: chars[0] ?? "", given: chars.slice(1).join(""), suffix: "" }
    }
    return { kind: "literal", literal: name }
  }
  if (words.every((word) => CJK_ONLY.test(word))) {
    // "王 小明": CJK order, family name first
    return { kind: "person", family: words[0] ?? "", given: words.slice(1).join(" "), suffix: "" }
  }
  let end = words.length
  let suffix = ""
  const last = words[end - 1] ?? ""
  if (end > 2 && SUFFIX.test(last)) {
    suffix = last
    end -= 1
  }
  // The family name is the last word plus the particles right before it; the given name keeps one word at least.
  let start = end - 1
  while (start > 1 && isParticle(words[start - 1] ?? "")) start -= 1
  return {
    kind: "person",
    family: words.slice(start, end).join(" "),
    given: words.slice(0, start).join(" "),
    suffix
  }
}

/** The family name without leading lowercase particles: what a citation key starts with (`putten`). */
export const keyFamilyName = (name: PersonName): string => {
  if (name.kind === "literal") return name.literal
  const words = name.family.split(" ")
  const firstProper = words.findIndex((word) => !PARTICLES.has(word))
  return words.slice(firstProper === -1 ? words.length - 1 : firstProper).join(" ")
}

/**
 * The name of a feed author: its parts as the server gave them when it did (bioRxiv/medRxiv `Surname, I.`,
 * never split again: `van der Berg, J. A.` stays whole), a literal for a group author or a mononym (a family
 * without a given part), else split from the displayed name (arXiv, or a digest's first author).
 */
export const authorPersonName = (author: {
  readonly name: string
  readonly family?: string | undefined
  readonly given?: string | undefined
}): PersonName => {
  if (author.family === undefined) return parsePersonName(author.name)
  const family = cleanLine(author.family)
  const given = cleanLine(author.given ?? "")
  if (family === "" || given === "") return { kind: "literal", literal: family === "" ? given : family }
  return { kind: "person", family, given, suffix: "" }
}
