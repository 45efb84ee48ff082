// The BigQuery build checked by GoogleSQL's own analyzer (ZetaSQL's local service, started for this
// file on 127.0.0.1 and stopped after): every statement Dataform's BigQuery runner would execute,
// in dependency order, against the raw tables as the loaders create them. Then the marts' resolved
// columns and types against the contract (report/marts.ts) and the LookML views.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MARTS, type MartName } from "../../report/marts.ts";
import { compileProject, REPOSITORY_ROOT } from "../../warehouse/compile.ts";
import type { CompiledGraph } from "../../warehouse/compiled-graph.ts";
import { analyzeGraph, formatColumns, formatFinding, type GraphAnalysis } from "../../warehouse/googlesql/analyze-graph.ts";
import { bigqueryLanguageOptions } from "../../warehouse/googlesql/bigquery-language.ts";
import { tableOptionProblems } from "../../warehouse/googlesql/bigquery-table-options.ts";
import { partitionColumn, partitionReads } from "../../warehouse/googlesql/partition-pruning.ts";
import { GoogleSqlService } from "../../warehouse/googlesql/service.ts";
import { typeName } from "../../warehouse/googlesql/types.ts";
import { parseProject, projectFiles } from "../looker/support/lookml-project.ts";

// generous: the service maps 90 MB and analyzes some 400 statements on a shared 2-core machine
const SLOW = 900_000;

let service: GoogleSqlService;
let graph: CompiledGraph;
let analysis: GraphAnalysis;

beforeAll(async () => {
  service = await GoogleSqlService.start();
  graph = await compileProject(REPOSITORY_ROOT);
  analysis = await analyzeGraph(graph, service);
}, SLOW);

afterAll(async () => {
  await service?.close();
});

const name = (t: { target?: { database?: string; schema?: string; name?: string } }) => `${t.target?.database}.${t.target?.schema}.${t.target?.name}`;

describe("the BigQuery build, analyzed by GoogleSQL", () => {
  it("has no statement GoogleSQL refuses, and no action left unanalyzed", () => {
    expect(analysis.findings.map(formatFinding)).toEqual([]);
    expect(analysis.skipped).toEqual([]);
  });

  it("covers every action: each table's query and CREATE OR REPLACE, each incremental MERGE or INSERT, assertions, operations, unit tests", () => {
    const labels = (action: string) => analysis.analyzed.filter((a) => a.action === action).map((a) => a.statement);
    for (const table of graph.tables ?? []) {
      const kind = table.enumType === "VIEW" ? "view" : "table";
      const dml = table.uniqueKey?.length ? "incremental merge" : "incremental insert";
      expect(labels(name(table)), name(table)).toEqual([
        "query",
        ...(table.preOps ?? []).map(() => "pre-operation"),
        `create or replace ${kind}`,
        ...(table.postOps ?? []).map(() => "post-operation"),
        ...(table.enumType === "INCREMENTAL"
          ? [...(table.incrementalPreOps ?? []).map(() => "incremental pre-operation"), dml, ...(table.incrementalPostOps ?? []).map(() => "incremental post-operation")]
          : []),
      ]);
    }
    for (const assertion of graph.assertions ?? []) {
      expect(labels(name(assertion)), name(assertion)).toEqual(["assertion query", "assertion view", "assertion row count"]);
    }
    for (const operation of graph.operations ?? []) {
      expect(labels(name(operation)).length, name(operation)).toBe(operation.queries?.length);
    }
    for (const test of graph.tests ?? []) {
      expect(labels(`test ${test.name}`)).toEqual(["unit test query", "unit test expected output"]);
    }
    // today's graph has incremental tables with a unique key, so the generated MERGE statements were analyzed
    expect(analysis.analyzed.filter((a) => a.statement === "incremental merge").length).toBeGreaterThan(0);
  });

  it("reads the raw tables with the columns and types the BigQuery loader creates", () => {
    const raw = [...analysis.schemas].filter(([table]) => table.includes(".airbyte_internal."));
    expect(raw.length).toBe((graph.declarations ?? []).length + (graph.operations ?? []).length);
    for (const [table, columns] of raw) {
      expect(formatColumns(columns), table).toBe(
        "_airbyte_raw_id STRING, _airbyte_extracted_at TIMESTAMP, _airbyte_loaded_at TIMESTAMP, _airbyte_data STRING, _airbyte_meta STRING, _airbyte_generation_id INT64",
      );
    }
  });
});

