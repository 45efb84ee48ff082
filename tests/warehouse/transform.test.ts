import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { transform, type TransformResult } from "../../warehouse/transform.ts";
import { doraform, query, relations, scratch, seedRaw, type RawOrder } from "./fixture.ts";

const ORDERS: RawOrder[] = [
  { order_id: 1, customer_id: 10, amount_cents: 1250, status: "placed", updated_at: "2024-01-01 10:00:00+00" },
  { order_id: 2, customer_id: 10, amount_cents: 750, status: "shipped", updated_at: "2024-01-02 10:00:00+00" },
  { order_id: 3, customer_id: 20, amount_cents: 125, status: "placed", updated_at: "2024-01-03 10:00:00+00" },
];
const EVENTS: Array<[number, string, string]> = [
  [1, "placed", "2024-01-01 10:00:00+00"],
  [2, "placed", "2024-01-02 10:00:00+00"],
];

function status(result: TransformResult, name: string): string | undefined {
  return result.actions.find((action) => action.name === `fixture-project.${name}`)?.status;
}

function message(result: TransformResult, name: string): string | undefined {
  return result.actions.find((action) => action.name === `fixture-project.${name}`)?.message;
}

const factOrders = (database: string) =>
  query(
    database,
    `SELECT order_id::INT AS id, amount::DOUBLE AS amount, status, strftime(updated_at, '%Y-%m-%d') AS day FROM analytics.fct_orders ORDER BY order_id`,
  );
const customers = (database: string) =>
  query(database, `SELECT customer_id::INT AS customer, orders::INT AS orders, total::DOUBLE AS total FROM analytics.dim_customers ORDER BY customer_id`);
const events = (database: string) =>
  query(database, `SELECT order_id::INT AS id, event, strftime(occurred_at, '%Y-%m-%d') AS day FROM analytics.order_events ORDER BY order_id, occurred_at`);
const dailyTotals = (database: string) =>
  query(database, `SELECT strftime(day, '%Y-%m-%d') AS day, orders::INT AS orders, amount::DOUBLE AS amount FROM analytics.daily_totals ORDER BY day`);
const audit = (database: string) => query(database, `SELECT action, note FROM analytics.create_audit_log`);

