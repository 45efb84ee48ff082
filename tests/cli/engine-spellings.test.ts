// An analyst's new model with engine-specific SQL, in a copy of this repository's Dataform project:
// `doraform lint` names the file, the line and the helper to use and exits non-zero; `doraform
// transform` warns the same way and still runs the model.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";

const REPOSITORY = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-spellings-"));
const project = path.join(dir, "project");

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

for (const part of ["definitions", "includes", "workflow_settings.yaml"]) fs.cpSync(path.join(REPOSITORY, part), path.join(project, part), { recursive: true });
// CONCAT( on line 3: DuckDB's concat skips NULLs where BigQuery's returns NULL; both engines accept it
fs.writeFileSync(
  path.join(project, "definitions/marts/team_labels.sqlx"),
  'config { type: "view", description: "A planted model" }\nselect\n  concat(\'team-\', \'a\') as label\n',
);

function doraform(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 600_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const FINDING = "definitions/marts/team_labels.sqlx:3: CONCAT(: use dialect.concat (DuckDB's concat skips NULLs)";

describe("engine-specific SQL in a new model", () => {
  it("doraform lint reports it, naming file, line and helper, and exits non-zero", () => {
    const { status, stdout, stderr } = doraform(["lint", project]);
    expect(stdout).toBe(`${FINDING}\n`);
    expect(stderr).toBe("doraform: 1 engine-specific spelling to write with includes/dialect.js (listed above)\n");
    expect(status).toBe(1);
  }, 900_000);

  it("doraform transform prints it as a warning and still runs the model", () => {
    const { status, stdout, stderr } = doraform(["transform", project, "--actions", "team_labels", "--database", path.join(dir, "warehouse.duckdb")]);
    expect(stderr).toBe(`warning: ${FINDING}\n`);
    expect(stdout).toMatch(/^ok +view +doraform-demo\.dora\.team_labels /m);
    expect(status).toBe(0);
  }, 900_000);
});
