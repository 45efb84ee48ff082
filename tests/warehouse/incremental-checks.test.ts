import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { transform, type TransformResult } from "../../warehouse/transform.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { CATALOG, query, scratch, seedRaw, type RawOrder } from "./fixture.ts";

const ORDERS: RawOrder[] = [
  { order_id: 1, customer_id: 10, amount_cents: 1250, status: "placed", updated_at: "2024-01-01 10:00:00+00" },
  { order_id: 2, customer_id: 10, amount_cents: 750, status: "shipped", updated_at: "2024-01-02 10:00:00+00" },
];
const LATER: RawOrder = { order_id: 3, customer_id: 20, amount_cents: 125, status: "placed", updated_at: "2024-01-03 10:00:00+00" };

const UNIQUE = "fixture-project.analytics_assertions.analytics_fct_orders_assertions_uniqueKey_0";
const NON_NULL = "fixture-project.analytics_assertions.analytics_fct_orders_assertions_rowConditions";

/** The fixture project with built-in assertions on the incremental fct_orders (merged on order_id). */
function project(): { project: string; database: string } {
  const made = scratch();
  const file = path.join(made.project, "definitions/marts/fct_orders.sqlx");
  const sqlx = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, sqlx.replace(`tags: ["daily"],`, `tags: ["daily"],\n  assertions: { uniqueKey: ["order_id"], nonNull: ["status"] },`));
  return made;
}

/** Lands the orders, the ones listed in `withoutStatus` with a null status. */
async function land(database: string, orders: RawOrder[], withoutStatus: number[] = []): Promise<void> {
  await seedRaw(database, orders);
  if (withoutStatus.length === 0) return;
  const warehouse = await openWarehouse({ file: database, catalog: CATALOG });
  try {
    await warehouse.run(`UPDATE raw.orders SET status = NULL WHERE order_id IN (${withoutStatus.join(", ")})`);
  } finally {
    warehouse.close();
  }
}

function outcome(result: TransformResult, name: string): [string, string | undefined] | undefined {
  const action = result.actions.find((candidate) => candidate.name === name);
  return action && [action.status, action.message];
}

describe("built-in assertions of an incremental table on an incremental run", () => {
  it("check the rows merged this run once the whole table passed, and still fail on a late record that breaks them", async () => {
    const { project: dir, database } = project();
    await seedRaw(database, ORDERS);
    const first = await transform({ projectDir: dir, database });
    expect(first.successful).toBe(true);
    // created: the whole table is checked
    expect(outcome(first, UNIQUE)).toEqual(["successful", undefined]);
    expect(outcome(first, NON_NULL)).toEqual(["successful", undefined]);

    await seedRaw(database, [...ORDERS, LATER]);
    const second = await transform({ projectDir: dir, database });
    expect(second.successful).toBe(true);
    expect(outcome(second, UNIQUE)).toEqual(["successful", "rows merged this run"]);
    expect(outcome(second, NON_NULL)).toEqual(["successful", "rows merged this run"]);

    // a late order without a status, and another one landed twice: both merged, both break a rule
    const late: RawOrder[] = [
      { order_id: 4, customer_id: 20, amount_cents: 300, status: "placed", updated_at: "2024-01-05 10:00:00+00" },
      { order_id: 5, customer_id: 30, amount_cents: 100, status: "placed", updated_at: "2024-01-06 10:00:00+00" },
      { order_id: 5, customer_id: 30, amount_cents: 100, status: "placed", updated_at: "2024-01-06 10:00:00+00" },
    ];
    await land(database, [...ORDERS, LATER, ...late], [4]);
    const third = await transform({ projectDir: dir, database });
    expect(third.successful).toBe(false);
    expect(outcome(third, NON_NULL)?.[0]).toBe("failed");
    expect(outcome(third, NON_NULL)?.[1]).toMatch(/query returned 1 row, e\.g\. \{"failing_row_condition":"status IS NOT NULL","order_id":4,/);
    expect(outcome(third, UNIQUE)).toEqual(["failed", `assertion ${UNIQUE} failed: query returned 1 row, e.g. {"order_id":5,"index_row_count":2}`]);

    // nothing new: the rows that broke the rules are still there, and the whole table is checked again
    const fourth = await transform({ projectDir: dir, database });
    expect(outcome(fourth, "fixture-project.analytics.fct_orders")).toEqual(["successful", "merged"]);
    expect(outcome(fourth, NON_NULL)).toEqual(["failed", expect.stringContaining("query returned 1 row")]);
    expect(outcome(fourth, UNIQUE)).toEqual(["failed", expect.stringContaining("query returned 1 row")]);
  });

  it("check the whole table again after a run that wrote it without checking it", async () => {
    const { project: dir, database } = project();
    await seedRaw(database, ORDERS);
    expect((await transform({ projectDir: dir, database })).successful).toBe(true);

    // fct_orders alone, its assertions not selected: a late order without a status is merged unchecked
    await land(database, [...ORDERS, LATER], [LATER.order_id]);
    const unchecked = await transform({ projectDir: dir, database, actions: ["fct_orders"] });
    expect(unchecked.actions.map((action) => action.name)).toEqual(["fixture-project.analytics.fct_orders"]);
    expect(await query(database, `SELECT count(*)::INT AS n FROM analytics.fct_orders WHERE status IS NULL`)).toEqual([{ n: 1 }]);

    const next = await transform({ projectDir: dir, database });
    expect(outcome(next, NON_NULL)).toEqual(["failed", expect.stringContaining("query returned 1 row")]);
  });
});
