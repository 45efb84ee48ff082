import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CompilationFailed, compileProject } from "../../warehouse/compile.ts";
import { doraform, scratch } from "./fixture.ts";

const REPOSITORY = path.resolve(import.meta.dirname, "../..");

/** Writes a file into a copy of the fixture project. */
function withFile(project: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  fs.writeFileSync(path.join(project, file), text);
}

async function compilationErrors(project: string): Promise<string[]> {
  const error = await compileProject(project).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CompilationFailed);
  return (error as CompilationFailed).details;
}

describe("compiling a Dataform project", () => {
  it("gives the same graph as the official `dataform compile --json`, vars included", async () => {
    const { project } = scratch();
    // the official CLI wants @dataform/core installed in the project itself, as a real folder
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ dependencies: { "@dataform/core": "3.0.62" } }));
    fs.cpSync(path.join(REPOSITORY, "node_modules/@dataform/core"), path.join(project, "node_modules/@dataform/core"), {
      recursive: true,
    });
    const official = JSON.parse(
      execFileSync(path.join(REPOSITORY, "node_modules/.bin/dataform"), ["compile", project, "--json", "--vars=warehouse=duckdb,min_amount_cents=5"], {
        encoding: "utf8",
        env: { ...process.env, HOME: path.dirname(project) },
      }),
    );
    const ours = await compileProject(project, { vars: { warehouse: "duckdb", min_amount_cents: "5" } });
    expect(ours).toEqual(official);
    expect(ours.projectConfig?.vars).toEqual({ warehouse: "duckdb", min_amount_cents: "5" });
  });

  it("compiles twice in one process with different vars, each from scratch", async () => {
    const bigquery = await compileProject(path.resolve(REPOSITORY, "tests/fixtures/dataform-project"));
    const duckdb = await compileProject(path.resolve(REPOSITORY, "tests/fixtures/dataform-project"), { vars: { warehouse: "duckdb" } });
    const engine = (graph: typeof bigquery) => graph.tables?.find((table) => table.target?.name === "stg_orders")?.query;
    expect(engine(bigquery)).toContain("'bigquery' as engine");
    expect(engine(duckdb)).toContain("'duckdb' as engine");
  });

  it("reports a ref to a missing action with the file that has it", async () => {
    const { project } = scratch();
    withFile(project, "definitions/marts/broken.sqlx", 'config { type: "table" }\nselect * from ${ref("no_such_table")}\n');
    const errors = await compilationErrors(project);
    expect(errors).toContain('definitions/marts/broken.sqlx: Could not resolve "no_such_table"');
  });

  it("reports a SQLX syntax error with the file that has it", async () => {
    const { project } = scratch();
    withFile(project, "definitions/marts/syntax.sqlx", 'config { type: "table",\nselect 1\n');
    const errors = await compilationErrors(project);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^definitions\/marts\/syntax\.sqlx: \S/);
  });

  it("reports an include that throws with the include's file name and message", async () => {
    const { project } = scratch();
    withFile(project, "includes/exploding.js", 'throw new Error("the include blew up");\n');
    const errors = await compilationErrors(project);
    expect(errors).toEqual(["includes/exploding.js: the include blew up"]);
  });

  it("names a malformed workflow_settings.yaml", async () => {
    const { project } = scratch();
    withFile(project, "workflow_settings.yaml", "defaultProject: [unclosed\n");
    await expect(compileProject(project)).rejects.toThrow(`${fs.realpathSync(project)}/workflow_settings.yaml is not a valid YAML file`);
  });

  it("gives up on a compile that never finishes, saying how long it waited", async () => {
    const { project } = scratch();
    withFile(project, "includes/forever.js", "while (true) {}\n");
    await expect(compileProject(project, { timeoutMs: 3000 })).rejects.toThrow(
      `compiling the Dataform project ${project} took longer than 3 s`,
    );
  });

  it("says which folder is not a Dataform project", async () => {
    const { dir } = scratch();
    await expect(compileProject(dir)).rejects.toThrow(`${dir} is not a Dataform project`);
  });
});

describe("doraform transform on a project that does not compile", () => {
  it("prints each file and Dataform's message, exits non-zero and creates no database", async () => {
    const { project, database } = scratch();
    withFile(project, "definitions/marts/broken.sqlx", 'config { type: "table" }\nselect * from ${ref("no_such_table")}\n');
    withFile(project, "includes/exploding.js", 'throw new Error("the include blew up");\n');
    const { status, stderr } = await doraform(["transform", project, "--database", database]);
    expect(status).not.toBe(0);
    expect(stderr).toContain('definitions/marts/broken.sqlx: Could not resolve "no_such_table"');
    expect(stderr).toContain("includes/exploding.js: the include blew up");
    expect(stderr).toMatch(/doraform: Dataform compilation failed with \d+ errors/);
    expect(fs.existsSync(database)).toBe(false);
  });

  it("with a single SQLX syntax error, says which file in one line and creates no database", async () => {
    const { project, database } = scratch();
    withFile(project, "definitions/marts/syntax.sqlx", 'config { type: "table",\nselect 1\n');
    const { status, stderr } = await doraform(["transform", project, "--database", database]);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/^doraform: Dataform compilation failed \(1 error\): definitions\/marts\/syntax\.sqlx: /m);
    expect(fs.existsSync(database)).toBe(false);
  });
});
