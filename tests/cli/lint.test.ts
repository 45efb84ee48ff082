// `doraform lint` as an analyst runs it, a real process on a small Dataform project: one line per
// statement GoogleSQL refuses, a non-zero exit; a clean project exits 0.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";

const project = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-lint-cli-"));

afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  fs.writeFileSync(path.join(project, file), text);
}

function lint() {
  const result = spawnSync(process.execPath, [CLI, "lint", project], { encoding: "utf8", timeout: 600_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

write("workflow_settings.yaml", "defaultProject: tiny\ndefaultLocation: US\ndefaultDataset: analytics\ndefaultAssertionDataset: checks\nvars:\n  raw_dataset: raw\n");
write("definitions/sources.js", 'declare({ schema: "raw", name: "github_raw__stream_repositories" });\n');
write(
  "definitions/repositories.sqlx",
  // filtered on the raw table's partition column with a constant, as lint asks of an incremental model
  'config { type: "incremental", uniqueKey: ["record_id"] }\nselect _airbyte_raw_id as record_id, _airbyte_extracted_at as extracted_at from ${ref("github_raw__stream_repositories")}\n' +
    "where _airbyte_extracted_at >= timestamp('2026-01-01')\n",
);

describe("doraform lint", () => {
  // statements: repositories' query, CREATE OR REPLACE and incremental MERGE; each view's query and CREATE OR REPLACE VIEW
  it("prints one line per refused statement (file, action, statement, GoogleSQL's message) and exits non-zero", () => {
    write("definitions/latest.sqlx", 'config { type: "view" }\nselect max(extracted_att) as latest from ${ref("repositories")}\n');
    write("definitions/today.sqlx", 'config { type: "view" }\nselect record_id from ${ref("repositories")} where extracted_at >= current_date()\n');
    const { status, stdout, stderr } = lint();
    expect(stdout.trim().split("\n")).toEqual([
      "definitions/latest.sqlx: tiny.analytics.latest (query): Unrecognized name: extracted_att; Did you mean extracted_at? [at 2:12]",
      "definitions/today.sqlx: tiny.analytics.today (query): No matching signature for operator >= for argument types: TIMESTAMP, DATE. Supported signature: ANY >= ANY [at 2:59]",
    ]);
    expect(stderr).toBe("doraform: GoogleSQL refused 2 of 5 statements (listed above)\n");
    expect(status).toBe(1);
  }, 900_000);

  it("exits 0 once the models are fixed", () => {
    write("definitions/latest.sqlx", 'config { type: "view" }\nselect max(extracted_at) as latest from ${ref("repositories")}\n');
    write("definitions/today.sqlx", 'config { type: "view" }\nselect record_id from ${ref("repositories")} where extracted_at >= timestamp(current_date())\n');
    const { status, stdout, stderr } = lint();
    expect(stderr).toBe("");
    expect(stdout).toBe("no engine-specific SQL outside includes/dialect.js; GoogleSQL accepted all 7 statements of the BigQuery build\n");
    expect(status).toBe(0);
  }, 900_000);
});
