/** Reads HTML back with parse5 (the WHATWG parsing algorithm browsers use) and walks the tree. */
import { type DefaultTreeAdapterTypes, type ParserError, parse } from "parse5"

type Node = DefaultTreeAdapterTypes.Node
export type Element = DefaultTreeAdapterTypes.Element

export interface ParsedHtml {
  readonly document: DefaultTreeAdapterTypes.Document
  /** Spec parse errors (unclosed tags, stray end tags, bad attributes...): none for a well-formed page. */
  readonly errors: ReadonlyArray<ParserError>
}

export const parseHtml = (html: string): ParsedHtml => {
  const errors: Array<ParserError> = []
  const document = parse(html, { onParseError: (error) => errors.push(error) })
  return { document, errors }
}

const childrenOf = (node: Node): ReadonlyArray<Node> => {
  if ("content" in node && node.nodeName === "template") return node.content.childNodes
  return "childNodes" in node ? node.childNodes : []
}

const isElement = (node: Node): node is Element => "tagName" in node

/** Every element under `root` in document order, optionally only those with the tag name. */
export const elements = (root: Node, tagName?: string): ReadonlyArray<Element> => {
  const found: Array<Element> = []
  const visit = (node: Node): void => {
    if (isElement(node) && (tagName === undefined || node.tagName === tagName)) found.push(node)
    for (const child of childrenOf(node)) visit(child)
  }
  for (const child of childrenOf(root)) visit(child)
  return found
}

export const attr = (element: Element, name: string): string | undefined =>
  element.attrs.find((a) => a.name === name)?.value

/** The concatenated text of the node and its descendants, as `textContent` gives it. */
export const textOf = (node: Node): string =>
  node.nodeName === "#text" && "value" in node ? node.value : childrenOf(node).map(textOf).join("")

export const byId = (root: Node, id: string): Element | undefined =>
  elements(root).find((element) => attr(element, "id") === id)
