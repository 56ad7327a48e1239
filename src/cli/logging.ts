/** Log output: short human lines on a terminal, logfmt otherwise; always on stderr, so stdout stays data. */
import { Cause, HashMap, Layer, Logger, LogLevel } from "effect"

const formatValue = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value))

/** `enrich: enriching done=300 total=1000 remaining=2m 10s`: one line per event, stage first. */
const terminalLogger = Logger.make(({ logLevel, message, annotations, cause }) => {
  const fields = HashMap.toEntries(annotations)
  const stage = fields.find(([key]) => key === "stage")?.[1]
  const rest = fields
    .filter(([key, value]) => key !== "stage" && value !== "")
    .map(([key, value]) => `${key}=${formatValue(value)}`)
  const text = Array.isArray(message) ? message.map(formatValue).join(" ") : formatValue(message)
  const level = logLevel._tag === "Info" ? "" : `${logLevel.label.toLowerCase()}: `
  const failure = Cause.isEmpty(cause) ? "" : `\n${Cause.pretty(cause)}`
  process.stderr.write(
    `${level}${stage === undefined ? "" : `${formatValue(stage)}: `}${text} ${rest.join(" ")}${failure}\n`
  )
})

/** The logger layer for this process, chosen by whether stderr is a terminal. */
export const loggerLayer = (isTerminal: boolean) =>
  Layer.mergeAll(
    Logger.replace(
      Logger.defaultLogger,
      isTerminal ? terminalLogger : Logger.withConsoleError(Logger.logfmtLogger)
    ),
    Logger.minimumLogLevel(LogLevel.Info)
  )
