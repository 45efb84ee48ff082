// Analyzes every statement the BigQuery build of a compiled Dataform graph would run, with
// GoogleSQL's analyzer, in dependency order: the raw tables as the loaders create them, then each
// action's resolved output registered as a table for the actions after it.
import { RAW_SCHEMA } from "../../ingest/load/bigquery.ts";
import { targetName, type CompiledGraph, type Target } from "../compiled-graph.ts";
import { bigqueryLanguageOptions } from "./bigquery-language.ts";
import { tableOptionProblems } from "./bigquery-table-options.ts";
import { assertionStatements, fullBuild, incrementalRun, operationStatements, type Statement } from "./execution-sql.ts";
import type { GoogleSqlService, SimpleColumn, SimpleTable } from "./service.ts";
import { schemaColumns, typeName } from "./types.ts";

/** One statement GoogleSQL refuses. */
export interface Finding {
  file: string;
  action: string;
  statement: string;
  message: string;
}

export interface GraphAnalysis {
  findings: Finding[];
  /** Each action's output columns (tables, views, assertions, operations with output), by `project.dataset.name`. */
  schemas: Map<string, SimpleColumn[]>;
  /** Every statement analyzed, in order. */
  analyzed: Array<{ action: string; statement: string }>;
  /** Actions not analyzed because an action they read has findings. */
  skipped: string[];
}

export function formatFinding(finding: Finding): string {
  return `${finding.file}: ${finding.action} (${finding.statement}): ${finding.message}`;
}

/** `name TYPE, …`: a schema as one line. */
export function formatColumns(columns: SimpleColumn[]): string {
  return columns.map((c) => `${c.name} ${typeName(c.type)}`).join(", ");
}

interface Node {
  name: string;
  file: string;
  dependencies: string[];
  /** Analyzes the action; returns its output columns, or undefined when it has none or failed. */
  analyze: (context: Context, node: Node) => Promise<SimpleColumn[] | undefined>;
}

class Context {
  readonly tables = new Map<string, SimpleTable>();
  readonly findings: Finding[] = [];
  readonly analyzed: GraphAnalysis["analyzed"] = [];
  constructor(
    private readonly service: GoogleSqlService,
    private readonly languageOptions: unknown,
  ) {}

  /** Analyzes one statement; a refusal becomes a finding. Returns the resolved statement, or undefined. */
  async analyze(node: Node, statement: Statement): Promise<Record<string, unknown> | undefined> {
    this.analyzed.push({ action: node.name, statement: statement.label });
    const catalog = { name: "bigquery", table: [...this.tables.values()], builtinFunctionOptions: { languageOptions: this.languageOptions } };
    const result = await this.service.analyze(statement.sql, catalog, this.languageOptions);
    if ("error" in result) {
      this.findings.push({ file: node.file, action: node.name, statement: statement.label, message: result.error });
      return undefined;
    }
    return result.resolved;
  }

  /** The output columns of a query, or undefined (and a finding) when GoogleSQL refuses it. */
  async queryColumns(node: Node, label: string, sql: string): Promise<SimpleColumn[] | undefined> {
    const resolved = await this.analyze(node, { label, sql });
    const query = resolved?.resolvedQueryStmtNode as { outputColumnList?: Array<{ name: string; column: { type: SimpleColumn["type"] } }> } | undefined;
    return query?.outputColumnList?.map((c) => ({ name: c.name, type: c.column.type }));
  }

  register(name: string, columns: SimpleColumn[]): void {
    this.tables.set(name, { name, column: columns });
  }

  /** Analyzes statements in order, stopping at the first refusal; whether all were accepted. */
  async analyzeAll(node: Node, statements: Statement[]): Promise<boolean> {
    for (const statement of statements) {
      if (!(await this.analyze(node, statement))) return false;
    }
    return true;
  }
}

/** Analyzes the graph's every action in dependency order with BigQuery's language options. */
export async function analyzeGraph(graph: CompiledGraph, service: GoogleSqlService): Promise<GraphAnalysis> {
  const context = new Context(service, await bigqueryLanguageOptions(service));
  const schemas = new Map<string, SimpleColumn[]>();
  const failed = new Set<string>();
  const skipped: string[] = [];
  for (const node of dependencyOrder(nodesOf(graph))) {
    const blocker = node.dependencies.find((d) => failed.has(d));
    if (blocker) {
      failed.add(node.name);
      skipped.push(`${node.name} (reads ${blocker})`);
      continue;
    }
    const before = context.findings.length;
    const columns = await node.analyze(context, node);
    if (context.findings.length > before) failed.add(node.name);
    if (columns) {
      context.register(node.name, columns);
      schemas.set(node.name, columns);
    }
  }
  return { findings: context.findings, schemas, analyzed: context.analyzed, skipped };
}

