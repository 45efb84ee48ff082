import { beforeAll, describe, expect, it } from "vitest";
import { graphActions } from "../../warehouse/actions.ts";
import { compileProject } from "../../warehouse/compile.ts";
import { selectActions, type Selection } from "../../warehouse/selectors.ts";
import { FIXTURE } from "./fixture.ts";

// The fixture's actions by the last part of their name (its files spell out the dependencies).
const p = (name: string) => `fixture-project.${name}`;
const ALL = [
  p("analytics.create_audit_log"),
  p("staging.stg_orders"),
  p("analytics.dim_customers"),
  p("analytics.fct_orders"),
  p("analytics.order_counts"),
  p("analytics.daily_totals"),
  p("staging.stg_events"),
  p("analytics.order_events"),
  p("analytics_assertions.assert_positive_amounts"),
  p("analytics.trusted_orders"),
  p("analytics.refresh_stats"),
  p("analytics.disabled_op"),
  p("analytics_assertions.analytics_dim_customers_assertions_uniqueKey_0"),
  p("analytics_assertions.staging_stg_orders_assertions_uniqueKey_0"),
  p("analytics_assertions.staging_stg_orders_assertions_rowConditions"),
];

describe("choosing which actions run, like the official CLI", () => {
  let select: (selection: Selection) => string[];
  beforeAll(async () => {
    const actions = graphActions(await compileProject(FIXTURE, { vars: { warehouse: "duckdb" } })).map((action) => action.definition);
    select = (selection) => [...selectActions(actions, selection)].sort();
  });

  it("runs every action when nothing is selected", () => {
    expect(select({})).toEqual([...ALL].sort());
  });

  it("--tags picks the actions with any of the tags, built-in assertions inheriting their table's tags", () => {
    expect(select({ tags: ["staging"] })).toEqual(
      [
        p("staging.stg_orders"),
        p("staging.stg_events"),
        p("analytics_assertions.staging_stg_orders_assertions_uniqueKey_0"),
        p("analytics_assertions.staging_stg_orders_assertions_rowConditions"),
      ].sort(),
    );
  });

  it("--actions and --tags together run the union", () => {
    expect(select({ actions: ["stg_events"], tags: ["js"] })).toEqual([p("analytics.order_counts"), p("staging.stg_events")].sort());
  });

  it("--include-deps adds everything upstream, but not the built-in assertions of those dependencies", () => {
    expect(select({ actions: ["dim_customers"], includeDeps: true })).toEqual(
      [p("analytics.create_audit_log"), p("analytics.dim_customers"), p("staging.stg_orders")].sort(),
    );
  });

  it("--include-dependents adds everything downstream, assertions and operations included", () => {
    expect(select({ actions: ["fct_orders"], includeDependents: true })).toEqual(
      [p("analytics.fct_orders"), p("analytics.refresh_stats")].sort(),
    );
    expect(select({ actions: ["assert_positive_amounts"], includeDependents: true })).toEqual(
      [p("analytics_assertions.assert_positive_amounts"), p("analytics.trusted_orders")].sort(),
    );
  });

  it("a name with a dot must be the full database.schema.name", () => {
    expect(select({ actions: ["staging.stg_orders"] })).toEqual([]);
    expect(select({ actions: [p("staging.stg_orders")] })).toEqual([p("staging.stg_orders")]);
  });

  it("has no wildcards", () => {
    expect(select({ actions: ["stg_*"] })).toEqual([]);
  });

  it("refuses a bare name that matches actions in two schemas, listing them", () => {
    const actions = [{ target: { database: "d", schema: "a", name: "x" } }, { target: { database: "d", schema: "b", name: "x" } }];
    expect(() => selectActions(actions, { actions: ["x"] })).toThrow("Ambiguous Action name: x. Did you mean one of: d.a.x, d.b.x.");
  });
});
