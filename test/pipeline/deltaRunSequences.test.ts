/**
 * Random sequences of upstream changes between nights (digests added, removed, relinked, copied to other days):
 * after each night, the outputs of a delta run are the bytes of a run from nothing. Harness: deltaHarness.ts.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fixtureDigest } from "../fakes/FakeGitHub.ts"
import { hashTree, tempDir } from "../support/cli.ts"
import { digestPaths, FOLDER, fullRunBeside, LATER, run, useDelta } from "./deltaHarness.ts"

const delta = useDelta()

/** What may happen upstream between two nights. */
type Change =
  | { readonly kind: "add"; readonly name: string }
  | { readonly kind: "remove"; readonly pick: number }
  | { readonly kind: "relink"; readonly pick: number; readonly nth: number; readonly to: number | string }
  | { readonly kind: "copy"; readonly pick: number; readonly date: string }

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.constantFrom(...LATER).map((name) => ({ kind: "add" as const, name })),
  fc.nat().map((pick) => ({ kind: "remove" as const, pick })),
  // one row's link now points to a fresh paper, or to a paper of another digest (moving it between days)
  fc
    .record({
      pick: fc.nat(),
      nth: fc.nat(),
      to: fc.oneof(
        fc.nat(),
        fc.integer({ min: 10000, max: 99999 }).map((n) => `2509.${n}`)
      )
    })
    .map((r) => ({ kind: "relink" as const, ...r })),
  // a digest's rows again on another day: earlier moves its papers' announcement, later adds a date
  fc
    .record({ pick: fc.nat(), date: fc.constantFrom("2024-01-02", "2025-09-30", "2026-10-01") })
    .map((r) => ({ kind: "copy" as const, ...r }))
)

const LINK = /arxiv\.org\/pdf\/(\d{4}\.\d{4,5})/g
const textAt = (path: string | undefined) =>
  path === undefined ? "" : (delta.github.repo.read(path)?.toString("utf8") ?? "")

const apply = (step: Change) => {
  const paths = digestPaths(delta)
  const at = (n: number) => paths[n % Math.max(1, paths.length)]
  const picked = at("pick" in step ? step.pick : 0)
  const text = textAt(picked)
  if (step.kind === "add") delta.github.repo.put(`${FOLDER}/${step.name}`, fixtureDigest(step.name))
  else if (picked === undefined) return
  else if (step.kind === "remove") delta.github.repo.remove(picked)
  else if (step.kind === "copy") delta.github.repo.put(`${FOLDER}/${step.date}-arxiv.md`, text)
  else {
    const links = [...text.matchAll(LINK)]
    const link = links[step.nth % Math.max(1, links.length)]
    const target =
      typeof step.to === "string"
        ? step.to
        : ([...textAt(at(step.to)).matchAll(LINK)][0]?.[1] ?? "2509.00001")
    if (link?.index === undefined) return
    const end = link.index + link[0].length
    delta.github.repo.put(picked, `${text.slice(0, link.index)}arxiv.org/pdf/${target}${text.slice(end)}`)
  }
}

describe("runs after any sequence of upstream changes", () => {
  it("publish, night after night, what a run from nothing publishes", async () => {
    // Few small digests, so that changes meet: the same papers copied, moved, relinked and removed.
    const small = new Set(["2025-04-27", "2025-05-08", "2025-07-25", "2025-10-06", "2026-01-06"])
    delta.github.repo.commit({
      remove: digestPaths(delta).filter((path) => !small.has(path.slice(FOLDER.length + 1, -9)))
    })
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 2, maxLength: 4 }), async (changes) => {
        const out = tempDir("delta-prop-out")
        const state = tempDir("delta-prop-state")
        const base = delta.github.repo.head
        try {
          expect((await run(delta, out, state)).exitCode).toBe(0)
          for (const step of changes) {
            apply(step)
            const night = await run(delta, out, state)
            expect(night.exitCode, night.error).toBe(0)
            const full = await fullRunBeside(delta, state)
            expect(hashTree(out, ["report.json"])).toEqual(hashTree(full.out, ["report.json"]))
          }
        } finally {
          delta.github.repo.head = base
        }
      }),
      { numRuns: 12, seed: 20261125 }
    )
    // Some 80 runs of the CLI in this process: 75 s on a quiet machine, 161-176 s alone at load 15, and over 240 s
    // inside a full `npm test` at that load. The limit guards against a hang, not a speed.
  }, 600_000)
})
