/** The composition root: the `digest-feeds` command tree, the platform layers, logging and exit codes. */
import { Command, ValidationError } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Cause, Console, Effect, Layer } from "effect"
import { checkUpstreamCommand } from "./CheckUpstreamCommand.ts"
import { exitCodeOf } from "./exitCode.ts"
import { loggerLayer } from "./logging.ts"
import { parseCommand } from "./ParseCommand.ts"
import { runCommand } from "./RunCommand.ts"

const root = Command.make("digest-feeds").pipe(
  Command.withDescription(
    "Turn daily arXiv digests into feeds (RSS, Atom, JSON Feed), BibTeX, CSL-JSON and OPML."
  ),
  Command.withSubcommands([runCommand, parseCommand, checkUpstreamCommand])
)

const cli = Command.run(root, { name: "digest-feeds", version: "0.1.0" })

/** Expected failures print one clear message; defects print the whole cause. */
const reportFailure = <E>(cause: Cause.Cause<E>) =>
  Cause.isInterruptedOnly(cause)
    ? Effect.void
    : Effect.forEach(Cause.failures(cause), (error) => {
        const message =
          typeof error === "object" && error !== null && "message" in error
            ? String(error.message)
            : String(error)
        // @effect/cli has already printed its own validation errors with the help text.
        return ValidationError.isValidationError(error)
          ? Effect.void
          : Console.error(`digest-feeds: ${message}`)
      }).pipe(Effect.zipRight(Cause.isDie(cause) ? Console.error(Cause.pretty(cause)) : Effect.void))

const program = Effect.suspend(() => cli(process.argv)).pipe(
  Effect.tapErrorCause(reportFailure),
  Effect.provide(Layer.mergeAll(NodeContext.layer, loggerLayer(process.stderr.isTTY === true)))
)

NodeRuntime.runMain(program, {
  disableErrorReporting: true,
  disablePrettyLogger: true,
  teardown: (exit, onExit) => onExit(exitCodeOf(exit))
})
