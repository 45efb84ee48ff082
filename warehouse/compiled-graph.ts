/**
 * The compiled Dataform graph as `dataform compile --json` prints it (proto3 JSON of core.proto's
 * CompiledGraph): enums are strings, camelCase names, and fields at their default value (false, "",
 * empty lists) are omitted, so every field is optional.
 */

export interface Target {
  database?: string;
  schema?: string;
  name?: string;
}

export interface ColumnDescriptor {
  description?: string;
  /** One entry for a plain column; several for a field of a nested record. */
  path?: string[];
  tags?: string[];
  bigqueryPolicyTags?: string[];
}

export interface ActionDescriptor {
  description?: string;
  columns?: ColumnDescriptor[];
  bigqueryLabels?: Record<string, string>;
}

export interface BigQueryOptions {
  partitionBy?: string;
  clusterBy?: string[];
  updatePartitionFilter?: string;
  labels?: Record<string, string>;
  partitionExpirationDays?: number;
  requirePartitionFilter?: boolean;
  additionalOptions?: Record<string, string>;
  incrementalPredicates?: string[];
}

interface ActionBase {
  target?: Target;
  canonicalTarget?: Target;
  dependencyTargets?: Target[];
  hermeticity?: "HERMETIC" | "NON_HERMETIC" | "UNKNOWN";
  disabled?: boolean;
  tags?: string[];
  actionDescriptor?: ActionDescriptor;
  fileName?: string;
  jitCode?: string;
}

export type TableType = "TABLE" | "VIEW" | "INCREMENTAL";

/** Tables, views and incremental tables. */
export interface Table extends ActionBase {
  /** Deprecated lower-case twin of enumType, still emitted. */
  type?: "table" | "view" | "incremental";
  enumType?: TableType;
  query?: string;
  protected?: boolean;
  materialized?: boolean;
  incrementalQuery?: string;
  uniqueKey?: string[];
  onSchemaChange?: "IGNORE" | "FAIL" | "EXTEND" | "SYNCHRONIZE";
  preOps?: string[];
  postOps?: string[];
  incrementalPreOps?: string[];
  incrementalPostOps?: string[];
  incrementalStrategy?: "INCREMENTAL_STRATEGY_UNSPECIFIED" | "MERGE" | "INSERT_OVERWRITE";
  bigquery?: BigQueryOptions;
}

export interface Operation extends ActionBase {
  queries?: string[];
  hasOutput?: boolean;
}

export interface Assertion extends ActionBase {
  query?: string;
  /** Only on built-in assertions (uniqueKey, nonNull, rowConditions): the dataset they guard. */
  parentAction?: Target;
}

export interface Declaration {
  target?: Target;
  canonicalTarget?: Target;
  actionDescriptor?: ActionDescriptor;
  fileName?: string;
  tags?: string[];
}

/** A Dataform unit test (`type: "test"`): the dataset's query on inline inputs vs the expected rows. */
export interface UnitTest {
  name?: string;
  testQuery?: string;
  expectedOutputQuery?: string;
  fileName?: string;
  disabled?: boolean;
  tags?: string[];
  target?: Target;
  canonicalTarget?: Target;
}

export interface ProjectConfig {
  warehouse?: string;
  defaultDatabase?: string;
  defaultSchema?: string;
  defaultLocation?: string;
  assertionSchema?: string;
  vars?: Record<string, string>;
  databaseSuffix?: string;
  schemaSuffix?: string;
  tablePrefix?: string;
  disableAssertions?: boolean;
}

export interface CompilationError {
  fileName?: string;
  actionName?: string;
  actionTarget?: Target;
  message?: string;
  stack?: string;
}

export interface CompiledGraph {
  projectConfig?: ProjectConfig;
  tables?: Table[];
  operations?: Operation[];
  assertions?: Assertion[];
  declarations?: Declaration[];
  tests?: UnitTest[];
  graphErrors?: { compilationErrors?: CompilationError[] };
  dataformCoreVersion?: string;
  targets?: Target[];
}

/** The overrides the official CLI builds from its flags (`--vars`, `--schema-suffix`, ...). */
export interface ProjectConfigOverride {
  defaultDatabase?: string;
  defaultSchema?: string;
  defaultLocation?: string;
  assertionSchema?: string;
  databaseSuffix?: string;
  schemaSuffix?: string;
  tablePrefix?: string;
  vars?: Record<string, string>;
  disableAssertions?: boolean;
}

/** `database.schema.name` (or `schema.name` without a database): Dataform's readable action name. */
export function targetName(target: Target | undefined): string {
  if (!target) return "";
  const parts = [target.database, target.schema, target.name].filter((part) => part);
  return parts.join(".");
}
