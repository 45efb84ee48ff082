// The language BigQuery speaks, as close as ZetaSQL's switches allow: ZetaSQL's released language
// (VERSION_CURRENT) in external product mode (no INT32, UINT64, FLOAT, protos or enums as column
// types), less the features BigQuery lacks, plus the ones BigQuery has that ZetaSQL still counts as
// in development. Not the maximum feature set: that accepts nanosecond timestamps, UINT64/INT64
// BETWEEN, CHECK constraints and more that BigQuery refuses. docs/bigquery-analysis.md lists what
// still differs.
import type { GoogleSqlService } from "./service.ts";

/** In ZetaSQL's released language, but not in BigQuery's. */
export const NOT_IN_BIGQUERY = [
  // protocol buffers: BigQuery has no proto columns
  "FEATURE_V_1_3_EXTRACT_FROM_PROTO",
  "FEATURE_V_1_3_ENUM_VALUE_DESCRIPTOR_PROTO",
  "FEATURE_V_1_3_IGNORE_PROTO3_USE_DEFAULTS",
  "FEATURE_V_1_3_PROTO_DEFAULT_IF_NULL",
  "FEATURE_V_1_3_PROTO_MAPS",
  "FEATURE_V_1_3_BRACED_PROTO_CONSTRUCTORS",
  "FEATURE_V_1_3_FILTER_FIELDS",
  "FEATURE_V_1_3_REPLACE_FIELDS",
  "FEATURE_V_1_2_PROTO_EXTENSIONS_WITH_NEW",
  "FEATURE_V_1_2_PROTO_EXTENSIONS_WITH_SET",
  // Google-internal syntax: WITH GROUP ROWS, /slash/paths, ORDER BY … COLLATE, a.b[] array paths
  "FEATURE_V_1_3_WITH_GROUP_ROWS",
  "FEATURE_V_1_3_ALLOW_SLASH_PATHS",
  "FEATURE_V_1_1_ORDER_BY_COLLATE",
  "FEATURE_V_1_4_SINGLE_TABLE_NAME_ARRAY_PATH",
] as const;

/** In BigQuery, but beyond ZetaSQL's released language (ZetaSQL marks them in development). */
export const BIGQUERY_EXTRAS = [
  "FEATURE_ANALYTIC_FUNCTIONS",
  "FEATURE_NUMERIC_TYPE",
  "FEATURE_BIGNUMERIC_TYPE",
  "FEATURE_GEOGRAPHY",
  "FEATURE_JSON_TYPE",
  "FEATURE_JSON_ARRAY_FUNCTIONS",
  "FEATURE_JSON_VALUE_EXTRACTION_FUNCTIONS",
  "FEATURE_JSON_CONSTRUCTOR_FUNCTIONS",
  "FEATURE_JSON_MUTATOR_FUNCTIONS",
  "FEATURE_JSON_LAX_VALUE_EXTRACTION_FUNCTIONS",
  "FEATURE_RANGE_TYPE",
  "FEATURE_PARAMETERIZED_TYPES",
  "FEATURE_NAMED_ARGUMENTS",
  "FEATURE_ROUND_WITH_ROUNDING_MODE",
  "FEATURE_CBRT_FUNCTIONS",
  "FEATURE_ENCRYPTION",
  "FEATURE_GROUP_BY_ROLLUP",
  "FEATURE_TABLESAMPLE",
  "FEATURE_TABLE_VALUED_FUNCTIONS",
  "FEATURE_TEMPLATE_FUNCTIONS",
  "FEATURE_CREATE_TABLE_FUNCTION",
  "FEATURE_CREATE_AGGREGATE_FUNCTION",
  "FEATURE_CREATE_TABLE_PARTITION_BY",
  "FEATURE_CREATE_TABLE_CLUSTER_BY",
  "FEATURE_CREATE_TABLE_NOT_NULL",
  "FEATURE_CREATE_TABLE_LIKE",
  "FEATURE_CREATE_TABLE_COPY",
  "FEATURE_CREATE_SNAPSHOT_TABLE",
  "FEATURE_CREATE_TABLE_AS_SELECT_COLUMN_LIST",
  "FEATURE_CREATE_VIEW_WITH_COLUMN_LIST",
  "FEATURE_CREATE_MATERIALIZED_VIEW_PARTITION_BY",
  "FEATURE_CREATE_MATERIALIZED_VIEW_CLUSTER_BY",
  "FEATURE_CREATE_MATERIALIZED_VIEW_AS_REPLICA_OF",
  "FEATURE_CREATE_EXTERNAL_TABLE_WITH_CONNECTION",
  "FEATURE_CREATE_EXTERNAL_TABLE_WITH_TABLE_ELEMENT_LIST",
  "FEATURE_UNENFORCED_PRIMARY_KEYS",
  "FEATURE_FOREIGN_KEYS",
  "FEATURE_ALTER_TABLE_RENAME_COLUMN",
  "FEATURE_DML_UPDATE_WITH_JOIN",
  "FEATURE_AGGREGATION_THRESHOLD",
] as const;

/** BigQuery's language options for the analyzer: every statement kind (Dataform runs DDL, DML and scripts). */
export async function bigqueryLanguageOptions(service: GoogleSqlService): Promise<unknown> {
  const released = await service.languageOptions({ languageVersion: "VERSION_CURRENT" });
  const lacking = new Set<string>(NOT_IN_BIGQUERY);
  const features = [...(released.enabledLanguageFeatures ?? []).filter((f) => !lacking.has(f)), ...BIGQUERY_EXTRAS];
  return { productMode: "PRODUCT_EXTERNAL", nameResolutionMode: "NAME_RESOLUTION_DEFAULT", enabledLanguageFeatures: [...new Set(features)], supportedStatementKinds: [] };
}
