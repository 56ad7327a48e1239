/**
 * Publishing that fails midway (a write, a rename, the manifest, an interruption, a renderer's defect): a
 * typed PublishError or the defect itself, no `*.tmp-*` file and no staging folder left behind, and the
 * previous outputs as they were.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { FileSystem, Path } from "@effect/platform"
import { SystemError } from "@effect/platform/Error"
import { NodeContext } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Deferred, Effect, Exit, Fiber, Layer } from "effect"
import type { SiteRender } from "../../src/emit/Artifact.ts"
import { PublishError, publishOutputs } from "../../src/pipeline/incremental/publishOutputs.ts"
import { StateStore } from "../../src/state/StateStore.ts"
import { tempDir } from "../support/cli.ts"

type Operation = "open" | "rename"
/** Decides, per call, whether the operation fails ("fail"), never returns ("hang") or goes through. */
type Fault = (operation: Operation, path: string) => "fail" | "hang" | undefined

const injected = (method: Operation, path: string) =>
  new SystemError({
    reason: "Unknown",
    module: "FileSystem",
    method,
    pathOrDescriptor: path,
    description: "injected"
  })

/** The real file system with faults injected into `open` and `rename`. */
const faultyFileSystem = (fault: Fault, onHang: () => void = () => {}) =>
  Layer.effect(
    FileSystem.FileSystem,
    Effect.map(FileSystem.FileSystem, (fs): FileSystem.FileSystem => {
      const faulty = <A, E, R>(operation: Operation, path: string, run: Effect.Effect<A, E, R>) => {
        const what = fault(operation, path)
        return what === "fail"
          ? Effect.fail(injected(operation, path))
          : what === "hang"
            ? Effect.zipRight(Effect.sync(onHang), Effect.never)
            : run
      }
      return {
        ...fs,
        open: (path, options) => faulty("open", path, fs.open(path, options)),
        rename: (from, to) => faulty("rename", to, fs.rename(from, to))
      }
    })
  ).pipe(Layer.provide(NodeContext.layer), Layer.merge(Path.layer))

/** The Nth call of `operation` whose path matches `where` gets `what`. */
const nth = (operation: Operation, n: number, where: RegExp, what: "fail" | "hang"): Fault => {
  let seen = 0
  return (op, path) => (op === operation && where.test(path) && ++seen === n ? what : undefined)
}

const withFaults = (state: string, fault: Fault, onHang?: () => void) =>
  Effect.provide(StateStore.Default(state).pipe(Layer.provideMerge(faultyFileSystem(fault, onHang))))

/** Every leftover a publish must not leave: temporary files and the staging folder. */
const leftovers = (folder: string): ReadonlyArray<string> =>
  existsSync(folder)
    ? readdirSync(folder, { recursive: true, encoding: "utf8" }).filter((name) =>
        /(^|\/)(\.staging$|[^/]*\.tmp-)/.test(name)
      )
    : []

const site = (text: string): SiteRender => ({
  artifacts: [
    { path: "rss.xml", content: `rss ${text}` },
    { path: "bib/2025-10-06.bib", content: `bib ${text}` },
    { path: "papers.json", content: ["[", `json ${text}`, "]"] }
  ],
  kept: []
})

/** Publishes `site("one")` cleanly, then `site("two")` with `fault`; returns the second exit. */
const publishTwice = (fault: Fault) => {
  const out = tempDir("publish-fault-out")
  const state = tempDir("publish-fault-state")
  return Effect.gen(function* () {
    yield* Effect.flatMap(StateStore, (store) => publishOutputs(out, site("one"), store)).pipe(
      withFaults(state, () => undefined)
    )
    const exit = yield* Effect.flatMap(StateStore, (store) => publishOutputs(out, site("two"), store)).pipe(
      withFaults(state, fault),
      Effect.exit
    )
    return { exit, out, state }
  })
}

