/** Exit statuses come from the error's type, never from a `_tag` string that merely looks right. */
import { assert, describe, it } from "@effect/vitest"
import { ConfigError, Exit, FiberId } from "effect"
import { exitCodeOf } from "../../src/cli/exitCode.ts"
import { PipelineError } from "../../src/pipeline/loadPipeline.ts"
import { RunFailed } from "../../src/pipeline/runPipeline.ts"
import { StateCorrupt } from "../../src/state/StateStore.ts"

describe("exitCodeOf", () => {
  it("maps each error type to its status", () => {
    const codes = [
      Exit.succeed(1),
      Exit.fail(new PipelineError({ file: "p.json", message: "bad" })),
      Exit.fail(new StateCorrupt({ file: "bibkeys.json", message: "corrupt" })),
      Exit.fail(ConfigError.InvalidData(["DIGEST_FEEDS_TIME_SCALE"], "not a number")),
      Exit.fail(new RunFailed({ message: "nothing to publish" })),
      Exit.interrupt(FiberId.none),
      Exit.die(new Error("bug"))
    ].map(exitCodeOf)
    assert.deepStrictEqual(codes, [0, 2, 2, 2, 1, 130, 1])
  })

  it("an object that only carries a usage error's tag is not a usage error", () => {
    assert.strictEqual(exitCodeOf(Exit.fail({ _tag: "PipelineError", message: "look-alike" })), 1)
    assert.strictEqual(exitCodeOf(Exit.fail({ _op: "InvalidData", path: [] })), 1)
  })
})
