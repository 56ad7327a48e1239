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
    minWorkers: 1
  }
})