const failureOf = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isFailure(exit)
    ? Cause.failureOption(exit.cause).pipe((option) => (option._tag === "Some" ? option.value : undefined))
    : undefined

describe("publishOutputs under faults", () => {
  it.effect("a staging write that fails: a PublishError, nothing left behind, the outputs as they were", () =>
    Effect.gen(function* () {
      const { exit, out, state } = yield* publishTwice(nth("open", 2, /\.staging/, "fail"))
      assert.instanceOf(failureOf(exit), PublishError)
      assert.deepStrictEqual([leftovers(out), leftovers(state)], [[], []])
      assert.strictEqual(readFileSync(join(out, "rss.xml"), "utf8"), "rss one")
    })
  )

  it.effect("a rename into place that fails: a PublishError and nothing left behind", () =>
    Effect.gen(function* () {
      const { exit, out, state } = yield* publishTwice(nth("rename", 1, /bib\//, "fail"))
      assert.instanceOf(failureOf(exit), PublishError)
      assert.deepStrictEqual([leftovers(out), leftovers(state)], [[], []])
    })
  )

  it.effect("the output manifest that cannot be renamed: a failure and no temporary file", () =>
    Effect.gen(function* () {
      const { exit, out, state } = yield* publishTwice(nth("rename", 1, /\.manifest\.json$/, "fail"))
      assert.isTrue(Exit.isFailure(exit))
      assert.deepStrictEqual([leftovers(out), leftovers(state)], [[], []])
    })
  )

  it.effect(
    "a file previously published shorter than its recorded section: a PublishError, not a defect",
    () =>
      Effect.gen(function* () {
        const out = tempDir("publish-short-out")
        const state = tempDir("publish-short-state")
        const error = yield* Effect.flatMap(StateStore, (store) =>
          publishOutputs(
            out,
            {
              artifacts: [{ path: "papers.json", content: [{ _tag: "CopyRange", offset: 0, length: 10 }] }],
              kept: []
            },
            store
          )
        ).pipe(
          withFaults(state, () => undefined),
          Effect.flip
        )
        assert.instanceOf(error, PublishError)
        assert.deepStrictEqual(leftovers(out), [])
      })
  )

  it.effect("an interrupted publish leaves no temporary file and no staging folder", () =>
    Effect.gen(function* () {
      const out = tempDir("publish-interrupt-out")
      const state = tempDir("publish-interrupt-state")
      const stuck = yield* Deferred.make<void>()
      const hang = nth("open", 3, /\.staging/, "hang")
      const fiber = yield* Effect.flatMap(StateStore, (store) =>
        publishOutputs(out, site("one"), store)
      ).pipe(
        withFaults(state, hang, () => Deferred.unsafeDone(stuck, Exit.void)),
        Effect.fork
      )
      // The publisher is stuck on its third staging file, two already written: interrupt it there.
      yield* Deferred.await(stuck)
      assert.isTrue(existsSync(join(out, ".staging", "bib", "2025-10-06.bib")))
      yield* Fiber.interrupt(fiber)
      assert.deepStrictEqual([leftovers(out), leftovers(state)], [[], []])
    })
  )

  it.effect("a renderer that throws (a defect) leaves no staging folder", () =>
    Effect.gen(function* () {
      const out = tempDir("publish-defect-out")
      const state = tempDir("publish-defect-state")
      const broken: Iterable<string> = {
        *[Symbol.iterator]() {
          yield "["
          throw new Error("renderer bug")
        }
      }
      const exit = yield* Effect.flatMap(StateStore, (store) =>
        publishOutputs(
          out,
          {
            artifacts: [
              { path: "rss.xml", content: "ok" },
              { path: "papers.json", content: broken }
            ],
            kept: []
          },
          store
        )
      ).pipe(
        withFaults(state, () => undefined),
        Effect.exit
      )
      assert.isTrue(Exit.isFailure(exit) && Cause.isDie(exit.cause))
      assert.deepStrictEqual(leftovers(out), [])
    })
  )
})