describe("a nightly run on BigQuery", () => {
  it("reads every partitioned table through a filter that prunes: the partition column compared with a constant (a watermark variable)", () => {
    const staging = (model: string) => `doraform-demo.dora_staging.${model}`;
    const raw = (stream: string) => `doraform-demo.airbyte_internal.${stream}`;
    const reads = analysis.partitionReads.map((r) => `${r.action} reads ${r.table} on ${r.column}${r.pruned ? "" : " WITHOUT PRUNING"}`).sort();
    expect(reads).toEqual(
      [
        [staging("stg_github__workflow_runs"), raw("github_raw__stream_workflow_runs"), "_airbyte_extracted_at"],
        [staging("stg_github__workflow_jobs"), raw("github_raw__stream_workflow_jobs"), "_airbyte_extracted_at"],
        [staging("stg_github__pull_requests"), raw("github_raw__stream_pull_requests"), "_airbyte_extracted_at"],
        [staging("stg_github__commits"), raw("github_raw__stream_commits"), "_airbyte_extracted_at"],
        [staging("stg_github__deployment_commits"), raw("github_raw__stream_deployment_commits"), "_airbyte_extracted_at"],
        [staging("stg_pagerduty__incident_log_entries"), raw("pagerduty_raw__stream_incident_log_entries"), "_airbyte_extracted_at"],
        [staging("int_changes__pull_requests"), staging("stg_github__pull_requests"), "extracted_at"],
        // the incidents with a log entry since the watermark, then all log entries of those since they started
        [staging("int_incidents"), staging("stg_pagerduty__incident_log_entries"), "extracted_at"],
        [staging("int_incidents"), staging("stg_pagerduty__incident_log_entries"), "extracted_at"],
        [staging("int_deployment_commits__compares"), staging("stg_github__deployment_commits"), "extracted_at"],
      ]
        .map(([action, table, column]) => `${action} reads ${table} on ${column}`)
        .sort(),
    );
  });

  it("has every incremental model that reads a raw table among them", () => {
    const readers = (graph.tables ?? [])
      .filter((t) => t.enumType === "INCREMENTAL" && (t.dependencyTargets ?? []).some((d) => d.schema === "airbyte_internal"))
      .map(name);
    expect(readers.length).toBeGreaterThan(0);
    expect(readers.filter((r) => !analysis.partitionReads.some((read) => read.action === r))).toEqual([]);
  });

  it("replaces the weekly and quarterly marts per period: partitioned by the period column, and their inputs read without a partition left unpruned", () => {
    const overwritten = (graph.tables ?? []).filter((t) => t.enumType === "INCREMENTAL" && t.incrementalStrategy === "INSERT_OVERWRITE");
    expect(overwritten.map((t) => `${name(t)} by ${t.bigquery?.partitionBy}`).sort()).toEqual(
      [
        ["service_weekly", "week_start"], ["team_weekly", "week_start"], ["org_weekly", "week_start"],
        ["service_quarterly", "quarter_start"], ["team_quarterly", "quarter_start"], ["org_quarterly", "quarter_start"],
      ]
        .map(([mart, column]) => `doraform-demo.dora.${mart} by ${column}`)
        .sort(),
    );
    // they read intermediate tables (int_facts_bucketed, the fingerprints); one partitioned later must be read through its partition column
    const reads = analysis.partitionReads.filter((read) => overwritten.some((t) => name(t) === read.action));
    expect(reads.filter((read) => !read.pruned)).toEqual([]);
  });

  it("fingerprints every column of int_facts_bucketed, so that no change of a fact goes unseen by the period marts", () => {
    const columns = (analysis.schemas.get("doraform-demo.dora_staging.int_facts_bucketed") ?? []).map((c) => c.name);
    const query = (graph.tables ?? []).find((t) => t.target?.name === "int_period_fingerprints")?.query ?? "";
    const hashed = /FARM_FINGERPRINT\(TO_JSON_STRING\(STRUCT\(([^)]*)\)\)\) as fact_hash/.exec(query)?.[1].split(",").map((c) => c.trim());
    expect(columns.length).toBeGreaterThan(10);
    expect(hashed).toEqual(columns);
  });
});

