import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/buildBundle.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default in a run is one worker fewer than the CPUs: a single fork on CI's 2 cores, idle while the
    // CLI runs, Chromium and the loopback fakes it starts do the work. Two forks keep both cores busy.
    maxWorkers: 2,
    minWorkers: 1,
    // Test files share a fork's module cache instead of importing effect, the platform and the sources afresh
    // each (collect 196 s -> 25 s, the whole run 458 s -> 342 s on 2 cores). No test mocks a module or keeps
    // global state but test/support/pagefindMemo.ts's answers, which are keyed by the pages they index.
    isolate: false
  }
})
