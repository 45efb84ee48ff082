import { describe, expect, it } from "vitest";
import type { Table } from "../../warehouse/compiled-graph.ts";
import { schemaChange } from "../../warehouse/statements.ts";

const table = (onSchemaChange: Table["onSchemaChange"]): Table => ({
  target: { database: "p", schema: "s", name: "t" },
  uniqueKey: ["id"],
  onSchemaChange,
});
const existing = ["id", "a", "b"];
const incoming = [
  { name: "id", type: "BIGINT" },
  { name: "a", type: "VARCHAR" },
  { name: "c", type: "DOUBLE" },
];

describe("onSchemaChange on an incremental write", () => {
  it("IGNORE writes the table's existing columns and changes nothing", () => {
    expect(schemaChange(table("IGNORE"), existing, incoming)).toEqual({ statements: [], columns: existing });
  });

  it("FAIL refuses added or removed columns, naming them", () => {
    expect(() => schemaChange(table("FAIL"), existing, incoming)).toThrow(
      `Schema mismatch defined by on_schema_change = 'FAIL'. Added columns: ["c"], removed columns: ["b"]`,
    );
    expect(schemaChange(table("FAIL"), ["id", "a"], incoming.slice(0, 2)).statements).toEqual([]);
  });

  it("EXTEND adds new columns and refuses removals", () => {
    expect(() => schemaChange(table("EXTEND"), existing, incoming)).toThrow(
      `Column removals are not allowed when on_schema_change = 'EXTEND'. Removed columns: ["b"]`,
    );
    expect(schemaChange(table("EXTEND"), ["id", "a"], incoming)).toEqual({
      statements: [`ALTER TABLE "p"."s"."t" ADD COLUMN "c" DOUBLE`],
      columns: ["id", "a", "c"],
    });
  });

  it("SYNCHRONIZE drops removed columns and adds new ones, but never drops the unique key", () => {
    expect(schemaChange(table("SYNCHRONIZE"), existing, incoming)).toEqual({
      statements: [`ALTER TABLE "p"."s"."t" DROP COLUMN "b"`, `ALTER TABLE "p"."s"."t" ADD COLUMN "c" DOUBLE`],
      columns: ["id", "a", "c"],
    });
    expect(() => schemaChange(table("SYNCHRONIZE"), existing, incoming.slice(1))).toThrow(
      `Cannot drop columns ["id"] as they are part of the unique key for table "p"."s"."t"`,
    );
  });

  it("compares column names without regard to case, as DuckDB does", () => {
    expect(schemaChange(table("FAIL"), ["ID", "A"], incoming.slice(0, 2)).statements).toEqual([]);
  });
});
