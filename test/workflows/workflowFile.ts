/** Reads the repository's workflow files, and runs one `run:` step locally the way a runner would. */
import { execFile, execFileSync } from "node:child_process"
import { readFileSync, writeFileSync } from "node:fs"
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

interface PreparedStep {
  readonly script: string
  readonly cwd: string
  readonly env: Record<string, string>
  readonly outputFile: string
}

const prepareStep = (
  workflow: Workflow,
  step: Step,
  workspace: string,
  options: StepOptions
): PreparedStep => {
  if (step.run === undefined) throw new Error(`step ${step.name ?? step.id} has no run script`)
  const outputFile = join(workspace, "..", `github-output-${Math.random().toString(36).slice(2)}`)
  writeFileSync(outputFile, "")
  const stepEnv = Object.fromEntries(
    Object.entries(step.env ?? {}).map(([key, value]) => [key, evaluate(value, options.expressions ?? {})])
  )
  return {
    script: step.run,
    cwd: join(workspace, step["working-directory"] ?? "."),
    outputFile,
    env: {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: workspace,
      GIT_CONFIG_NOSYSTEM: "1",
      ...workflow.env,
      ...stepEnv,
      ...options.github,
      GITHUB_OUTPUT: outputFile
    }
  }
}

const readOutputs = (outputFile: string): Readonly<Record<string, string>> =>
  Object.fromEntries(
    readFileSync(outputFile, "utf8")
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)])
  )

export interface StepOptions {
  readonly expressions?: Readonly<Record<string, string>>
  readonly github?: Readonly<Record<string, string>>
}

const BASH = ["--noprofile", "--norc", "-e", "-c"]

/**
 * Runs the step's script with `bash -e` (the runner's default shell) in `workspace`, with the workflow's
 * and the step's env, GITHUB_OUTPUT and the given GITHUB_* variables.
 */
export const runStep = (
  workflow: Workflow,
  step: Step,
  workspace: string,
  options: StepOptions = {}
): StepRun => {
  const prepared = prepareStep(workflow, step, workspace, options)
  const stdout = execFileSync("bash", [...BASH, prepared.script], {
    cwd: prepared.cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: prepared.env
  })
  return { stdout, outputs: readOutputs(prepared.outputFile) }
}

/** runStep without blocking the event loop, for steps that talk to fakes served by the test process. */
export const runStepAsync = (
  workflow: Workflow,
  step: Step,
  workspace: string,
  options: StepOptions = {}
): Promise<StepRun & { readonly code: number; readonly stderr: string }> => {
  const prepared = prepareStep(workflow, step, workspace, options)
  return new Promise((resolve) => {
    execFile(
      "bash",
      [...BASH, prepared.script],
      { cwd: prepared.cwd, env: prepared.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1
        resolve({ code, stdout, stderr, outputs: readOutputs(prepared.outputFile) })
      }
    )
  })
}
