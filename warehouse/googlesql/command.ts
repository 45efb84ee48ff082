import * as path from "node:path";
import type { Command } from "commander";
import { parseVars } from "../command.ts";
import { formatFinding as formatSpelling } from "../engine-spellings/rules.ts";
import { findEngineSpellingsInProject } from "../engine-spellings/project.ts";
import { UserError } from "../../core/errors.ts";
import { projectDifference } from "../../core/config/generated.ts";

export function register(program: Command): void {
  program
    .command("lint")
    .description("check the models before BigQuery runs them: includes/generated/doraform.json in sync with doraform.yaml, engine-specific SQL written outside includes/dialect.js, and GoogleSQL's analyzer on every statement of the BigQuery build")
    .argument("[project-dir]", "the Dataform project (default: this repository)")
    .option("--vars <key=value,...>", "override workflow_settings.yaml vars", parseVars)
    .action(async (projectDir: string | undefined, flags: { vars?: Record<string, string> }) => {
      // what the models read of doraform.yaml first: a stale copy makes every later finding beside the point
      const stale = projectDifference(projectDir === undefined ? undefined : path.resolve(projectDir));
      if (stale) throw new UserError(stale);
      // the spellings first: they need no compilation, so they are listed even when it fails
      const spellings = findEngineSpellingsInProject(projectDir);
      for (const finding of spellings) process.stdout.write(`${formatSpelling(finding)}\n`);
      // loaded here, not at start-up: the analyzer is a development dependency
      const { analyzeProject } = await import("./lint.ts");
      const { formatFinding } = await import("./analyze-graph.ts");
      const analysis = await analyzeProject(projectDir, flags.vars);
      for (const finding of analysis.findings) process.stdout.write(`${formatFinding(finding)}\n`);
      const problems = [
        ...(spellings.length > 0 ? [`${spellings.length} engine-specific ${spellings.length === 1 ? "spelling" : "spellings"} to write with includes/dialect.js`] : []),
        ...(analysis.findings.length > 0 ? [`GoogleSQL refused ${analysis.findings.length} of ${analysis.analyzed.length} statements`] : []),
      ];
      const skipped = analysis.skipped.length > 0 ? `; ${analysis.skipped.length} actions not analyzed, as they read an action with errors` : "";
      if (problems.length > 0) throw new UserError(`${problems.join(" and ")} (listed above)${skipped}`);
      process.stdout.write(`no engine-specific SQL outside includes/dialect.js; GoogleSQL accepted all ${analysis.analyzed.length} statements of the BigQuery build\n`);
    });
}
