/**
 * `dataform run` on the embedded DuckDB warehouse: compile with warehouse=duckdb, select actions
 * like the official CLI, run the unit tests, then every action in dependency order, each in its
 * own transaction so a failure leaves nothing half-applied; dependants of a failure are skipped
 * and the rest still runs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { UserError } from "../core/errors.ts";
import { projectDifference } from "../core/config/generated.ts";
import { graphActions, dependencyNames, dependencyOrder, type ActionKind, type GraphAction } from "./actions.ts";
import { compileProject, REPOSITORY_ROOT } from "./compile.ts";
import { targetName, type Assertion, type CompiledGraph, type Declaration } from "./compiled-graph.ts";
import { DEFAULT_DATABASE_FILE, openWarehouse, type Warehouse } from "../core/duckdb.ts";
import { duckdbConditionLabels, rewriteReferences } from "./rewriter.ts";
import { selectActions } from "./selectors.ts";
import {
  assertionViewStatements,
  builtFrom,
  commentStatements,
  createSchema,
  incrementalStatements,
  qualified,
  schemaChange,
  tableStatements,
  viewStatements,
  writesIncrementally,
  type Column,
  type RelationState,
} from "./statements.ts";
import { IncrementalChecks } from "./incremental-checks.ts";
import { RelationCache } from "./relation-cache.ts";
import { readRows } from "./rows.ts";
import { runUnitTest } from "./unit-tests.ts";

export type ActionStatus = "successful" | "failed" | "skipped" | "disabled";

export interface ActionResult {
  /** `database.schema.name`, as Dataform names actions. */
  name: string;
  kind: ActionKind;
  fileName: string;
  status: ActionStatus;
  /** Why it failed or was skipped; for a table or view, what was done ("merged", "appended", ...). */
  message?: string;
  durationMs: number;
}

export interface TestResult {
  name: string;
  fileName: string;
  successful: boolean;
  /** Dataform's messages for a failure ("For row 0 and column "x": expected ..."). */
  messages: string[];
  durationMs: number;
}

export type TransformEvent =
  | { type: "compiled"; durationMs: number; actions: number; tests: number }
  | { type: "test-finished"; result: TestResult }
  | { type: "action-started"; name: string; kind: ActionKind; index: number; total: number }
  | { type: "action-finished"; result: ActionResult; index: number; total: number };

export interface TransformOptions {
  /** The Dataform project; default: this repository. */
  projectDir?: string;
  /** The DuckDB file; created when missing. Default: doraform.duckdb in the working directory. */
  database?: string;
  /** Merged over workflow_settings.yaml's vars; `warehouse` is always `duckdb`. */
  vars?: Record<string, string>;
  actions?: string[];
  tags?: string[];
  includeDeps?: boolean;
  includeDependents?: boolean;
  fullRefresh?: boolean;
  onEvent?: (event: TransformEvent) => void;
}

export interface TransformResult {
  successful: boolean;
  database: string;
  tests: TestResult[];
  actions: ActionResult[];
  compileMs: number;
  durationMs: number;
}

