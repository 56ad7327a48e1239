/** Reads the repository's workflow files, and runs one `run:` step locally the way a runner would. */
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { parse } from "yaml"

export const WORKFLOWS_DIR = new URL("../../.github/workflows/", import.meta.url)

export interface Step {
  readonly id?: string
  readonly name?: string
  readonly uses?: string
  readonly run?: string
  readonly if?: string
  readonly with?: Readonly<Record<string, unknown>>
  readonly env?: Readonly<Record<string, string>>
  readonly "working-directory"?: string
}

export interface Job {
  readonly if?: string
  readonly needs?: string | ReadonlyArray<string>
  readonly permissions?: Readonly<Record<string, string>> | string
  readonly outputs?: Readonly<Record<string, string>>
  readonly environment?: unknown
  readonly container?: string
  readonly strategy?: { readonly matrix?: Readonly<Record<string, ReadonlyArray<unknown>>> }
  readonly steps: ReadonlyArray<Step>
}

export interface Workflow {
  readonly name: string
  readonly on: Readonly<Record<string, unknown>>
  readonly concurrency?: { readonly group: string; readonly "cancel-in-progress": boolean }
  readonly permissions?: Readonly<Record<string, string>> | string
  readonly env?: Readonly<Record<string, string>>
  readonly jobs: Readonly<Record<string, Job>>
}

export const readWorkflowText = (file: string): string => readFileSync(new URL(file, WORKFLOWS_DIR), "utf8")

export const readWorkflow = (file: string): Workflow => parse(readWorkflowText(file)) as Workflow

export const findStep = (workflow: Workflow, job: string, name: string): Step => {
  const step = workflow.jobs[job]?.steps.find((s) => s.name === name || s.id === name)
  if (step === undefined) throw new Error(`no step ${name} in job ${job}`)
  return step
}

/** Step `env` values may hold `${{ expr }}`; the test supplies what each expression evaluates to. */
const evaluate = (value: string, expressions: Readonly<Record<string, string>>): string =>
  value.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr: string) => {
    const result = expressions[expr]
    if (result === undefined) throw new Error(`the test gave no value for \${{ ${expr} }}`)
    return result
  })

export interface StepRun {
  readonly stdout: string
  /** What the step wrote to $GITHUB_OUTPUT, as name -> value. */
  readonly outputs: Readonly<Record<string, string>>
}

/**
 * Runs the step's script with `bash -e` (the runner's default shell) in `workspace`, with the workflow's
 * and the step's env, GITHUB_OUTPUT and the given GITHUB_* variables.
 */
export const runStep = (
  workflow: Workflow,
  step: Step,
  workspace: string,
  options: { expressions?: Readonly<Record<string, string>>; github?: Readonly<Record<string, string>> } = {}
): StepRun => {
  if (step.run === undefined) throw new Error(`step ${step.name ?? step.id} has no run script`)
  const outputFile = join(workspace, "..", `github-output-${Math.random().toString(36).slice(2)}`)
  execFileSync("touch", [outputFile])
  const stepEnv = Object.fromEntries(
    Object.entries(step.env ?? {}).map(([key, value]) => [key, evaluate(value, options.expressions ?? {})])
  )
  const stdout = execFileSync("bash", ["--noprofile", "--norc", "-e", "-c", step.run], {
    cwd: join(workspace, step["working-directory"] ?? "."),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: workspace,
      GIT_CONFIG_NOSYSTEM: "1",
      ...workflow.env,
      ...stepEnv,
      ...options.github,
      GITHUB_OUTPUT: outputFile
    }
  })
  const outputs = Object.fromEntries(
    readFileSync(outputFile, "utf8")
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)])
  )
  return { stdout, outputs }
}
