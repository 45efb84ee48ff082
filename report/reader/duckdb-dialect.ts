import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from "kysely";
import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBConnection,
  type DuckDBValue,
} from "@duckdb/node-api";

/**
 * A kysely dialect over one open @duckdb/node-api connection (the warehouse's, attached under the
 * project's catalog). DuckDB speaks PostgreSQL's quoting and `$n` parameters, so kysely's
 * PostgreSQL compiler serves; values come back as the BigQuery driver gives them (see marts.ts).
 */
export class DuckDbDialect implements Dialect {
  constructor(private readonly connection: DuckDBConnection) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new SharedConnectionDriver(this.connection);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}

class SharedConnectionDriver implements Driver {
  // one DuckDB connection runs one statement at a time: queue kysely's callers
  private queue: Promise<unknown> = Promise.resolve();
  private readonly wrapped: DatabaseConnection;

  constructor(connection: DuckDBConnection) {
    this.wrapped = {
      executeQuery: <R>(query: CompiledQuery) => this.enqueue(() => execute<R>(connection, query)),
      streamQuery: () => {
        throw new Error("streaming is not supported by the DuckDB mart reader");
      },
    };
  }
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
  async init() {}
  async acquireConnection() {
    return this.wrapped;
  }
  async beginTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw("BEGIN TRANSACTION"));
  }
  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw("COMMIT"));
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw("ROLLBACK"));
  }
  async releaseConnection() {}
  async destroy() {}
}

async function execute<R>(connection: DuckDBConnection, query: CompiledQuery): Promise<QueryResult<R>> {
  const reader = await connection.runAndReadAll(query.sql, query.parameters as DuckDBValue[]);
  const rows = reader.getRowObjects().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) out[key] = toPlain(value);
    return out as R;
  });
  return { rows };
}

function toPlain(value: DuckDBValue): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof DuckDBDateValue) return value.toString();
  if (value instanceof DuckDBTimestampTZValue || value instanceof DuckDBTimestampValue) {
    return new Date(Number(value.micros / 1000n)).toISOString();
  }
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  return value;
}
