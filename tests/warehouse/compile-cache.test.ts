import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileProject } from "../../warehouse/compile.ts";
import type { CompiledGraph } from "../../warehouse/compiled-graph.ts";
import { compiledGraphFile, transform } from "../../warehouse/transform.ts";
import { query, scratch, seedRaw } from "./fixture.ts";

const KEPT = "-- the graph kept beside the warehouse";

/** Marks the kept graph, so a compile that returns it shows it was read rather than compiled. */
function markKept(cacheFile: string): void {
  const kept = JSON.parse(fs.readFileSync(cacheFile, "utf8")) as { key: string; graph: CompiledGraph };
  for (const table of kept.graph.tables ?? []) table.query = KEPT;
  fs.writeFileSync(cacheFile, JSON.stringify(kept));
}

const stgOrders = (graph: CompiledGraph) => graph.tables?.find((table) => table.target?.name === "stg_orders")?.query ?? "";

describe("the compiled graph kept beside a warehouse", () => {
  it("is read while nothing the compile reads changed, and compiled again after any change", async () => {
    const { dir, project } = scratch();
    const cacheFile = path.join(dir, "warehouse.duckdb.compiled.json");
    const compile = (vars: Record<string, string> = { warehouse: "duckdb" }) => compileProject(project, { vars, cacheFile });
    expect(stgOrders(await compile())).toContain("'duckdb' as engine");
    markKept(cacheFile);
    expect(stgOrders(await compile())).toBe(KEPT);
    // a file core neither reads nor lets the project require
    fs.writeFileSync(path.join(project, "README.md"), "# notes\n");
    expect(stgOrders(await compile())).toBe(KEPT);

    const changes: Array<[string, () => Promise<CompiledGraph>]> = [
      ["a definition", () => (appendTo(project, "definitions/staging/stg_orders.sqlx", "\n-- edited\n"), compile())],
      ["an include", () => (appendTo(project, "includes/helpers.js", "\n// edited\n"), compile())],
      ["the settings", () => (appendTo(project, "workflow_settings.yaml", "\n# edited\n"), compile())],
      ["a new definition", () => (appendTo(project, "definitions/marts/extra.sqlx", 'config { type: "view" }\nselect 1 as x\n'), compile())],
      ["the vars", () => compile({ warehouse: "duckdb", min_amount_cents: "5" })],
    ];
    for (const [change, recompile] of changes) {
      markKept(cacheFile);
      const graph = await recompile();
      expect(stgOrders(graph), change).toContain("'duckdb' as engine");
      expect(fs.readFileSync(cacheFile, "utf8"), change).not.toContain(KEPT);
    }
    expect(stgOrders(await compile({ warehouse: "duckdb", min_amount_cents: "5" }))).toContain("'duckdb' as engine");
  });

  it("is written by a transform beside an existing warehouse, and a changed model is built on the next run", async () => {
    const { project, database } = scratch();
    await seedRaw(database, [{ order_id: 1, customer_id: 10, amount_cents: 1250, status: "placed", updated_at: "2024-01-01 10:00:00+00" }], []);
    expect((await transform({ projectDir: project, database })).successful).toBe(true);
    expect(fs.existsSync(compiledGraphFile(database))).toBe(true);
    // the model and its unit test's expectation
    for (const file of ["definitions/staging/stg_orders.sqlx", "definitions/tests/test_stg_orders.js"]) {
      const text = fs.readFileSync(path.join(project, file), "utf8");
      fs.writeFileSync(path.join(project, file), text.replace(/'quoted \\?`fixture-project.raw.orders\\?` stays' as note/, "'edited' as note"));
    }
    expect((await transform({ projectDir: project, database })).successful).toBe(true);
    expect(await query(database, "SELECT DISTINCT note FROM staging.stg_orders")).toEqual([{ note: "edited" }]);
  });
});

function appendTo(project: string, file: string, text: string): void {
  fs.appendFileSync(path.join(project, file), text);
}
