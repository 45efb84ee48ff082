/**
 * What the warehouse holds (tables and views with their columns), read once at the start of a run
 * and kept up to date as actions change it: looking each target up in DuckDB's catalog costs
 * 10-20 ms, more than running a small model. The run is the file's only writer (DuckDB locks it),
 * so only our own statements change the catalog.
 */
import type { Target } from "./compiled-graph.ts";
import type { Warehouse } from "../core/duckdb.ts";
import { qualified, type RelationState } from "./statements.ts";

export class RelationCache {
  private relations = new Map<string, RelationState>();

  private constructor(private readonly warehouse: Warehouse) {}

  static async load(warehouse: Warehouse): Promise<RelationCache> {
    const cache = new RelationCache(warehouse);
    await cache.reload();
    return cache;
  }

  /** Reads every table and view again: after statements that may have changed anything. */
  async reload(): Promise<void> {
    const relations = await this.warehouse.all<{
      database_name: string;
      schema_name: string;
      name: string;
      type: "TABLE" | "VIEW";
      comment: string | null;
    }>(
      `SELECT database_name, schema_name, table_name AS name, 'TABLE' AS type, NULL AS comment FROM duckdb_tables() WHERE NOT internal
       UNION ALL
       SELECT database_name, schema_name, view_name, 'VIEW', comment FROM duckdb_views() WHERE NOT internal`,
    );
    const columns = await this.warehouse.all<{ database_name: string; schema_name: string; table_name: string; column_name: string }>(
      `SELECT database_name, schema_name, table_name, column_name FROM duckdb_columns() WHERE NOT internal ORDER BY column_index`,
    );
    this.relations = new Map(
      relations.map((relation) => [
        key(relation.database_name, relation.schema_name, relation.name),
        { type: relation.type, columns: [], ...(relation.comment ? { comment: relation.comment } : {}) },
      ]),
    );
    for (const column of columns) {
      this.relations.get(key(column.database_name, column.schema_name, column.table_name))?.columns.push(column.column_name);
    }
  }

  get(target: Target | undefined): RelationState | undefined {
    return this.relations.get(this.keyOf(target));
  }

  /** Records what an action just created at its target, reading its columns; `comment`: the one it gave a view. */
  async record(target: Target | undefined, type: RelationState["type"], comment?: string): Promise<RelationState> {
    const columns = await this.warehouse.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${qualified(this.complete(target))}`);
    const state = { type, columns: columns.map((column) => column.column_name), ...(comment ? { comment } : {}) };
    this.relations.set(this.keyOf(target), state);
    return state;
  }

  private complete(target: Target | undefined): Target {
    return { ...target, database: target?.database || this.warehouse.catalog };
  }

  private keyOf(target: Target | undefined): string {
    const complete = this.complete(target);
    return key(complete.database ?? "", complete.schema ?? "", complete.name ?? "");
  }
}

// DuckDB matches names without regard to case
function key(database: string, schema: string, name: string): string {
  return JSON.stringify([database, schema, name].map((part) => part.toLowerCase()));
}