export async function transform(options: TransformOptions): Promise<TransformResult> {
  const started = performance.now();
  const emit = options.onEvent ?? (() => {});
  const database = path.resolve(options.database ?? DEFAULT_DATABASE_FILE);
  // the models read doraform.yaml as its generated JSON: a stale copy would build other numbers than the file says
  // (unless the vars hand the catalog and the overrides over, as the demo does)
  if (!(options.vars?.catalog_json && options.vars?.overrides_json)) {
    const stale = projectDifference(path.resolve(options.projectDir ?? REPOSITORY_ROOT));
    if (stale) throw new UserError(stale);
  }
  // compile and select before opening the warehouse: a bad project or selector leaves no file behind
  // (so the graph is kept only beside a warehouse that exists)
  const graph = await compileProject(options.projectDir ?? REPOSITORY_ROOT, {
    vars: { ...options.vars, warehouse: "duckdb" },
    ...(fs.existsSync(database) ? { cacheFile: compiledGraphFile(database) } : {}),
  });
  const compileMs = performance.now() - started;
  const all = graphActions(graph);
  const selected = selectActions(
    all.map((action) => action.definition),
    options,
  );
  const actions = dependencyOrder(all.filter((action) => selected.has(action.name)));
  const tests = (graph.tests ?? []).filter((test) => !test.disabled);
  emit({ type: "compiled", durationMs: compileMs, actions: actions.length, tests: tests.length });

  if (actions.length === 0 && tests.length === 0) {
    return { successful: true, database, tests: [], actions: [], compileMs, durationMs: performance.now() - started };
  }
  const catalog = graph.projectConfig?.defaultDatabase || path.parse(database).name;
  const warehouse = await openWarehouse({ file: database, catalog }).catch((error: unknown) => {
    // another process holding the file past the wait already says so in one line
    if (error instanceof UserError) throw error;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new UserError(`could not open the DuckDB file ${database}: ${reason}`);
  });
  try {
    const relations = await RelationCache.load(warehouse);
    const checks = await IncrementalChecks.load(warehouse, relations, graph);
    const run = new Run(graph, warehouse, relations, checks, options.fullRefresh ?? false);
    const testResults: TestResult[] = [];
    for (const test of tests) {
      const testStarted = performance.now();
      const outcome = await runUnitTest(warehouse, run.rewrite(test.testQuery ?? ""), run.rewrite(test.expectedOutputQuery ?? ""));
      const result = { name: test.name ?? "", fileName: test.fileName ?? "", ...outcome, durationMs: performance.now() - testStarted };
      testResults.push(result);
      emit({ type: "test-finished", result });
    }
    // as `dataform run --run-tests`: failing unit tests stop the run before any action
    const testsPassed = testResults.every((result) => result.successful);
    const results: ActionResult[] = [];
    for (const [index, action] of actions.entries()) {
      emit({ type: "action-started", name: action.name, kind: action.kind, index, total: actions.length });
      const result = testsPassed
        ? await run.execute(action)
        : run.finish(action, "skipped", performance.now(), "unit tests did not pass");
      results.push(result);
      emit({ type: "action-finished", result, index, total: actions.length });
    }
    return {
      successful: testsPassed && results.every((result) => result.status === "successful" || result.status === "disabled"),
      database,
      tests: testResults,
      actions: results,
      compileMs,
      durationMs: performance.now() - started,
    };
  } finally {
    warehouse.close();
  }
}

/** Where the compiled graph is kept beside a warehouse file. */
export function compiledGraphFile(database: string): string {
  return `${database}.compiled.json`;
}

/** The state of one run: the graph, what each action ended as, and how to rewrite its SQL. */
class Run {
  private readonly statuses = new Map<string, ActionStatus>();
  private readonly declarations: Map<string, Declaration>;
  private readonly references: Set<string>;

  constructor(
    graph: CompiledGraph,
    private readonly warehouse: Warehouse,
    private readonly relations: RelationCache,
    private readonly checks: IncrementalChecks,
    private readonly fullRefresh: boolean,
  ) {
    this.declarations = new Map((graph.declarations ?? []).map((declaration) => [targetName(declaration.target), declaration]));
    const targets = [...(graph.targets ?? []), ...(graph.declarations ?? []).map((declaration) => declaration.target ?? {})];
    this.references = new Set(targets.map(targetName));
  }

  rewrite(sql: string): string {
    return rewriteReferences(sql, this.references);
  }

  finish(action: GraphAction, status: ActionStatus, started: number, message?: string): ActionResult {
    this.statuses.set(action.name, status);
    return {
      name: action.name,
      kind: action.kind,
      fileName: action.definition.fileName ?? "",
      status,
      ...(message ? { message } : {}),
      durationMs: performance.now() - started,
    };
  }