describe("BigQuery's partition pruning, which GoogleSQL does not apply", () => {
  const raw = "p.d.raw";
  const partitioned = new Map([[raw, "extracted_at"]]);
  const reads = async (query: string) => {
    const languageOptions = await bigqueryLanguageOptions(service);
    const catalog = {
      name: "bigquery",
      table: [{ name: raw, column: [{ name: "extracted_at", type: { typeKind: "TYPE_TIMESTAMP" } }, { name: "id", type: { typeKind: "TYPE_INT64" } }] }],
      constant: [{ namePath: ["newest_kept"], type: { typeKind: "TYPE_TIMESTAMP" } }],
      builtinFunctionOptions: { languageOptions },
    };
    const result = await service.analyze(query, catalog, languageOptions);
    if ("error" in result) throw new Error(result.error);
    return partitionReads(result.resolved, partitioned).map((r) => r.pruned);
  };

  it("prune on the column compared with a literal, a script variable or a function of them, alone or among other conditions", async () => {
    expect(await reads("SELECT id FROM `p.d.raw` WHERE extracted_at >= newest_kept")).toEqual([true]);
    expect(await reads("SELECT id FROM `p.d.raw` WHERE id > 3 AND TIMESTAMP '2024-01-01' < extracted_at")).toEqual([true]);
    expect(await reads("SELECT id FROM `p.d.raw` WHERE extracted_at BETWEEN TIMESTAMP_SUB(newest_kept, INTERVAL 1 DAY) AND CURRENT_TIMESTAMP()")).toEqual([true]);
  });

  it("do not prune on a subquery, a function around the column, a condition in OR, a filter above a union, or no filter", async () => {
    expect(await reads("SELECT id FROM `p.d.raw` WHERE extracted_at >= (SELECT MAX(extracted_at) FROM `p.d.raw`)")).toEqual([false, false]);
    expect(await reads("SELECT id FROM `p.d.raw` WHERE TIMESTAMP_ADD(extracted_at, INTERVAL 1 DAY) >= newest_kept")).toEqual([false]);
    expect(await reads("SELECT id FROM `p.d.raw` WHERE extracted_at >= newest_kept OR id = 1")).toEqual([false]);
    expect(await reads("SELECT id FROM (SELECT * FROM `p.d.raw` UNION ALL SELECT * FROM `p.d.raw`) WHERE extracted_at >= newest_kept")).toEqual([false, false]);
    expect(await reads("SELECT id FROM `p.d.raw`")).toEqual([false]);
  });

  it("read the partition column of a column or DATE(column) partitioning", () => {
    expect(["extracted_at", "DATE(extracted_at)", " date( extracted_at ) "].map(partitionColumn)).toEqual(["extracted_at", "extracted_at", "extracted_at"]);
    expect([undefined, "TIMESTAMP_TRUNC(at, HOUR)", "RANGE_BUCKET(n, GENERATE_ARRAY(0, 100, 10))"].map(partitionColumn)).toEqual([undefined, undefined, undefined]);
  });
});

