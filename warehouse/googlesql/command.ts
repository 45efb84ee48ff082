import type { Command } from "commander";
import { parseVars } from "../command.ts";
import { UserError } from "../../core/errors.ts";

export function register(program: Command): void {
  program
    .command("lint")
    .description("check the models before BigQuery runs them: GoogleSQL's analyzer on every statement of the BigQuery build")
    .argument("[project-dir]", "the Dataform project (default: this repository)")
    .option("--vars <key=value,...>", "override workflow_settings.yaml vars", parseVars)
    .action(async (projectDir: string | undefined, flags: { vars?: Record<string, string> }) => {
      // loaded here, not at start-up: the analyzer is a development dependency
      const { analyzeProject } = await import("./lint.ts");
      const { formatFinding } = await import("./analyze-graph.ts");
      const analysis = await analyzeProject(projectDir, flags.vars);
      for (const finding of analysis.findings) process.stdout.write(`${formatFinding(finding)}\n`);
      const skipped = analysis.skipped.length > 0 ? `; ${analysis.skipped.length} actions not analyzed, as they read an action with errors` : "";
      if (analysis.findings.length > 0) {
        throw new UserError(`GoogleSQL refused ${analysis.findings.length} of ${analysis.analyzed.length} statements (listed above)${skipped}`);
      }
      process.stdout.write(`GoogleSQL accepted all ${analysis.analyzed.length} statements of the BigQuery build\n`);
    });
}