describe("doraform transform on the fixture project", () => {
  it("builds every action on a fresh database, then merges, appends and full-refreshes on later runs", async () => {
    const { project, database } = scratch();
    await seedRaw(database, ORDERS, EVENTS);

    // first run: everything is built from the raw rows
    const first = await transform({ projectDir: project, database });
    expect(first.successful).toBe(true);
    // unit tests pass although DuckDB types differ: count(*) BIGINT vs 2, round(...) DOUBLE vs 12.5 DECIMAL
    expect(first.tests.map((test) => [test.name, test.successful, test.messages])).toEqual([
      ["test_dim_customers", true, []],
      ["test_stg_orders", true, []],
    ]);
    expect(first.actions.filter((action) => action.status !== "successful").map((action) => [action.name, action.status])).toEqual([
      ["fixture-project.analytics.disabled_op", "disabled"],
    ]);
    expect(message(first, "analytics.fct_orders")).toBe("created");
    expect(
      await query(database, `SELECT order_id::INT AS id, amount::DOUBLE AS amount, engine, note FROM staging.stg_orders ORDER BY order_id`),
    ).toEqual([
      { id: 1, amount: 12.5, engine: "duckdb", note: "quoted `fixture-project.raw.orders` stays" },
      { id: 2, amount: 7.5, engine: "duckdb", note: "quoted `fixture-project.raw.orders` stays" },
      { id: 3, amount: 1.25, engine: "duckdb", note: "quoted `fixture-project.raw.orders` stays" },
    ]);
    expect(await customers(database)).toEqual([
      { customer: 10, orders: 2, total: 20 },
      { customer: 20, orders: 1, total: 1.25 },
    ]);
    expect(await factOrders(database)).toEqual([
      { id: 1, amount: 12.5, status: "placed", day: "2024-01-01" },
      { id: 2, amount: 7.5, status: "shipped", day: "2024-01-02" },
      { id: 3, amount: 1.25, status: "placed", day: "2024-01-03" },
    ]);
    expect(await dailyTotals(database)).toEqual([
      { day: "2024-01-01", orders: 1, amount: 12.5 },
      { day: "2024-01-02", orders: 1, amount: 7.5 },
      { day: "2024-01-03", orders: 1, amount: 1.25 },
    ]);
    expect(await query(database, `SELECT status, orders::INT AS orders FROM analytics.order_counts ORDER BY status`)).toEqual([
      { status: "placed", orders: 2 },
      { status: "shipped", orders: 1 },
    ]);
    expect(await events(database)).toEqual([
      { id: 1, event: "placed", day: "2024-01-01" },
      { id: 2, event: "placed", day: "2024-01-02" },
    ]);
    expect(await query(database, `SELECT order_id::INT AS id FROM analytics.trusted_orders ORDER BY order_id`)).toEqual([
      { id: 1 },
      { id: 2 },
      { id: 3 },
    ]);
    // pre- and post-operations around the table; the two-statement operation counted fct_orders
    expect(await audit(database)).toEqual([
      { action: "dim_customers", note: "pre" },
      { action: "dim_customers", note: "post" },
      { action: "stats", note: "3" },
    ]);
    expect(await relations(database, "analytics_assertions")).toEqual([
      "analytics_dim_customers_assertions_uniqueKey_0",
      "assert_positive_amounts",
      "staging_stg_orders_assertions_rowConditions",
      "staging_stg_orders_assertions_uniqueKey_0",
    ]);
    // descriptions became comments
    expect(await query(database, `SELECT comment FROM duckdb_tables() WHERE table_name = 'dim_customers'`)).toEqual([
      { comment: "One row per customer with their order count and total." },
    ]);
    expect(await query(database, `SELECT comment FROM duckdb_views() WHERE view_name = 'stg_orders'`)).toEqual([
      { comment: "One row per order, amounts in dollars." },
    ]);
    expect(
      await query(database, `SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'dim_customers' ORDER BY column_index`),
    ).toEqual([
      { column_name: "customer_id", comment: "The customer's id." },
      { column_name: "orders", comment: "How many orders." },
      { column_name: "total", comment: "Sum of amounts in dollars." },
    ]);

    // second run: order 2 changed, order 4 is new, order 3 changed without a newer updated_at
    // (so the incremental filter skips it), one new event and one older than the newest
    await seedRaw(
      database,
      [
        ORDERS[0],
        { order_id: 2, customer_id: 10, amount_cents: 800, status: "delivered", updated_at: "2024-01-04 10:00:00+00" },
        { ...ORDERS[2], amount_cents: 999 },
        { order_id: 4, customer_id: 20, amount_cents: 300, status: "placed", updated_at: "2024-01-05 10:00:00+00" },
      ],
      [...EVENTS, [3, "placed", "2024-01-03 10:00:00+00"], [1, "late", "2023-12-31 10:00:00+00"]],
    );
    const second = await transform({ projectDir: project, database });
    expect(second.successful).toBe(true);
    expect(message(second, "analytics.fct_orders")).toBe("merged");
    expect(message(second, "analytics.order_events")).toBe("appended");
    expect(await factOrders(database)).toEqual([
      { id: 1, amount: 12.5, status: "placed", day: "2024-01-01" },
      { id: 2, amount: 8, status: "delivered", day: "2024-01-04" },
      { id: 3, amount: 1.25, status: "placed", day: "2024-01-03" },
      { id: 4, amount: 3, status: "placed", day: "2024-01-05" },
    ]);
    expect(await events(database)).toEqual([
      { id: 1, event: "placed", day: "2024-01-01" },
      { id: 2, event: "placed", day: "2024-01-02" },
      { id: 3, event: "placed", day: "2024-01-03" },
    ]);
    // the partitions from the newest day on (01-03) are replaced; 01-02 keeps its old row although order 2 moved
    expect(await dailyTotals(database)).toEqual([
      { day: "2024-01-01", orders: 1, amount: 12.5 },
      { day: "2024-01-02", orders: 1, amount: 7.5 },
      { day: "2024-01-03", orders: 1, amount: 9.99 },
      { day: "2024-01-04", orders: 1, amount: 8 },
      { day: "2024-01-05", orders: 1, amount: 3 },
    ]);
    // a plain table is rebuilt whole
    expect(await customers(database)).toEqual([
      { customer: 10, orders: 2, total: 20.5 },
      { customer: 20, orders: 2, total: 12.99 },
    ]);
    expect(await audit(database)).toEqual([
      { action: "dim_customers", note: "pre" },
      { action: "dim_customers", note: "post" },
      { action: "dim_customers", note: "pre" },
      { action: "dim_customers", note: "post" },
      { action: "stats", note: "4" },
    ]);

    // third run, --full-refresh: fct_orders is rebuilt (order 3 gets 9.99), the protected order_events is not
    const third = await transform({ projectDir: project, database, fullRefresh: true });
    expect(third.successful).toBe(true);
    expect(message(third, "analytics.fct_orders")).toBe("rebuilt");
    expect(message(third, "analytics.order_events")).toBe("appended");
    expect((await factOrders(database))[2]).toEqual({ id: 3, amount: 9.99, status: "placed", day: "2024-01-03" });
    expect(await events(database)).toHaveLength(3);
    expect((await dailyTotals(database)).map((row) => row.day)).toEqual(["2024-01-01", "2024-01-03", "2024-01-04", "2024-01-05"]);
  });

  it("an incremental table with onSchemaChange EXTEND gains the query's new column on the next run", async () => {
    const { project, database } = scratch();
    await seedRaw(database, ORDERS, EVENTS);
    expect((await transform({ projectDir: project, database, actions: ["fct_orders"], includeDeps: true })).successful).toBe(true);
    const file = path.join(project, "definitions/marts/fct_orders.sqlx");
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, "utf8")
        .replace('uniqueKey: ["order_id"],', 'uniqueKey: ["order_id"],\n  onSchemaChange: "EXTEND",')
        .replace("select order_id, customer_id,", "select order_id, amount * 2 as double_amount, customer_id,"),
    );
    await seedRaw(database, [ORDERS[0], { ...ORDERS[1], amount_cents: 800, updated_at: "2024-01-04 10:00:00+00" }, ORDERS[2]], EVENTS);
    const result = await transform({ projectDir: project, database, actions: ["fct_orders"], includeDeps: true });
    expect(message(result, "analytics.fct_orders")).toBe("merged");
    expect(await query(database, `SELECT order_id::INT AS id, amount::DOUBLE AS amount, double_amount::DOUBLE AS double_amount FROM analytics.fct_orders ORDER BY order_id`)).toEqual([
      { id: 1, amount: 12.5, double_amount: null },
      { id: 2, amount: 8, double_amount: 16 },
      { id: 3, amount: 1.25, double_amount: null },
    ]);
  });

  it("an incremental table whose pre-operation sets a watermark variable reads only what is newer, and keeps its description", async () => {
    const { project, database } = scratch();
    await seedRaw(database, ORDERS, EVENTS);
    const file = path.join(project, "definitions/marts/fct_orders.sqlx");
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, "utf8")
        .replace("select order_id,", 'pre_operations {\n  ${when(incremental(), `SET VARIABLE since = (select max(updated_at) from ${self()})`)}\n}\n\nselect order_id,')
        .replace("where updated_at > (select max(updated_at) from ${self()})", "where updated_at > getvariable('since')"),
    );
    const run = () => transform({ projectDir: project, database, actions: ["fct_orders"], includeDeps: true });
    expect((await run()).successful).toBe(true);
    // order 2 changed after the watermark, order 3 before it: only order 2 is read again
    await seedRaw(database, [ORDERS[0], { ...ORDERS[1], status: "returned", updated_at: "2024-01-04 10:00:00+00" }, { ...ORDERS[2], status: "lost", updated_at: "2024-01-02 12:00:00+00" }], EVENTS);
    const result = await run();
    expect(message(result, "analytics.fct_orders")).toBe("merged");
    expect((await factOrders(database)).map((row) => `${row.id} ${row.status} ${row.day}`)).toEqual(["1 placed 2024-01-01", "2 returned 2024-01-04", "3 placed 2024-01-03"]);
    expect(await query(database, `SELECT comment FROM duckdb_tables() WHERE table_name = 'fct_orders'`)).toEqual([{ comment: "One row per order, latest version; merged on order_id." }]);
  });

  it("a failing assertion fails the run, skips what depends on it and still runs the rest (CLI, with --vars)", async () => {
    const { project, database } = scratch();
    await seedRaw(database, [...ORDERS, { order_id: 5, customer_id: 30, amount_cents: -100, status: "refunded", updated_at: "2024-01-06 10:00:00+00" }], EVENTS);
    // stg_orders drops amounts below min_amount_cents (0 in workflow_settings.yaml): let the negative one through
    const { status: exitCode, stdout, stderr } = await doraform(["transform", project, "--database", database, "--vars=min_amount_cents=-1000"]);
    expect(exitCode).not.toBe(0);
    expect(stdout).toMatch(/^FAILED\s+assertion\s+fixture-project\.analytics_assertions\.assert_positive_amounts/m);
    expect(stdout).toContain('assertion fixture-project.analytics_assertions.assert_positive_amounts failed: query returned 1 row, e.g. {"order_id":5,"amount":-1}');
    expect(stdout).toMatch(/^skipped\s+table\s+fixture-project\.analytics\.trusted_orders/m);
    expect(stdout).toMatch(/^ok\s+table\s+fixture-project\.analytics\.dim_customers/m);
    expect(stderr).toContain("doraform: transform failed: fixture-project.analytics_assertions.assert_positive_amounts");
    expect(await relations(database, "analytics")).not.toContain("trusted_orders");
    expect(await customers(database)).toEqual([
      { customer: 10, orders: 2, total: 20 },
      { customer: 20, orders: 1, total: 1.25 },
      { customer: 30, orders: 1, total: -1 },
    ]);
  });

  it("a rowConditions condition holding a quote and a backslash runs on DuckDB and labels the rows that break it", async () => {
    const { project, database } = scratch();
    const config = path.join(project, "definitions/staging/stg_orders.sqlx");
    const assertions = 'assertions: { uniqueKey: ["order_id"], nonNull: ["order_id"] },';
    // Dataform labels each condition with a BigQuery literal: 'status != \'lost\\\''
    fs.writeFileSync(
      config,
      fs.readFileSync(config, "utf8").replace(assertions, String.raw`assertions: { nonNull: ["order_id"], rowConditions: ["status != 'lost\\'"] },`),
    );
    await seedRaw(database, [...ORDERS, { order_id: 4, customer_id: 20, amount_cents: 300, status: "lost\\", updated_at: "2024-01-04 10:00:00+00" }], EVENTS);
    const result = await transform({ projectDir: project, database, actions: ["stg_orders"], includeDependents: true });
    expect(status(result, "analytics_assertions.staging_stg_orders_assertions_rowConditions")).toBe("failed");
    expect(
      await query(database, `SELECT failing_row_condition, order_id::INT AS id FROM analytics_assertions.staging_stg_orders_assertions_rowConditions`),
    ).toEqual([{ failing_row_condition: "status != 'lost\\'", id: 4 }]);
  });

  it("--vars reach the models", async () => {
    const { project, database } = scratch();
    await seedRaw(database, ORDERS, EVENTS);
    const result = await transform({ projectDir: project, database, vars: { min_amount_cents: "500" }, actions: ["stg_orders"] });
    expect(result.successful).toBe(true);
    expect(await query(database, `SELECT order_id::INT AS id FROM staging.stg_orders ORDER BY order_id`)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("a SQL error in one model names its file and the engine's message, skips its dependants and runs the rest", async () => {
    const { project, database } = scratch();
    fs.writeFileSync(
      path.join(project, "definitions/marts/order_counts.js"),
      'publish("order_counts", { type: "table" }).query((ctx) => `select no_such_column from ${ctx.ref("stg_orders")}`);\n',
    );
    fs.writeFileSync(
      path.join(project, "definitions/marts/order_counts_top.sqlx"),
      'config { type: "table" }\nselect * from ${ref("order_counts")}\n',
    );
    await seedRaw(database, ORDERS, EVENTS);
    const result = await transform({ projectDir: project, database });
    expect(result.successful).toBe(false);
    expect(status(result, "analytics.order_counts")).toBe("failed");
    expect(message(result, "analytics.order_counts")).toMatch(/^definitions\/marts\/order_counts\.js: Binder Error: .*no_such_column/);
    expect(status(result, "analytics.order_counts_top")).toBe("skipped");
    expect(message(result, "analytics.order_counts_top")).toBe("dependency fixture-project.analytics.order_counts failed");
    expect(status(result, "analytics.dim_customers")).toBe("successful");
    expect(await relations(database, "analytics")).not.toContain("order_counts");
  });

  it("an action that fails halfway leaves the previous table and nothing of its own statements", async () => {
    const { project, database } = scratch();
    await seedRaw(database, ORDERS, EVENTS);
    expect((await transform({ projectDir: project, database })).successful).toBe(true);
    // break the post-operation: the new table and the pre-operation's row must be rolled back
    const file = path.join(project, "definitions/marts/dim_customers.sqlx");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("values ('dim_customers', 'post')", "values ('too', 'many', 'values')"));
    await seedRaw(database, [...ORDERS, { order_id: 4, customer_id: 20, amount_cents: 300, status: "placed", updated_at: "2024-01-05 10:00:00+00" }], EVENTS);
    const result = await transform({ projectDir: project, database });
    expect(status(result, "analytics.dim_customers")).toBe("failed");
    expect(message(result, "analytics.dim_customers")).toMatch(/^definitions\/marts\/dim_customers\.sqlx: /);
    expect(await customers(database)).toEqual([
      { customer: 10, orders: 2, total: 20 },
      { customer: 20, orders: 1, total: 1.25 },
    ]);
    expect((await audit(database)).filter((row) => row.action === "dim_customers")).toEqual([
      { action: "dim_customers", note: "pre" },
      { action: "dim_customers", note: "post" },
    ]);
  });

  it("a view that becomes a table (and back) replaces what stands there", async () => {
    const { project, database } = scratch();
    await seedRaw(database, ORDERS, EVENTS);
    const file = path.join(project, "definitions/staging/stg_events.sqlx");
    const kind = () =>
      query<{ table_type: string }>(database, `SELECT table_type FROM information_schema.tables WHERE table_name = 'stg_events'`);
    expect((await transform({ projectDir: project, database, actions: ["stg_events"] })).successful).toBe(true);
    expect(await kind()).toEqual([{ table_type: "VIEW" }]);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('type: "view"', 'type: "table"'));
    expect((await transform({ projectDir: project, database, actions: ["stg_events"] })).successful).toBe(true);
    expect(await kind()).toEqual([{ table_type: "BASE TABLE" }]);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('type: "table"', 'type: "view"'));
    expect((await transform({ projectDir: project, database, actions: ["stg_events"] })).successful).toBe(true);
    expect(await kind()).toEqual([{ table_type: "VIEW" }]);
    expect(await query(database, `SELECT order_id::INT AS id, event FROM staging.stg_events ORDER BY order_id`)).toEqual([
      { id: 1, event: "placed" },
      { id: 2, event: "placed" },
    ]);
  });

  it("an action compiled just in time fails with the reason, since only Dataform's runtime can run it", async () => {
    const { project, database } = scratch();
    fs.writeFileSync(
      path.join(project, "definitions/marts/jit.js"),
      'publish("jit_table", { type: "table" }).jitCode(async () => ({ query: "select 1 as x" }));\n',
    );
    const result = await transform({ projectDir: project, database, actions: ["jit_table"] });
    expect(status(result, "analytics.jit_table")).toBe("failed");
    expect(message(result, "analytics.jit_table")).toBe(
      "definitions/marts/jit.js: actions compiled just in time (jitCode) need Dataform's runtime; compile them ahead of time",
    );
  });

  it("a declared table that does not exist fails the actions that read it, naming the declaration", async () => {
    const { project, database } = scratch();
    await seedRaw(database, ORDERS, null);
    const result = await transform({ projectDir: project, database });
    expect(result.successful).toBe(false);
    expect(status(result, "staging.stg_events")).toBe("failed");
    expect(message(result, "staging.stg_events")).toBe(
      "missing declaration fixture-project.raw.events (declared in definitions/sources/raw_events.js): no such table or view in the warehouse",
    );
    expect(status(result, "analytics.order_events")).toBe("skipped");
    expect(status(result, "analytics.fct_orders")).toBe("successful");
  });

  it("failing unit tests give Dataform's messages and stop the run before any action", async () => {
    const { project, database } = scratch();
    const input = 'input "stg_orders" { select 1 as order_id, 10 as customer_id, 12.5 as amount union all select 2, 20, 1.0 }';
    fs.writeFileSync(
      path.join(project, "definitions/tests/test_wrong_total.sqlx"),
      ['config { type: "test", dataset: "dim_customers" }', input, "select 10 as customer_id, 1 as orders, 13.0 as total union all select 20, 1, 1.0"].join("\n"),
    );
    fs.writeFileSync(
      path.join(project, "definitions/tests/test_wrong_type.sqlx"),
      ['config { type: "test", dataset: "dim_customers" }', input, "select 10 as customer_id, '1' as orders, 12.5 as total union all select 20, '1', 1.0"].join("\n"),
    );
    fs.writeFileSync(
      path.join(project, "definitions/tests/test_wrong_count.sqlx"),
      ['config { type: "test", dataset: "dim_customers" }', input, "select 10 as customer_id, 1 as orders, 12.5 as total"].join("\n"),
    );
    await seedRaw(database, ORDERS, EVENTS);
    const result = await transform({ projectDir: project, database });
    expect(result.successful).toBe(false);
    const messages = (name: string) => result.tests.find((test) => test.name === name)?.messages;
    expect(messages("test_wrong_total")).toEqual(['For row 0 and column "total": expected "13", but saw "12.5".']);
    // as in Dataform, a type mismatch ends the row's checks
    expect(messages("test_wrong_type")).toEqual([
      'For row 0 and column "orders": expected type "string", but saw type "number".',
      'For row 1 and column "orders": expected type "string", but saw type "number".',
    ]);
    expect(messages("test_wrong_count")).toEqual(["Expected 1 rows, but saw 2 rows."]);
    // the correct test still passes: count(*) (BIGINT) equals 2, sum of DECIMALs equals 20.0
    expect(result.tests.find((test) => test.name === "test_dim_customers")?.successful).toBe(true);
    expect(new Set(result.actions.map((action) => action.status))).toEqual(new Set(["skipped"]));
    expect(await relations(database, "analytics")).toEqual([]);
  });
});