describe("the marts on the BigQuery side", () => {
  const project = "doraform-demo";
  const marts = Object.keys(MARTS) as MartName[];

  it("resolve to the contract's columns and GoogleSQL types, in order (report/marts.ts)", () => {
    for (const mart of marts) {
      const columns = analysis.schemas.get(`${project}.dora.${mart}`);
      expect(columns, `dora.${mart} resolved`).toBeDefined();
      expect((columns ?? []).map((c) => `${c.name} ${typeName(c.type)}`), `dora.${mart}`).toEqual(Object.entries(MARTS[mart]).map(([column, type]) => `${column} ${type}`));
    }
  });

  it("have the types the LookML views declare for them", async () => {
    const model = (await parseProject(projectFiles())).model.dora;
    // LookML types each GoogleSQL type allows
    const lookmlTypes: Record<string, string[]> = {
      STRING: ["string"],
      INT64: ["number"],
      FLOAT64: ["number"],
      BOOL: ["yesno"],
      DATE: ["date", "time:date"],
      TIMESTAMP: ["time:timestamp"],
    };
    const problems: string[] = [];
    let checked = 0;
    for (const [viewName, view] of Object.entries(model.view ?? {})) {
      const mart = /\.([a-z0-9_]+)`$/.exec(String(view.sql_table_name ?? "").trim())?.[1] ?? "";
      const columns = new Map((analysis.schemas.get(`${project}.dora.${mart}`) ?? []).map((c) => [c.name, typeName(c.type)]));
      const fields = [...Object.entries(view.dimension ?? {}), ...Object.entries(view.dimension_group ?? {})];
      for (const [field, def] of fields) {
        const column = /^\$\{TABLE\}\.([a-z0-9_]+)$/.exec(String(def.sql ?? "").trim())?.[1];
        if (!column) continue;
        const lookml = def.type === "time" ? `time:${def.datatype ?? "timestamp"}` : String(def.type ?? "string");
        const type = columns.get(column);
        checked += 1;
        if (!type || !lookmlTypes[type]?.includes(lookml)) problems.push(`${viewName}.${field}: LookML ${lookml}, BigQuery ${type ?? "no such column"}`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});

describe("the analyzer's language", () => {
  const analyze = async (sql: string, languageOptions: unknown) => {
    const result = await service.analyze(sql, { name: "bigquery", builtinFunctionOptions: { languageOptions } }, languageOptions);
    return "error" in result ? result.error : "accepted";
  };
  const asBigQuery = async (sql: string) => analyze(sql, await bigqueryLanguageOptions(service));
  // ZetaSQL's maximum feature set in its default (internal) product mode: what the analyzer is not set to
  const asMaximum = async (sql: string) =>
    analyze(sql, { enabledLanguageFeatures: (await service.languageOptions({ maximumFeatures: true })).enabledLanguageFeatures, supportedStatementKinds: [] });

  it("is BigQuery's: JSON arrays, QUALIFY, partitioned CTAS and NUMERIC accepted", async () => {
    expect(await asBigQuery("SELECT JSON_VALUE_ARRAY('[1]', '$') AS a")).toBe("accepted");
    expect(await asBigQuery("SELECT x FROM UNNEST([1, 2]) AS x WHERE TRUE QUALIFY ROW_NUMBER() OVER (ORDER BY x) = 1")).toBe("accepted");
    expect(await asBigQuery("CREATE OR REPLACE TABLE `p.d.t` PARTITION BY DATE(ts) CLUSTER BY x AS SELECT CURRENT_TIMESTAMP() AS ts, NUMERIC '1.5' AS x")).toBe("accepted");
  });

  it("refuses what BigQuery refuses and ZetaSQL's maximum feature set takes", async () => {
    const refused = {
      "SELECT CAST(1 AS INT32) AS a": /^Type not found: INT32/,
      "SELECT CAST(1 AS UINT64) AS a": /^Type not found: UINT64/,
      "SELECT TIMESTAMP_DIFF(CURRENT_TIMESTAMP(), CURRENT_TIMESTAMP(), NANOSECOND) AS a": /does not support the NANOSECOND date part/,
    };
    for (const [sql, message] of Object.entries(refused)) {
      expect(await asBigQuery(sql), sql).toMatch(message);
      expect(await asMaximum(sql), sql).toBe("accepted");
    }
  });
});

describe("BigQuery's partitioning and clustering rules, which GoogleSQL does not apply", () => {
  const columns = [
    { name: "day", type: { typeKind: "TYPE_DATE" } },
    { name: "at", type: { typeKind: "TYPE_TIMESTAMP" } },
    { name: "n", type: { typeKind: "TYPE_INT64" } },
    { name: "name", type: { typeKind: "TYPE_STRING" } },
    { name: "tags", type: { typeKind: "TYPE_ARRAY", arrayType: { elementType: { typeKind: "TYPE_STRING" } } } },
  ];

  it("GoogleSQL's analyzer accepts a partitioning BigQuery refuses", async () => {
    const languageOptions = await bigqueryLanguageOptions(service);
    const result = await service.analyze("CREATE OR REPLACE TABLE `p.d.t` PARTITION BY UPPER(x) CLUSTER BY x AS SELECT 'a' AS x", { name: "bigquery", builtinFunctionOptions: { languageOptions } }, languageOptions);
    expect("error" in result).toBe(false);
  });

  it("accept BigQuery's partition forms and cluster column types", () => {
    for (const partitionBy of ["day", "DATE(at)", "date(day)", "TIMESTAMP_TRUNC(at, HOUR)", "DATE_TRUNC(day, MONTH)", "RANGE_BUCKET(n, GENERATE_ARRAY(0, 100, 10))", "_PARTITIONDATE"]) {
      expect(tableOptionProblems({ partitionBy, clusterBy: ["name", "n", "day", "at"] }, columns), partitionBy).toEqual([]);
    }
  });

  it("refuse other partitionings, and clustering by more than 4 columns or by an array", () => {
    for (const partitionBy of ["at", "name", "DATE(name)", "TIMESTAMP_TRUNC(at, WEEK)", "DATE_TRUNC(day, DAY)", "UPPER(name)", "DATE(missing)"]) {
      expect(tableOptionProblems({ partitionBy }, columns), partitionBy).toEqual([expect.stringMatching(new RegExp(`^partition by ${partitionBy.replace(/[()]/g, "\\$&")}: BigQuery partitions only by `))]);
    }
    expect(tableOptionProblems({ clusterBy: ["tags"] }, columns)).toEqual(["cluster by tags: BigQuery cannot cluster by type ARRAY<STRING>"]);
    expect(tableOptionProblems({ clusterBy: ["name", "n", "day", "at", "name"] }, columns)).toEqual(["cluster by name, n, day, at, name: BigQuery clusters by at most 4 columns"]);
  });
});

describe("a broken model", () => {
  // models an analyst might add to a copy of this project: each wrong in one way BigQuery refuses
  const models: Record<string, string> = {
    "renamed_column.sqlx": `config { type: "view", schema: "dora_staging" }\nselect deployment_id, recovered_att from \${ref("deployments")}`,
    "unknown_function.sqlx": `config { type: "table", schema: "dora_staging" }\nselect service, median(recovery_seconds) as p50 from \${ref("deployments")} group by service`,
    "date_vs_timestamp.sqlx": `config { type: "view", schema: "dora_staging" }\nselect deployment_id from \${ref("deployments")} where finished_at >= current_date()`,
    "merge_key.sqlx": `config { type: "incremental", schema: "dora_staging", uniqueKey: ["deployment_idd"] }\nselect deployment_id, finished_at from \${ref("deployments")}`,
    "merge_predicate.sqlx": `config { type: "incremental", schema: "dora_staging", uniqueKey: ["deployment_id"], bigquery: { incrementalPredicates: ["DATAFORM_DEST.finished_at > current_date()"] } }\nselect deployment_id, finished_at from \${ref("deployments")}`,
    "partition_by_week.sqlx": `config { type: "table", schema: "dora_staging", bigquery: { partitionBy: "TIMESTAMP_TRUNC(finished_at, WEEK)" } }\nselect deployment_id, finished_at from \${ref("deployments")}`,
    "cluster_by_five.sqlx": `config { type: "table", schema: "dora_staging", bigquery: { clusterBy: ["service", "team", "repository", "environment", "services"] } }\nselect service, team, repository, environment, [service] as services from \${ref("deployments")}`,
    "reads_broken.sqlx": `config { type: "view", schema: "dora_staging" }\nselect * from \${ref("renamed_column")}`,
    "watermark_subquery.sqlx": `config { type: "incremental", schema: "dora_staging" }\nselect _airbyte_raw_id, _airbyte_extracted_at from \${ref("github_raw__stream_commits")}\n\${when(incremental(), \`where _airbyte_extracted_at >= (select max(_airbyte_extracted_at) from \${self()})\`)}`,
    "watermark_undeclared.sqlx": `config { type: "incremental", schema: "dora_staging" }\npre_operations { \${when(incremental(), "set since = (select current_timestamp())")} }\nselect _airbyte_extracted_at from \${ref("github_raw__stream_commits")}`,
  };
  let broken: GraphAnalysis;

  beforeAll(async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "doraform-lint-"));
    try {
      for (const part of ["workflow_settings.yaml", "definitions", "includes"]) fs.cpSync(path.join(REPOSITORY_ROOT, part), path.join(copy, part), { recursive: true });
      for (const [file, text] of Object.entries(models)) fs.writeFileSync(path.join(copy, "definitions/marts", file), text);
      broken = await analyzeGraph(await compileProject(copy), service);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  }, SLOW);

  it("is reported with its file, statement and GoogleSQL's message; the rest of the project is not", () => {
    const findings = broken.findings
      .map((f) => ({ ...f, message: f.message.replace(/ \[at \d+:\d+\]$/, "") }))
      .sort((a, b) => a.file.localeCompare(b.file));
    const at = (model: string) => ({ file: `definitions/marts/${model}.sqlx`, action: `doraform-demo.dora_staging.${model}` });
    expect(findings).toEqual([
      { ...at("cluster_by_five"), statement: "partitioning and clustering", message: "cluster by service, team, repository, environment, services: BigQuery clusters by at most 4 columns" },
      { ...at("cluster_by_five"), statement: "partitioning and clustering", message: "cluster by services: BigQuery cannot cluster by type ARRAY<STRING>" },
      { ...at("date_vs_timestamp"), statement: "query", message: "No matching signature for operator >= for argument types: TIMESTAMP, DATE. Supported signature: ANY >= ANY" },
      { ...at("merge_key"), statement: "incremental merge", message: "Name deployment_idd not found inside DATAFORM_DEST" },
      { ...at("merge_predicate"), statement: "incremental merge", message: "No matching signature for operator > for argument types: TIMESTAMP, DATE. Supported signature: ANY > ANY" },
      { ...at("partition_by_week"), statement: "partitioning and clustering", message: expect.stringMatching(/^partition by TIMESTAMP_TRUNC\(finished_at, WEEK\): BigQuery partitions only by a DATE column, DATE\(/) },
      { ...at("renamed_column"), statement: "query", message: "Unrecognized name: recovered_att; Did you mean recovered_at?" },
      { ...at("unknown_function"), statement: "query", message: "Function not found: median; Did you mean min?" },
      {
        ...at("watermark_subquery"),
        statement: "partition pruning",
        message: "reads doraform-demo.airbyte_internal.github_raw__stream_commits without a filter comparing _airbyte_extracted_at with a constant: BigQuery scans every partition",
      },
      { ...at("watermark_undeclared"), statement: "incremental pre-operation", message: "SET since: no such variable declared before it" },
    ]);
  });

  it("leaves what reads it unanalyzed, instead of repeating its error", () => {
    expect(broken.skipped).toEqual(["doraform-demo.dora_staging.reads_broken (reads doraform-demo.dora_staging.renamed_column)"]);
  });
});
