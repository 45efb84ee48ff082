import {
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from "kysely";
import { BigQuery, BigQueryDate, BigQueryTimestamp } from "@google-cloud/bigquery";
import { UserError } from "../../core/errors.ts";

export type BigQueryClient = BigQuery;

/**
 * A kysely dialect for BigQuery: MySQL's compiler already writes GoogleSQL's backtick quoting and
 * positional `?` parameters; the driver runs each query as a BigQuery query job through
 * @google-cloud/bigquery (Application Default Credentials) and hands values over as the DuckDB
 * dialect does. Read-mostly: no transactions.
 */
export class BigQueryDialect implements Dialect {
  /** `client` replaces the one made for `projectId` (another endpoint or credentials). */
  constructor(private readonly options: { projectId?: string; location?: string; client?: BigQuery }) {}
  createAdapter() {
    return new MysqlAdapter();
  }
  createDriver(): Driver {
    return new BigQueryDriver(this.options.client ?? new BigQuery({ projectId: this.options.projectId }), this.options.location);
  }
  createQueryCompiler() {
    return new MysqlQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new MysqlIntrospector(db);
  }
}

class BigQueryDriver implements Driver {
  private readonly connection: DatabaseConnection;
  constructor(client: BigQuery, location: string | undefined) {
    this.connection = {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        try {
          const [rows] = await client.query({ query: query.sql, params: [...query.parameters], location });
          return { rows: (rows as Record<string, unknown>[]).map((row) => toPlain(row) as R) };
        } catch (error) {
          // BigQuery's own message names the table or the credentials problem: the first one, on one line
          const { message, errors } = error as Error & { errors?: Array<{ message?: string }> };
          throw new UserError(`BigQuery (project ${client.projectId}): ${(errors?.[0]?.message ?? message).split("\n")[0]}`);
        }
      },
      streamQuery: () => {
        throw new Error("streaming is not supported by the BigQuery mart reader");
      },
    };
  }
  async init() {}
  async acquireConnection() {
    return this.connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error("the BigQuery mart reader does not use transactions");
  }
  async commitTransaction() {}
  async rollbackTransaction() {}
  async releaseConnection() {}
  async destroy() {}
}

function toPlain(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = value instanceof BigQueryDate || value instanceof BigQueryTimestamp ? value.value : value;
  }
  return out;
}
