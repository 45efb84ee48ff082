/** Reading query results for comparison and display, with numbers as numbers. */
import { DuckDBTypeId } from "@duckdb/node-api";
import type { Warehouse } from "../core/duckdb.ts";

export type Row = Record<string, unknown>;

const NUMERIC_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
]);

/**
 * Rows as JSON values, with every numeric column (BIGINT, DECIMAL, HUGEINT... which JSON would
 * give as strings) as a JS number.
 */
export async function readRows(warehouse: Warehouse, sql: string): Promise<Row[]> {
  const reader = await warehouse.connection.runAndReadAll(sql);
  const names = reader.columnNames();
  const numeric = reader.columnTypes().map((type) => NUMERIC_TYPES.has(type.typeId));
  return reader.getRowObjectsJson().map((row) => {
    const normalised: Row = {};
    names.forEach((name, index) => {
      const value = row[name];
      normalised[name] = numeric[index] && value !== null ? Number(value) : value;
    });
    return normalised;
  });
}
