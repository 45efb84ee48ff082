import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { openWarehouse } from "../../core/duckdb.ts";
import { transform, type TransformResult } from "../../warehouse/transform.ts";
import { CATALOG, query, scratch, seedRaw, type RawOrder } from "./fixture.ts";

const ORDERS: RawOrder[] = [
  { order_id: 1, customer_id: 10, amount_cents: 1250, status: "placed", updated_at: "2024-01-01 10:00:00+00" },
  { order_id: 2, customer_id: 10, amount_cents: 750, status: "shipped", updated_at: "2024-01-02 10:00:00+00" },
];
const POSITIVE = "analytics_assertions.assert_positive_amounts";
const UNIQUE = "analytics_assertions.staging_stg_orders_assertions_uniqueKey_0";
// stg_orders drops amounts below min_amount_cents (0 in workflow_settings.yaml): let negative ones through
const vars = { min_amount_cents: "-1000" };

function status(result: TransformResult, name: string): string | undefined {
  return result.actions.find((action) => action.name === `fixture-project.${name}`)?.status;
}

/** Runs statements on the warehouse, as a user would by hand. */
async function byHand(database: string, ...statements: string[]): Promise<void> {
  const warehouse = await openWarehouse({ file: database, catalog: CATALOG });
  try {
    for (const statement of statements) await warehouse.run(statement);
  } finally {
    warehouse.close();
  }
}

async function viewComment(database: string, name: string): Promise<string> {
  const [schema, view] = name.split(".");
  const [row] = await query<{ comment: string }>(database, `SELECT comment FROM duckdb_views() WHERE schema_name = '${schema}' AND view_name = '${view}'`);
  return row.comment;
}

describe("assertion views on a later run", () => {
  it("are kept while their query is the same, and check the models as rebuilt this run", async () => {
    const { project, database } = scratch();
    await seedRaw(database, ORDERS, []);
    expect((await transform({ projectDir: project, database, vars })).successful).toBe(true);

    // a negative amount and a duplicate order: the models change, the assertions' queries do not
    await seedRaw(database, [...ORDERS, { ...ORDERS[1], amount_cents: -100 }], []);
    const result = await transform({ projectDir: project, database, vars });
    expect(status(result, POSITIVE)).toBe("failed");
    expect(status(result, UNIQUE)).toBe("failed");
    expect(await query(database, `SELECT order_id::INT AS id, amount::DOUBLE AS amount FROM ${POSITIVE}`)).toEqual([{ id: 2, amount: -1 }]);

    // kept, not created again: a view carrying the same comment stands as it is (the run is the only writer)
    const comment = await viewComment(database, POSITIVE);
    await byHand(database, `CREATE OR REPLACE VIEW ${POSITIVE} AS SELECT 1 AS order_id, 1 AS amount WHERE false`, `COMMENT ON VIEW ${POSITIVE} IS '${comment}'`);
    expect(status(await transform({ projectDir: project, database, vars }), POSITIVE)).toBe("successful");
  });

  it("are created again when the assertion's query changed or the view is not the one the run created", async () => {
    const { project, database } = scratch();
    await seedRaw(database, ORDERS, []);
    expect((await transform({ projectDir: project, database, vars })).successful).toBe(true);
    const unique = await viewComment(database, UNIQUE);

    const assertion = path.join(project, "definitions/assertions/assert_positive_amounts.sqlx");
    fs.writeFileSync(assertion, fs.readFileSync(assertion, "utf8").replace("where amount < 0", "where amount < 10"));
    const changed = await transform({ projectDir: project, database, vars });
    expect(status(changed, POSITIVE)).toBe("failed");
    expect(await query(database, `SELECT order_id::INT AS id FROM ${POSITIVE}`)).toEqual([{ id: 2 }]);
    expect(await viewComment(database, UNIQUE)).toBe(unique);

    // replaced by hand with a view that finds nothing, without the run's comment: the run creates its own again
    await byHand(database, `CREATE OR REPLACE VIEW ${POSITIVE} AS SELECT 1 AS order_id, 1 AS amount WHERE false`);
    expect(status(await transform({ projectDir: project, database, vars }), POSITIVE)).toBe("failed");
  });
});
