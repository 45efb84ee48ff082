/**
 * Built-in assertions (uniqueKey, nonNull, rowConditions) of an incremental table that check only
 * the rows a run merged, where that gives the same answer as checking the whole table:
 * - the same assertion (same SQL) passed on the whole table after its last write: a row in the
 *   warehouse records it, deleted in the transaction that writes the table again and recorded when
 *   the check passes, so a run that fails, skips or leaves out the check leaves a whole check next;
 * - the run merged rows on the table's uniqueKey (kept in a temporary table), changing no column,
 *   and its incremental pre- and post-operations only set variables or delete rows;
 * - a rowConditions condition reads only its row (no subquery); a uniqueKey assertion is on the
 *   merge key, so a new duplicate shares its key with a row merged now.
 * The rows checked are the table's rows whose merge key is among the merged ones (null keys
 * included). Anything else (a created or rebuilt table, an appended one, a custom assertion) is
 * checked whole, as Dataform does. The assertion's view keeps the whole-table query.
 */
import { createHash } from "node:crypto";
import { quoteIdentifier, quoteLiteral, type Warehouse } from "../core/duckdb.ts";
import { targetName, type Assertion, type CompiledGraph, type Table, type Target } from "./compiled-graph.ts";
import { conditionLabels } from "./rewriter.ts";
import type { RelationCache } from "./relation-cache.ts";
import { qualified } from "./statements.ts";

/** The table of passed checks, beside the assertions' views. */
const STATE_TABLE = "doraform_checked_assertions";

/** Only these operations keep the rows a merge did not write as they were: setting a variable, deleting rows. */
const KEEPS_OTHER_ROWS = /^\s*(SET\s+VARIABLE|DELETE\s+FROM)\s/i;

const UNIQUE_KEY_COLUMNS = /\n\s*GROUP BY ([^\n]+)\n/;

interface Merge {
  incoming: string;
  uniqueKey: string[];
}

export class IncrementalChecks {
  /** Passed checks as the run found them: assertion name -> fingerprint. */
  private readonly passed = new Map<string, string>();
  /** Parents with a recorded check: the write deletes the records in its own transaction. */
  private readonly recordedParents = new Set<string>();
  private readonly merges = new Map<string, Merge>();
  private readonly created = new Set<string>();

  private constructor(
    private readonly warehouse: Warehouse,
    /** The incremental tables of the graph: only their checks are recorded. */
    private readonly incrementalTables: ReadonlySet<string>,
  ) {}

  static async load(warehouse: Warehouse, relations: RelationCache, graph: CompiledGraph): Promise<IncrementalChecks> {
    const incremental = (graph.tables ?? []).filter((table) => (table.enumType?.toLowerCase() ?? table.type) === "incremental");
    const checks = new IncrementalChecks(warehouse, new Set(incremental.map((table) => targetName(table.target))));
    const guarded = (graph.assertions ?? []).filter((assertion) => checks.incrementalTables.has(targetName(assertion.parentAction)));
    const tables = new Map(guarded.map((assertion) => stateTable(assertion.target)).map((table) => [qualified(table), table]));
    for (const [name, table] of tables) {
      if (!relations.get(table)) continue;
      checks.created.add(name);
      const rows = await warehouse.all<{ parent: string; assertion: string; fingerprint: string }>(
        `SELECT parent, assertion, fingerprint FROM ${name}`,
      );
      for (const row of rows) {
        checks.passed.set(row.assertion, row.fingerprint);
        checks.recordedParents.add(row.parent);
      }
    }
    return checks;
  }

