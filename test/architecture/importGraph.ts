/**
 * The house's one-way rule, checked on the import graph of src/: domain <- state, github <- sources, parse,
 * enrich, emit <- pipeline <- cli. A part imports only itself and the parts below it; parse and emit import only
 * domain (pure parsing, rendering without a client or the state folder); no module cycle; no file over 300 lines.
 */
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"

/** Rank of each part: a part may import parts of a lower rank, never one of its own rank or above. */
export const RANKS: Readonly<Record<string, number>> = {
  domain: 0,
  state: 1,
  github: 1,
  sources: 2,
  parse: 2,
  enrich: 2,
  emit: 2,
  pipeline: 3,
  cli: 4
}

/** Parts held to a narrower rule: the only other parts they may import. */
export const ONLY: Readonly<Record<string, ReadonlyArray<string>>> = {
  domain: [],
  parse: ["domain"],
  emit: ["domain"]
}

export const MAX_LINES = 300

/** One module: its path under src/ (`pipeline/runPipeline.ts`), the modules it imports, its line count. */
export interface Module {
  readonly path: string
  readonly imports: ReadonlyArray<string>
  readonly lines: number
}

const partOf = (path: string): string => path.split("/")[0] ?? path

/** Every broken rule, one line each; empty when the graph holds. */
export const checkImportGraph = (modules: ReadonlyArray<Module>): ReadonlyArray<string> => {
  const problems: Array<string> = []
  for (const module of modules) {
    const from = partOf(module.path)
    if (RANKS[from] === undefined)
      problems.push(`${module.path}: not in a known part (${Object.keys(RANKS).join(", ")})`)
    if (module.lines > MAX_LINES) problems.push(`${module.path}: ${module.lines} lines, over ${MAX_LINES}`)
    for (const target of module.imports) {
      const to = partOf(target)
      if (to === from) continue
      const only = ONLY[from]
      if (only !== undefined && !only.includes(to))
        problems.push(`${module.path} -> ${target}: ${from} imports only ${only.join(", ") || "itself"}`)
      else if ((RANKS[to] ?? Number.POSITIVE_INFINITY) >= (RANKS[from] ?? 0))
        problems.push(`${module.path} -> ${target}: ${from} may not import ${to}`)
    }
  }
  return [...problems, ...findCycles(modules)]
}

/** Each module cycle once, as `a -> b -> a` (depth-first search, colouring the modules on the path). */
export const findCycles = (modules: ReadonlyArray<Module>): ReadonlyArray<string> => {
  const edges = new Map(modules.map((module) => [module.path, module.imports] as const))
  const state = new Map<string, "open" | "done">()
  const stack: Array<string> = []
  const cycles: Array<string> = []
  const visit = (path: string) => {
    state.set(path, "open")
    stack.push(path)
    for (const next of edges.get(path) ?? []) {
      if (state.get(next) === "open")
        cycles.push(`cycle: ${[...stack.slice(stack.indexOf(next)), next].join(" -> ")}`)
      else if (!state.has(next) && edges.has(next)) visit(next)
    }
    stack.pop()
    state.set(path, "done")
  }
  for (const path of [...edges.keys()].sort()) if (!state.has(path)) visit(path)
  return cycles
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g

/** The modules of a source folder, with their relative imports resolved to paths under it. */
export const readModules = (srcDir: string): ReadonlyArray<Module> => {
  const files = readdirSync(srcDir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => file.split("\\").join("/"))
    .sort()
  return files.map((file) => {
    const text = readFileSync(join(srcDir, file), "utf8")
    const imports = [...text.matchAll(IMPORT)].map((match) =>
      relative(srcDir, resolve(srcDir, dirname(file), match[1] ?? match[2] ?? ""))
        .split("\\")
        .join("/")
    )
    return { path: file, imports, lines: text.split("\n").length - (text.endsWith("\n") ? 1 : 0) }
  })
}
