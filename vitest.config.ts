import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // builds the CLI once, for the tests that start it as a process (tests/helpers/cli.ts)
    // and gives the run one temporary folder, removed at its end (tests/setup/temp-dir.ts)
    globalSetup: ["tests/setup/temp-dir.ts", "tests/setup/cli-bundle.ts"],
    // end-to-end tests start servers and DuckDB files; two cores run two files at once
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