  /** The temporary table an incremental merge keeps its incoming rows in, when narrower checks may use them. */
  incomingTable(table: Table, schemaChanges: boolean): string | undefined {
    const ops = [...(table.incrementalPreOps ?? []), ...(table.incrementalPostOps ?? [])];
    // without a check recorded as passed, every check of this run reads the whole table anyway
    if (!this.recordedParents.has(targetName(table.target))) return undefined;
    if ((table.uniqueKey ?? []).length === 0 || table.incrementalStrategy === "INSERT_OVERWRITE" || schemaChanges) return undefined;
    if (!ops.every((sql) => KEEPS_OTHER_ROWS.test(sql))) return undefined;
    return quoteIdentifier(`doraform_incoming_${table.target?.schema ?? ""}_${table.target?.name ?? ""}`);
  }

  /** Notes that the table was merged from `incoming` this run. */
  merged(table: Table, incoming: string): void {
    this.merges.set(targetName(table.target), { incoming, uniqueKey: table.uniqueKey ?? [] });
  }

  /** Statements for the write of `target`'s transaction: its checks recorded before no longer hold. */
  forgetStatements(target: Target | undefined): string[] {
    const name = targetName(target);
    if (!this.recordedParents.has(name)) return [];
    return [...this.created].map((table) => `DELETE FROM ${table} WHERE parent = ${quoteLiteral(name)}`);
  }

  /** The query that finds the assertion's failing rows: over the rows merged this run when exact, else Dataform's own. */
  query(assertion: Assertion, sql: string): { sql: string; narrowed: boolean } {
    const parent = assertion.parentAction;
    const merge = parent && this.merges.get(targetName(parent));
    const name = targetName(assertion.target);
    if (!parent || !merge || this.passed.get(name) !== fingerprint(sql) || !rowLocal(name, sql, merge.uniqueKey)) {
      return { sql, narrowed: false };
    }
    const written = qualified(parent);
    const on = merge.uniqueKey.map((key) => `written.${quoteIdentifier(key)} IS NOT DISTINCT FROM incoming.${quoteIdentifier(key)}`);
    const rows = `(SELECT written.* FROM ${written} AS written SEMI JOIN ${merge.incoming} AS incoming ON ${on.join(" AND ")})`;
    return { sql: sql.split(written).join(rows), narrowed: true };
  }

  /** Records the outcome of a check of an incremental table's assertion (whole or narrowed). */
  async record(assertion: Assertion, sql: string, successful: boolean): Promise<void> {
    const parent = assertion.parentAction;
    if (!parent || !this.incrementalTables.has(targetName(parent))) return;
    const name = targetName(assertion.target);
    const state = qualified(stateTable(assertion.target));
    if (!successful) {
      if (this.created.has(state)) await this.warehouse.run(`DELETE FROM ${state} WHERE assertion = ${quoteLiteral(name)}`);
      return;
    }
    if (!this.created.has(state)) {
      await this.warehouse.run(`CREATE TABLE IF NOT EXISTS ${state} (parent VARCHAR, assertion VARCHAR, fingerprint VARCHAR)`);
      this.created.add(state);
    }
    await this.warehouse.run(
      `DELETE FROM ${state} WHERE assertion = ${quoteLiteral(name)};
       INSERT INTO ${state} VALUES (${quoteLiteral(targetName(parent))}, ${quoteLiteral(name)}, ${quoteLiteral(fingerprint(sql))})`,
    );
    this.recordedParents.add(targetName(parent));
  }
}

function stateTable(target: Target | undefined): Target {
  return { database: target?.database, schema: target?.schema, name: STATE_TABLE };
}

function fingerprint(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

/** Whether a built-in assertion checks each row on its own, or duplicates of the merge key. */
function rowLocal(name: string, sql: string, mergeKey: readonly string[]): boolean {
  if (/_assertions_rowConditions$/.test(name)) return conditionLabels(sql).every((condition) => !/\bselect\b/i.test(condition));
  if (/_assertions_uniqueKey_\d+$/.test(name)) {
    const columns = UNIQUE_KEY_COLUMNS.exec(sql)?.[1].split(",").map((column) => column.trim().toLowerCase()) ?? [];
    const key = mergeKey.map((column) => column.toLowerCase());
    return columns.length === key.length && columns.every((column) => key.includes(column));
  }
  return false;
}
