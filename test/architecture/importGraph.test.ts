/** src/ holds the one-way rule (see importGraph.ts), and the check fails when a rule is broken. */
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { repoRoot } from "../support/cli.ts"
import { checkImportGraph, type Module, readModules } from "./importGraph.ts"

const module = (path: string, imports: ReadonlyArray<string> = [], lines = 10): Module => ({
  path,
  imports,
  lines
})

describe("import graph", () => {
  it("src/ holds every rule", () => {
    const modules = readModules(join(repoRoot, "src"))
    assert.isAbove(modules.length, 50, "the modules were found")
    assert.isTrue(
      modules.some(
        (m) => m.path === "pipeline/runPipeline.ts" && m.imports.includes("sources/DigestSource.ts")
      ),
      "imports are resolved to paths under src/"
    )
    assert.deepStrictEqual(checkImportGraph(modules), [])
  })

  it("a graph that follows the rules passes", () => {
    const good = [
      module("domain/Paper.ts"),
      module("state/StateStore.ts"),
      module("github/GitHub.ts", ["domain/Paper.ts"]),
      module("sources/Source.ts", ["github/GitHub.ts", "state/StateStore.ts"]),
      module("parse/parse.ts", ["domain/Paper.ts"]),
      module("emit/render.ts", ["domain/Paper.ts"]),
      module("pipeline/run.ts", ["sources/Source.ts", "emit/render.ts", "parse/parse.ts"]),
      module("cli/main.ts", ["pipeline/run.ts", "sources/Source.ts"])
    ]
    assert.deepStrictEqual(checkImportGraph(good), [])
  })

  it("reports each broken rule of a synthetic graph", () => {
    const bad = [
      module("domain/Paper.ts", ["state/StateStore.ts"]),
      module("state/StateStore.ts"),
      module("github/GitHub.ts", ["state/StateStore.ts"]),
      module("enrich/Facts.ts", ["sources/Client.ts"]),
      module("sources/Client.ts", ["pipeline/run.ts"]),
      module("parse/parse.ts", ["state/StateStore.ts"]),
      module("emit/write.ts", ["github/GitHub.ts"]),
      module("pipeline/run.ts", ["cli/main.ts"]),
      module("cli/main.ts"),
      module("sources/Sync.ts", ["sources/Report.ts"]),
      module("sources/Report.ts", ["sources/Sync.ts"]),
      module("pipeline/huge.ts", [], 301),
      module("util/helpers.ts")
    ]
    assert.deepStrictEqual(checkImportGraph(bad), [
      "domain/Paper.ts -> state/StateStore.ts: domain imports only itself",
      "github/GitHub.ts -> state/StateStore.ts: github may not import state",
      "enrich/Facts.ts -> sources/Client.ts: enrich may not import sources",
      "sources/Client.ts -> pipeline/run.ts: sources may not import pipeline",
      "parse/parse.ts -> state/StateStore.ts: parse imports only domain",
      "emit/write.ts -> github/GitHub.ts: emit imports only domain",
      "pipeline/run.ts -> cli/main.ts: pipeline may not import cli",
      "pipeline/huge.ts: 301 lines, over 300",
      "util/helpers.ts: not in a known part (domain, state, github, sources, parse, enrich, emit, pipeline, cli)",
      "cycle: sources/Report.ts -> sources/Sync.ts -> sources/Report.ts"
    ])
  })
})
