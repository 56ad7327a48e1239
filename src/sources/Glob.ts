/** Path globs over repository paths: `*` and `?` never cross a `/`, a `**` segment spans any number of folders. */

const escapeRegExp = (text: string): string => text.replace(/[.+^${}()|[\]\\]/g, "\\$&")

const segmentSource = (segment: string): string =>
  segment
    .split(/(\*+|\?)/)
    .map((part) => (part.startsWith("*") ? "[^/]*" : part === "?" ? "[^/]" : escapeRegExp(part)))
    .join("")

/** The regular expression a glob stands for, anchored at both ends. */
export const globToRegExp = (glob: string): RegExp => {
  const segments = glob.split("/")
  let source = ""
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1
    if (segment === "**") source += last ? ".*" : "(?:[^/]+/)*"
    else source += segmentSource(segment) + (last ? "" : "/")
  })
  return new RegExp(`^${source}$`)
}

/** A predicate telling whether a repository path matches the glob. */
export const globMatcher = (glob: string): ((path: string) => boolean) => {
  const pattern = globToRegExp(glob)
  return (path) => pattern.test(path)
}

/** One folder step of a glob: a literal name, a pattern within one name, or `**` (any depth). */
export type GlobStep =
  | { readonly _tag: "Literal"; readonly name: string }
  | { readonly _tag: "Pattern"; readonly test: (name: string) => boolean }
  | { readonly _tag: "AnyDepth" }

/** The glob's folder steps (all but the file name), for walking a tree one folder at a time. */
export const globFolderSteps = (glob: string): ReadonlyArray<GlobStep> =>
  glob
    .split("/")
    .slice(0, -1)
    .map((segment): GlobStep => {
      if (segment === "**") return { _tag: "AnyDepth" }
      if (!/[*?]/.test(segment)) return { _tag: "Literal", name: segment }
      const pattern = new RegExp(`^${segmentSource(segment)}$`)
      return { _tag: "Pattern", test: (name) => pattern.test(name) }
    })

/** A repository path that is safe to mirror on disk: relative, no empty, `.` or `..` segments. */
export const isSafeRelativePath = (path: string): boolean =>
  path.length > 0 &&
  !path.includes("\\") &&
  !path.includes("\0") &&
  path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..")
