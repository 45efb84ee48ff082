import { openWarehouse, quoteIdentifier, quoteLiteral } from "../../core/duckdb.ts";
import { readSettings } from "../../report/reader/settings.ts";
import { MARTS, type ColumnType, type MartName, type Marts } from "../../report/marts.ts";

export type MartRows = { [M in MartName]?: Array<Partial<Marts[M]>> };

const duckType: Record<ColumnType, string> = {
  STRING: "VARCHAR",
  INT64: "BIGINT",
  FLOAT64: "DOUBLE",
  BOOL: "BOOLEAN",
  DATE: "DATE",
  TIMESTAMP: "TIMESTAMPTZ",
};

/**
 * Writes every mart of the contract into a DuckDB file laid out as the warehouse lays it out
 * (catalog = defaultProject, schema `dora`), with the given rows; missing columns are null.
 */
export async function writeMartFile(file: string, rows: MartRows): Promise<void> {
  const settings = readSettings();
  const warehouse = await openWarehouse({ file, catalog: settings.project });
  try {
    await warehouse.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(settings.dataset)}`);
    for (const [mart, columns] of Object.entries(MARTS) as Array<[MartName, Record<string, ColumnType>]>) {
      const table = `${quoteIdentifier(settings.dataset)}.${quoteIdentifier(mart)}`;
      const names = Object.keys(columns);
      await warehouse.run(
        `CREATE OR REPLACE TABLE ${table} (${names.map((n) => `${quoteIdentifier(n)} ${duckType[columns[n]]}`).join(", ")})`,
      );
      const values = (rows[mart] ?? []) as Array<Record<string, unknown>>;
      if (values.length === 0) continue;
      const tuples = values.map((row) => `(${names.map((n) => literal(row[n], columns[n])).join(", ")})`);
      await warehouse.run(`INSERT INTO ${table} VALUES ${tuples.join(", ")}`);
    }
  } finally {
    warehouse.close();
  }
}

function literal(value: unknown, type: ColumnType): string {
  if (value === undefined || value === null) return "NULL";
  if (type === "DATE" || type === "TIMESTAMP") return `CAST(${quoteLiteral(String(value))} AS ${duckType[type]})`;
  if (type === "STRING") return quoteLiteral(String(value));
  return String(value);
}
