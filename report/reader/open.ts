import * as fs from "node:fs";
import { Kysely } from "kysely";
import { openWarehouse, quoteLiteral, DEFAULT_DATABASE_FILE } from "../../warehouse/duckdb.ts";
import { UserError } from "../../cli/errors.ts";
import { MARTS, type DoraDataset } from "../marts.ts";
import { DuckDbDialect } from "./duckdb-dialect.ts";
import { readSettings, type MartSettings } from "./settings.ts";

export interface MartSource {
  /** The embedded warehouse file (default ./doraform.duckdb); ignored with bigqueryProject. */
  database?: string;
  /** Read the marts from BigQuery in this project instead (Application Default Credentials). */
  bigqueryProject?: string;
  /** Open the DuckDB file for writing (the alerts' sent-log); reading opens it READ_ONLY. */
  write?: boolean;
}

export interface MartDatabase {
  kind: "duckdb" | "bigquery";
  /** Kysely over dataset `dora` (the schema is already applied). */
  db: Kysely<DoraDataset>;
  settings: MartSettings;
  close(): Promise<void>;
}

export async function openMarts(source: MartSource, settings = readSettings()): Promise<MartDatabase> {
  if (source.bigqueryProject) {
    // the BigQuery client is heavy to load: only when asked for
    const { BigQueryDialect } = await import("./bigquery-dialect.ts");
    const db = new Kysely<DoraDataset>({ dialect: new BigQueryDialect({ projectId: source.bigqueryProject }) });
    return { kind: "bigquery", db: db.withSchema(settings.dataset), settings, close: () => db.destroy() };
  }
  const file = source.database ?? DEFAULT_DATABASE_FILE;
  if (!fs.existsSync(file)) {
    throw new UserError(`no warehouse at ${file}: run \`doraform run\` first or pass --database FILE`);
  }
  const warehouse = await openWarehouse({ file, catalog: settings.project, readOnly: !source.write }).catch((error: Error) => {
    // DuckDB has one writer at a time: a transform in progress holds the file
    if (/lock/i.test(error.message)) throw new UserError(`the warehouse ${file} is in use by another process (a transform?): try again when it has finished`);
    throw error;
  });
  const present = await warehouse.all<{ table_name: string }>(
    `select table_name from information_schema.tables where table_catalog = ${quoteLiteral(settings.project)} and table_schema = ${quoteLiteral(settings.dataset)}`,
  );
  const missing = Object.keys(MARTS).filter((mart) => !present.some((t) => t.table_name === mart));
  if (missing.length > 0) {
    warehouse.close();
    throw new UserError(`the warehouse ${file} lacks the marts ${missing.map((m) => `${settings.dataset}.${m}`).join(", ")}: run \`doraform transform\` first`);
  }
  const db = new Kysely<DoraDataset>({ dialect: new DuckDbDialect(warehouse.connection) });
  return {
    kind: "duckdb",
    db: db.withSchema(settings.dataset),
    settings,
    async close() {
      await db.destroy();
      warehouse.close();
    },
  };
}