describe("doraform transform with selectors", () => {
  it("--actions with --include-deps builds the action and everything upstream, nothing else (CLI)", async () => {
    const { project, database } = scratch();
    await seedRaw(database, ORDERS, EVENTS);
    const { status: exitCode, stdout } = await doraform(["transform", project, "--database", database, "--actions", "dim_customers", "--include-deps"]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^Done in .*: 3 actions: 3 successful; 2 unit tests, 0 failed\./m);
    expect(await relations(database, "analytics")).toEqual(["create_audit_log", "dim_customers"]);
    expect(await relations(database, "staging")).toEqual(["stg_orders"]);
    expect(await relations(database, "analytics_assertions")).toEqual([]);
  });

  it("--tags runs the tagged actions, built-in assertions included", async () => {
    const { project, database } = scratch();
    await seedRaw(database, ORDERS, EVENTS);
    const result = await transform({ projectDir: project, database, tags: ["staging"] });
    expect(result.actions.map((action) => action.name).sort()).toEqual(
      [
        "fixture-project.staging.stg_orders",
        "fixture-project.staging.stg_events",
        "fixture-project.analytics_assertions.staging_stg_orders_assertions_uniqueKey_0",
        "fixture-project.analytics_assertions.staging_stg_orders_assertions_rowConditions",
      ].sort(),
    );
    expect(await relations(database, "analytics")).toEqual([]);
  });

  it("--include-dependents runs what depends on the selected action after it", async () => {
    const { project, database } = scratch();
    await seedRaw(database, ORDERS, EVENTS);
    await transform({ projectDir: project, database });
    const result = await transform({ projectDir: project, database, actions: ["fct_orders"], includeDependents: true });
    expect(result.actions.map((action) => [action.name, action.status])).toEqual([
      ["fixture-project.analytics.fct_orders", "successful"],
      ["fixture-project.analytics.refresh_stats", "successful"],
    ]);
  });

  it("an ambiguous or unknown selection runs nothing and leaves no database", async () => {
    const { project, database } = scratch();
    fs.rmSync(path.join(project, "definitions/tests"), { recursive: true });
    const result = await transform({ projectDir: project, database, actions: ["no_such_action"] });
    expect(result).toMatchObject({ successful: true, actions: [], tests: [] });
    expect(fs.existsSync(database)).toBe(false);
    // a second trusted_orders, in another schema (nothing refs it by name, so the project compiles)
    fs.writeFileSync(path.join(project, "definitions/staging/trusted_orders.sqlx"), 'config { type: "view", schema: "staging" }\nselect 1 as x\n');
    const other = path.join(path.dirname(database), "other.duckdb");
    await expect(transform({ projectDir: project, database: other, actions: ["trusted_orders"] })).rejects.toThrow(
      "Ambiguous Action name: trusted_orders. Did you mean one of: fixture-project.analytics.trusted_orders, fixture-project.staging.trusted_orders.",
    );
    expect(fs.existsSync(other)).toBe(false);
  });
});
