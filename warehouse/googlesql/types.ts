// GoogleSQL types between the analyzer's TypeProto, BigQuery's table schemas and SQL type names.
import type { TableSchema } from "@google-cloud/bigquery";
import { UserError } from "../../core/errors.ts";
import type { SimpleColumn, TypeProto } from "./service.ts";

/** The SQL name of a type: INT64, ARRAY<STRING>, STRUCT<a INT64, b DATE>. */
export function typeName(type: TypeProto): string {
  if (type.typeKind === "TYPE_ARRAY" && type.arrayType) return `ARRAY<${typeName(type.arrayType.elementType)}>`;
  if (type.typeKind === "TYPE_STRUCT" && type.structType) {
    return `STRUCT<${type.structType.field.map((f) => `${f.fieldName ? `${f.fieldName} ` : ""}${typeName(f.fieldType)}`).join(", ")}>`;
  }
  return type.typeKind.replace(/^TYPE_/, "").replace(/^DOUBLE$/, "FLOAT64");
}

// A BigQuery schema field's legacy type names and their GoogleSQL kinds.
const FIELD_KINDS: Record<string, string> = {
  STRING: "TYPE_STRING",
  BYTES: "TYPE_BYTES",
  INTEGER: "TYPE_INT64",
  INT64: "TYPE_INT64",
  FLOAT: "TYPE_DOUBLE",
  FLOAT64: "TYPE_DOUBLE",
  NUMERIC: "TYPE_NUMERIC",
  BIGNUMERIC: "TYPE_BIGNUMERIC",
  BOOLEAN: "TYPE_BOOL",
  BOOL: "TYPE_BOOL",
  TIMESTAMP: "TYPE_TIMESTAMP",
  DATE: "TYPE_DATE",
  TIME: "TYPE_TIME",
  DATETIME: "TYPE_DATETIME",
  JSON: "TYPE_JSON",
  GEOGRAPHY: "TYPE_GEOGRAPHY",
};

/** The type of a scalar type name (TIMESTAMP, INT64, …), or undefined for another name. */
export function scalarType(name: string): TypeProto | undefined {
  const kind = FIELD_KINDS[name.toUpperCase()];
  return kind ? { typeKind: kind } : undefined;
}

/** The columns of a table created with this BigQuery schema (flat fields: the raw tables have no records). */
export function schemaColumns(schema: TableSchema): SimpleColumn[] {
  return (schema.fields ?? []).map((field) => {
    const kind = FIELD_KINDS[String(field.type).toUpperCase()];
    if (!kind || field.fields) throw new UserError(`no GoogleSQL type for schema field ${field.name} (${field.type})`);
    const type: TypeProto = { typeKind: kind };
    return { name: String(field.name), type: field.mode === "REPEATED" ? { typeKind: "TYPE_ARRAY", arrayType: { elementType: type } } : type };
  });
}