  async execute(action: GraphAction): Promise<ActionResult> {
    const started = performance.now();
    const dependencies = dependencyNames(action);
    const blocked = dependencies.find((name) => ["failed", "skipped"].includes(this.statuses.get(name) ?? ""));
    if (blocked) return this.finish(action, "skipped", started, `dependency ${blocked} ${this.statuses.get(blocked)}`);
    if (action.definition.disabled) return this.finish(action, "disabled", started);
    for (const name of dependencies) {
      const declaration = this.declarations.get(name);
      if (declaration && !this.relations.get(declaration.target)) {
        return this.finish(
          action,
          "failed",
          started,
          `missing declaration ${name} (declared in ${declaration.fileName}): no such table or view in the warehouse`,
        );
      }
    }
    try {
      const note = await this.apply(action);
      return this.finish(action, "successful", started, note);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof AssertionFailed) return this.finish(action, "failed", started, message);
      return this.finish(action, "failed", started, `${action.definition.fileName}: ${message}`);
    }
  }

  /** The statements that build the action's target from what stands there now, and a note on which way. */
  private async plan(action: GraphAction): Promise<{ statements: string[]; note?: string }> {
    const target = action.definition.target;
    const existing = this.relations.get(target);
    if (action.definition.jitCode) throw new Error("actions compiled just in time (jitCode) need Dataform's runtime; compile them ahead of time");
    const rewrite = (sql: string) => this.rewrite(sql);
    const wrap = (pre: string[] | undefined, main: string[], post: string[] | undefined) => [
      ...(pre ?? []).map(rewrite),
      ...main,
      ...(post ?? []).map(rewrite),
    ];
    switch (action.kind) {
      case "view": {
        const view = action.definition;
        return { statements: wrap(view.preOps, viewStatements(target, rewrite(view.query ?? ""), existing), view.postOps) };
      }
      case "table": {
        const table = action.definition;
        return { statements: wrap(table.preOps, tableStatements(target, rewrite(table.query ?? ""), existing), table.postOps) };
      }
      case "incremental": {
        const table = action.definition;
        if (!existing || !writesIncrementally(table, existing, this.fullRefresh)) {
          const build = tableStatements(target, rewrite(table.query ?? ""), existing);
          return { statements: wrap(table.preOps, build, table.postOps), note: existing ? "rebuilt" : "created" };
        }
        const query = rewrite(table.incrementalQuery ?? "");
        const incoming = table.onSchemaChange && table.onSchemaChange !== "IGNORE" ? await queryColumns(this.warehouse, query) : [];
        const change = schemaChange(table, existing.columns, incoming);
        const kept = this.checks.incomingTable(table, change.statements.length > 0);
        if (kept) this.checks.merged(table, kept);
        // the columns first: DuckDB refuses to alter a table this transaction has already written
        // (a pre-operation's delete), and a pre-operation may read a new column
        return {
          statements: [
            ...change.statements,
            ...wrap(table.incrementalPreOps, incrementalStatements(table, query, change.columns, kept), table.incrementalPostOps),
          ],
          note: (table.uniqueKey?.length ?? 0) > 0 ? "merged" : "appended",
        };
      }
      case "operation":
        return { statements: (action.definition.queries ?? []).map(rewrite) };
      case "assertion":
        return { statements: assertionViewStatements(target, this.assertionQuery(action.definition), existing) };
    }
  }

  private assertionQuery(assertion: Assertion): string {
    const query = assertion.query ?? "";
    // a built-in assertion (parentAction set) is Dataform's own SQL, with BigQuery literals
    return this.rewrite(assertion.parentAction ? duckdbConditionLabels(query) : query);
  }

  /** Runs the action's statements in one transaction; returns a note on what was done, or throws. */
  private async apply(action: GraphAction): Promise<string | undefined> {
    const warehouse = this.warehouse;
    const target = action.definition.target;
    // an assertion's view created from the same query stands as it is: only the check runs
    const assertionView = action.kind === "assertion" ? builtFrom(this.assertionQuery(action.definition)) : undefined;
    if (assertionView && this.relations.get(target)?.comment === assertionView) return this.check(action.definition, action.name);
    const { statements, note } = await this.plan(action);
    // operations and pre/post-operations may change any relation: read the relations again after
    // them (not after a watermark's SET VARIABLE, which changes none)
    const changesOthers =
      action.kind === "operation" ||
      (action.kind !== "assertion" &&
        [action.definition.preOps, action.definition.postOps, action.definition.incrementalPreOps, action.definition.incrementalPostOps].some(
          (ops) => (ops ?? []).some((sql) => !SETS_A_VARIABLE.test(sql)),
        ));
    try {
      await inTransaction(warehouse, async () => {
        await warehouse.run(createSchema(target));
        for (const statement of statements) await warehouse.run(statement);
        for (const statement of this.checks.forgetStatements(target)) await warehouse.run(statement);
        if (changesOthers) await this.relations.reload();
        const state = changesOthers ? this.relations.get(target) : await this.relations.record(target, createdKind(action), assertionView);
        const descriptor = action.definition.actionDescriptor;
        if (state && descriptor && action.kind !== "assertion") {
          for (const statement of commentStatements(target, state.type, descriptor, state.columns)) await warehouse.run(statement);
        }
      });
    } catch (error) {
      await this.relations.reload(); // what was recorded inside the transaction is gone
      throw error;
    }
    if (action.kind === "assertion") return this.check(action.definition, action.name);
    return note;
  }

  /** Runs the assertion's query (over the rows merged this run where exact): it fails when it returns any row. */
  private async check(assertion: Assertion, name: string): Promise<string | undefined> {
    const whole = this.assertionQuery(assertion);
    const { sql, narrowed } = this.checks.query(assertion, whole);
    // a whole check reads the assertion's view, as Dataform does
    const failing = narrowed ? `(\n${sql}\n) AS failing` : qualified(assertion.target);
    const failure = await assertionFailure(this.warehouse, name, failing);
    await this.checks.record(assertion, whole, !failure);
    if (failure) throw new AssertionFailed(failure);
    return narrowed ? "rows merged this run" : undefined;
  }
}

