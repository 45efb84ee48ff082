import * as fs from "node:fs";
import { Kysely } from "kysely";
import { openWarehouse, DEFAULT_DATABASE_FILE } from "../../warehouse/duckdb.ts";
import { UserError } from "../../cli/errors.ts";
import type { DoraDataset } from "../marts.ts";
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
  const warehouse = await openWarehouse({ file, catalog: settings.project, readOnly: !source.write });
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
