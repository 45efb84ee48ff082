import * as fs from "node:fs";
import { Kysely } from "kysely";
import { openWarehouse, quoteLiteral, DEFAULT_DATABASE_FILE } from "../../core/duckdb.ts";
import { UserError } from "../../core/errors.ts";
import { LOOKER_ONLY_MARTS, MARTS, type DoraDataset, type MartName } from "../marts.ts";
import type { BigQueryClient } from "./bigquery-dialect.ts";
import { DuckDbDialect } from "./duckdb-dialect.ts";
import { readBuildSettings, readSettings, type MartLocation, type MartSettings } from "./settings.ts";

export interface MartSource {
  /** The embedded warehouse file (default ./doraform.duckdb); ignored with bigqueryProject. */
  database?: string;
  /** Read the marts from BigQuery in this project instead (Application Default Credentials). */
  bigqueryProject?: string;
  /** A BigQuery client to read through instead of one made for bigqueryProject (another endpoint or credentials). */
  bigquery?: BigQueryClient;
  /** Open the DuckDB file for writing (the alerts' sent-log); reading opens it READ_ONLY. */
  write?: boolean;
}

export interface MartDatabase {
  kind: "duckdb" | "bigquery";
  /** Kysely over dataset `dora` (the schema is already applied). */
  db: Kysely<DoraDataset>;
  /** Where the marts are, and the clock and knobs they were built with (the `report_settings` mart). */
  settings: MartSettings;
  close(): Promise<void>;
}

export async function openMarts(source: MartSource, location: MartLocation = readSettings()): Promise<MartDatabase> {
  if (source.bigqueryProject || source.bigquery) {
    // the BigQuery client is heavy to load: only when asked for
    const { BigQueryDialect } = await import("./bigquery-dialect.ts");
    const db = new Kysely<DoraDataset>({ dialect: new BigQueryDialect({ projectId: source.bigqueryProject, client: source.bigquery }) });
    const marts = db.withSchema(location.dataset);
    try {
      const built = await readBuildSettings(marts, `BigQuery dataset ${location.dataset}`);
      return { kind: "bigquery", db: marts, settings: { ...location, ...built }, close: () => db.destroy() };
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }
  const file = source.database ?? DEFAULT_DATABASE_FILE;
  if (!fs.existsSync(file)) {
    throw new UserError(`no warehouse at ${file}: run \`doraform run\` first or pass --database FILE`);
  }
  // another process holding the file (a transform in progress): openWarehouse waits for it
  const warehouse = await openWarehouse({ file, catalog: location.project, readOnly: !source.write });
  const present = await warehouse.all<{ table_name: string }>(
    `select table_name from information_schema.tables where table_catalog = ${quoteLiteral(location.project)} and table_schema = ${quoteLiteral(location.dataset)}`,
  );
  const missing = (Object.keys(MARTS) as MartName[]).filter((mart) => !LOOKER_ONLY_MARTS.includes(mart) && !present.some((t) => t.table_name === mart));
  if (missing.length > 0) {
    warehouse.close();
    throw new UserError(`the warehouse ${file} lacks the marts ${missing.map((m) => `${location.dataset}.${m}`).join(", ")}: run \`doraform transform\` first`);
  }
  const db = new Kysely<DoraDataset>({ dialect: new DuckDbDialect(warehouse.connection) });
  const close = async () => {
    await db.destroy();
    warehouse.close();
  };
  const marts = db.withSchema(location.dataset);
  const built = await readBuildSettings(marts, `the warehouse ${file}`).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  return { kind: "duckdb", db: marts, settings: { ...location, ...built }, close };
}
