import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { openMarts } from "../reader/open.ts";
import { loadCheckedTargets } from "../targets/option.ts";

export function register(program: Command): void {
  program
    .command("report")
    .description("write a self-contained HTML report (inline SVG charts, no network at view time) from the marts")
    .option("--out <dir>", "folder to write report.html into", "out")
    .option("--targets <file>", "quarterly targets file (default: doraform.yaml targets:, else ./targets.yaml when present; see docs/configuration.md)")
    .option("--database <file>", "the embedded warehouse file", "doraform.duckdb")
    .option("--bigquery-project <id>", "read the marts from BigQuery in this project instead")
    .action(async (options: { out: string; targets?: string; database: string; bigqueryProject?: string }) => {
      const marts = await openMarts({ database: options.database, bigqueryProject: options.bigqueryProject });
      try {
        const targets = await loadCheckedTargets(options.targets, marts);
        process.stderr.write("report: reading the marts and drawing the charts…\n");
        // vega and vega-lite load only for this command, not for every doraform invocation
        const { buildReport } = await import("./build.ts");
        const html = await buildReport(marts, targets);
        fs.mkdirSync(options.out, { recursive: true });
        const file = path.join(options.out, "report.html");
        fs.writeFileSync(file, html);
        process.stdout.write(`${file}\n`);
      } finally {
        await marts.close();
      }
    });
}