/** A node for an action of the graph, read after the actions it depends on. */
function nodeOf(action: { target?: Target; fileName?: string; dependencyTargets?: Target[] }, analyze: Node["analyze"], name = targetName(action.target)): Node {
  return { name, file: action.fileName ?? "", dependencies: (action.dependencyTargets ?? []).map(targetName), analyze };
}

function nodesOf(graph: CompiledGraph): Node[] {
  const rawDataset = graph.projectConfig?.vars?.raw_dataset ?? "airbyte_internal";
  const enabled = <T extends { disabled?: boolean }>(actions: T[] | undefined) => (actions ?? []).filter((a) => !a.disabled);
  const declarations = (graph.declarations ?? []).map((declaration) =>
    nodeOf(declaration, async (context, node) => {
      if (declaration.target?.schema === rawDataset) return schemaColumns(RAW_SCHEMA);
      context.findings.push({ file: node.file, action: node.name, statement: "declaration", message: `no schema known: only raw tables of dataset ${rawDataset} are declared` });
      return undefined;
    }),
  );
  const operations = enabled(graph.operations).map((operation) =>
    nodeOf(operation, async (context, node) => {
      let columns: SimpleColumn[] | undefined;
      for (const statement of operationStatements(operation)) {
        const resolved = await context.analyze(node, statement);
        if (!resolved) return undefined;
        columns = createdColumns(resolved) ?? columns;
      }
      return operation.hasOutput ? columns : undefined;
    }),
  );
  const tables = enabled(graph.tables).map((table) =>
    nodeOf(table, async (context, node) => {
      const columns = await context.queryColumns(node, "query", table.query ?? "");
      if (!columns) return undefined;
      // the table exists from here on: an incremental run's pre-operations and query read it
      context.register(node.name, columns);
      if (!(await context.analyzeAll(node, fullBuild(table)))) return undefined;
      const problems = table.enumType === "VIEW" ? [] : tableOptionProblems(table.bigquery, columns);
      for (const message of problems) context.findings.push({ file: node.file, action: node.name, statement: "partitioning and clustering", message });
      if (table.enumType === "INCREMENTAL" && !(await context.analyzeAll(node, incrementalRun(table, columns.map((c) => c.name))))) return undefined;
      return columns;
    }),
  );
  const assertions = enabled(graph.assertions).map((assertion) =>
    nodeOf(assertion, async (context, node) => {
      const columns = await context.queryColumns(node, "assertion query", assertion.query ?? "");
      if (!columns) return undefined;
      const [view, count] = assertionStatements(assertion);
      if (!(await context.analyzeAll(node, [view]))) return undefined;
      context.register(node.name, columns);
      return (await context.analyzeAll(node, [count])) ? columns : undefined;
    }),
  );
  // a unit test runs the tested dataset's query on inline inputs: it reads no table
  const tests = enabled(graph.tests).map((test) =>
    nodeOf(
      { fileName: test.fileName },
      async (context, node) => {
        await context.analyzeAll(node, [
          { label: "unit test query", sql: test.testQuery ?? "" },
          { label: "unit test expected output", sql: test.expectedOutputQuery ?? "" },
        ]);
        return undefined;
      },
      `test ${test.name}`,
    ),
  );
  return [...declarations, ...operations, ...tables, ...assertions, ...tests];
}

/** The columns of the table a CREATE TABLE statement makes. */
function createdColumns(resolved: Record<string, unknown>): SimpleColumn[] | undefined {
  const stack: unknown[] = [resolved];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!value || typeof value !== "object") continue;
    const definitions = (value as { columnDefinitionList?: Array<{ name: string; type: SimpleColumn["type"] }> }).columnDefinitionList;
    if (definitions) return definitions.map((d) => ({ name: d.name, type: d.type }));
    stack.push(...Object.values(value));
  }
  return undefined;
}

/** Each node after the nodes it reads (dependencies outside the graph are ignored); a cycle keeps compile order. */
function dependencyOrder(nodes: Node[]): Node[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: Node[] = [];
  const visit = (node: Node) => {
    if (done.has(node.name) || visiting.has(node.name)) return;
    visiting.add(node.name);
    for (const dependency of node.dependencies) {
      const next = byName.get(dependency);
      if (next) visit(next);
    }
    visiting.delete(node.name);
    done.add(node.name);
    order.push(node);
  };
  nodes.forEach(visit);
  return order;
}
