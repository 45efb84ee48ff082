import type { Command } from "commander";
import { UserError } from "../core/errors.ts";
import { CompilationFailed } from "./compile.ts";
import { DEFAULT_DATABASE_FILE } from "../core/duckdb.ts";
import { createProgress, summaryLine } from "./transform-progress.ts";
import { findEngineSpellingsInProject } from "./engine-spellings/project.ts";
import { formatFinding } from "./engine-spellings/rules.ts";
import { transform } from "./transform.ts";

interface TransformFlags {
  database: string;
  actions?: string[];
  tags?: string[];
  includeDeps?: boolean;
  includeDependents?: boolean;
  fullRefresh?: boolean;
  vars?: Record<string, string>;
}

/** `--vars=a=1,b=2` as the official CLI reads it: comma-separated key=value pairs. */
export function parseVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const pair of text.split(",")) {
    const equals = pair.indexOf("=");
    if (equals <= 0) throw new UserError(`--vars: expected key=value pairs separated by commas, got ${JSON.stringify(pair)}`);
    vars[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return vars;
}

export function register(program: Command): void {
  program
    .command("transform")
    .description("compile the Dataform project and run it on the embedded DuckDB warehouse, like `dataform run`")
    .argument("[project-dir]", "the Dataform project (default: this repository)")
    .option("--database <file>", "the DuckDB file (created when missing)", DEFAULT_DATABASE_FILE)
    .option("--actions <names...>", "run only these actions (name, or database.schema.name)")
    .option("--tags <tags...>", "run only actions with any of these tags")
    .option("--include-deps", "also run the dependencies of the selected actions")
    .option("--include-dependents", "also run the actions that depend on the selected ones")
    .option("--full-refresh", "rebuild incremental tables from scratch (except protected ones)")
    .option("--vars <key=value,...>", "override workflow_settings.yaml vars", parseVars)
    .action(async (projectDir: string | undefined, flags: TransformFlags) => {
      // a warning, not a failure: DuckDB may still run the model (`doraform lint` fails on it)
      for (const finding of findEngineSpellingsInProject(projectDir)) process.stderr.write(`warning: ${formatFinding(finding)}\n`);
      const result = await transform({
        projectDir,
        database: flags.database,
        vars: flags.vars,
        actions: flags.actions,
        tags: flags.tags,
        includeDeps: flags.includeDeps,
        includeDependents: flags.includeDependents,
        fullRefresh: flags.fullRefresh,
        onEvent: createProgress({ out: process.stdout, err: process.stderr }),
      }).catch((error: unknown) => {
        // one line per compilation error (file: message), then the usual one-line reason
        if (error instanceof CompilationFailed && error.details.length > 1) {
          process.stderr.write(error.details.map((line) => `  ${line}\n`).join(""));
          throw new UserError(`Dataform compilation failed with ${error.details.length} errors (listed above)`);
        }
        throw error;
      });
      process.stdout.write(summaryLine(result));
      if (!result.successful) {
        const failed = result.actions.filter((action) => action.status === "failed").map((action) => action.name);
        const failedTests = result.tests.filter((test) => !test.successful).map((test) => test.name);
        throw new UserError(`transform failed: ${[...failedTests, ...failed].join(", ")}`);
      }
    });
}