const SETS_A_VARIABLE = /^\s*SET\s+VARIABLE\s/i;

/** What an action leaves at its target (operations excepted: they may leave anything). */
function createdKind(action: GraphAction): RelationState["type"] {
  return action.kind === "view" || action.kind === "assertion" ? "VIEW" : "TABLE";
}

async function inTransaction(warehouse: Warehouse, work: () => Promise<void>): Promise<void> {
  await warehouse.run("BEGIN TRANSACTION");
  try {
    await work();
  } catch (error) {
    await warehouse.run("ROLLBACK");
    throw error;
  }
  await warehouse.run("COMMIT");
}

/** Why an assertion fails (its failing rows exist: how many, and the first few), or undefined. */
async function assertionFailure(warehouse: Warehouse, name: string, failing: string): Promise<string | undefined> {
  const [{ rows }] = await warehouse.all<{ rows: number | string }>(`SELECT count(*) AS "rows" FROM ${failing}`);
  const count = Number(rows);
  if (count === 0) return undefined;
  const sample = await readRows(warehouse, `SELECT * FROM ${failing} LIMIT 3`);
  const shown = sample.map((row) => JSON.stringify(row)).join("; ");
  return `assertion ${name} failed: query returned ${count} row${count === 1 ? "" : "s"}, e.g. ${shown}`;
}

class AssertionFailed extends Error {}

/** The columns (and their DuckDB types) a query returns, without running it. */
async function queryColumns(warehouse: Warehouse, query: string): Promise<Column[]> {
  const rows = await warehouse.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM (\n${query}\n) AS insertions`);
  return rows.map((row) => ({ name: row.column_name, type: row.column_type }));
}
