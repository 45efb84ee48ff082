// Mutation testing (StrykerJS 9 on Node 20, vitest runner) of the modules at the edges, one module
// per run: MUTATION_MODULE names it (scripts/mutation.sh runs them in turn). Each module runs only
// the test files that exercise it in-process (a test that spawns `doraform` runs the code unmutated,
// so it cannot kill a mutant), with per-test coverage and one worker: the machine has 2 cores.
// Scores and the survivors' explanations: docs/mutation-testing.md.
export const MODULES = {
  summary: { mutate: ["report/summary-table.ts"], testFiles: ["tests/report/summary-table.test.ts"] },
  "alert-log": { mutate: ["report/alerts/sent-log.ts"], testFiles: ["tests/report/alert-log.test.ts"] },
  loaders: {
    mutate: ["ingest/load/*.ts"],
    testFiles: ["tests/ingest/loaders.test.ts", "tests/ingest/bigquery-loader.test.ts"],
  },
  http: {
    mutate: ["ingest/http/*.ts"],
    testFiles: ["tests/ingest/http-client.test.ts", "tests/ingest/http-client-answers.test.ts", "tests/ingest/rate-limit.test.ts"],
  },
  webhooks: {
    mutate: ["ingest/webhooks/handler.ts", "ingest/webhooks/signatures.ts"],
    testFiles: [
      "tests/webhooks/handler.test.ts",
      "tests/webhooks/receiver.test.ts",
      "tests/webhooks/rejections.test.ts",
      "tests/webhooks/signatures.test.ts",
      "tests/webhooks/bigquery-writer.test.ts",
      "tests/webhooks/lambda.test.ts",
    ],
  },
  // the writers behind the handler: their serve-process tests (spool.test.ts) run the code unmutated
  "webhook-writers": {
    mutate: ["ingest/webhooks/duckdb-writer.ts", "ingest/webhooks/spool.ts", "ingest/webhooks/spooled-writer.ts", "ingest/webhooks/bigquery-writer.ts"],
    testFiles: ["tests/webhooks/writers-in-process.test.ts", "tests/webhooks/bigquery-writer.test.ts"],
  },
  // tests/runbook/runbook.test.ts runs `doraform` processes: the in-process file holds the same cases
  runbook: { mutate: ["runbook/*.ts"], testFiles: ["tests/runbook/runbook-in-process.test.ts"] },
};

const name = process.env.MUTATION_MODULE ?? "";
const module = MODULES[name];
if (!module) throw new Error(`MUTATION_MODULE must be one of ${Object.keys(MODULES).join(", ")} (got "${name}")`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.config.ts", related: false },
  coverageAnalysis: "perTest",
  // mutants of module-level constants: the vitest runner never activates them here (all survived,
  // even those the tests kill when made by hand), and they took 41% of a run; docs/mutation-testing.md
  ignoreStatic: true,
  concurrency: 1,
  mutate: module.mutate,
  testFiles: module.testFiles,
  // what the tests never load: kept out of the sandbox copy
  ignorePatterns: ["bench", "looker", "docs", ".ci", "reports"],
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  thresholds: { high: 90, low: 80, break: null },
  // a mutant that loops forever costs this much on top of the tests' own time
  timeoutMS: 10_000,
  tempDirName: ".stryker-tmp",
  // a run after a change tests again only the mutants whose code or tests changed
  incremental: true,
  incrementalFile: `reports/mutation/${name}.incremental.json`,
};
