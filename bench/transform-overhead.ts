/**
 * Compile time and per-action overhead of `doraform transform` on a generated 200-model Dataform
 * project (50 views, 100 tables, 50 incremental tables over one 1,000-row raw table), so the cost
 * measured is the executor's, not the SQL's. Prints a markdown table.
 *
 *   npx tsx bench/transform-overhead.ts [--runs N]
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { compileProject } from "../warehouse/compile.ts";
import { openWarehouse } from "../core/duckdb.ts";
import { transform } from "../warehouse/transform.ts";

const REPOSITORY = path.dirname(import.meta.dirname);
const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 3;

function generateProject(dir: string): void {
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write("workflow_settings.yaml", "defaultProject: bench-project\ndefaultDataset: marts\ndefaultAssertionDataset: checks\nvars:\n  warehouse: bigquery\n");
  write("definitions/package.json", '{"type":"commonjs"}\n');
  write("definitions/sources/events.sqlx", 'config { type: "declaration", schema: "raw", name: "events" }\n');
  const id = (n: number) => String(n).padStart(3, "0");
  for (let i = 0; i < 50; i++) {
    write(
      `definitions/staging/stg_${id(i)}.sqlx`,
      `config { type: "view", schema: "staging" }\nselect id, grp, value, happened_at from \${ref("raw", "events")} where id % 50 = ${i}\n`,
    );
  }
  for (let i = 0; i < 100; i++) {
    // half the tables also read the previous one, so the graph has depth as well as width
    const previous = i % 2 === 1 ? `\nunion all select grp, 0, 0 from \${ref("int_${id(i - 1)}")}` : "";
    write(
      `definitions/intermediate/int_${id(i)}.sqlx`,
      `config { type: "table", schema: "intermediate" }\nselect grp, count(*) as n, sum(value) as total from \${ref("stg_${id(i % 50)}")} group by grp${previous}\n`,
    );
  }
  for (let i = 0; i < 50; i++) {
    write(
      `definitions/marts/fct_${id(i)}.sqlx`,
      `config { type: "incremental", uniqueKey: ["grp"] }\nselect grp, sum(n) as n, sum(total) as total from \${ref("int_${id(i * 2)}")} group by grp\n`,
    );
  }
}

async function seed(database: string): Promise<void> {
  const warehouse = await openWarehouse({ file: database, catalog: "bench-project" });
  await warehouse.run(
    "CREATE SCHEMA IF NOT EXISTS raw; CREATE OR REPLACE TABLE raw.events AS SELECT i AS id, i % 7 AS grp, i * 1.5 AS value, TIMESTAMPTZ '2024-01-01' + to_minutes(i) AS happened_at FROM range(1000) t(i)",
  );
  warehouse.close();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-bench-"));
try {
  const project = path.join(dir, "project");
  generateProject(project);

  const compiles: number[] = [];
  for (let i = 0; i < RUNS; i++) compiles.push(await time(() => compileProject(project, { vars: { warehouse: "duckdb" } })));

  // the official CLI, for comparison: it wants @dataform/core installed inside the project
  fs.writeFileSync(path.join(project, "package.json"), '{"dependencies":{"@dataform/core":"3.0.62"}}\n');
  fs.cpSync(path.join(REPOSITORY, "node_modules/@dataform/core"), path.join(project, "node_modules/@dataform/core"), { recursive: true });
  const cli = await time(async () =>
    execFileSync(path.join(REPOSITORY, "node_modules/.bin/dataform"), ["compile", project, "--json", "--vars=warehouse=duckdb"], {
      stdio: ["ignore", "ignore", "inherit"],
      maxBuffer: 1 << 28,
    }),
  );

  const fresh: number[] = [];
  const incremental: number[] = [];
  let actions = 0;
  for (let i = 0; i < RUNS; i++) {
    const database = path.join(dir, `run-${i}.duckdb`);
    await seed(database);
    const first = await transform({ projectDir: project, database });
    const second = await transform({ projectDir: project, database });
    const failure = [...first.actions, ...second.actions].find((action) => action.status !== "successful");
    if (failure) throw new Error(`the generated project failed to run: ${failure.name}: ${failure.message}`);
    actions = first.actions.length;
    fresh.push(first.durationMs - first.compileMs);
    incremental.push(second.durationMs - second.compileMs);
  }

  const ms = (value: number) => `${Math.round(value)} ms`;
  const rows = [
    ["compile in-process (core main() in a worker)", ms(median(compiles))],
    ["compile with the official CLI (`dataform compile --json`)", ms(cli)],
    [`run ${actions} actions on a new database (after compile)`, ms(median(fresh))],
    ["per action, new database", `${(median(fresh) / actions).toFixed(1)} ms`],
    [`run again (50 incremental tables merged)`, ms(median(incremental))],
    ["per action, second run", `${(median(incremental) / actions).toFixed(1)} ms`],
  ];
  console.log(`transform overhead: 200-model generated project, median of ${RUNS} runs, ${os.cpus().length} cores\n`);
  console.log("| step | time |\n|---|---|");
  for (const [step, value] of rows) console.log(`| ${step} | ${value} |`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
