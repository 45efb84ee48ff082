// BigQuery prunes the partitions a query reads only on a filter comparing the partition column,
// by itself, with a constant expression: literals, script variables and functions of them. A
// subquery in the filter, or a function around the column, reads every partition (BigQuery's
// "Query partitioned tables": use a constant filter expression, isolate the partition column).
// GoogleSQL's analyzer knows nothing of partitions: this reads its resolved statement.

/** One scan of a partitioned table, and whether a filter on it prunes. */
export interface PartitionRead {
  table: string;
  column: string;
  pruned: boolean;
}

type Json = Record<string, unknown>;

const COMPARISONS = new Set(["$equal", "$less", "$less_or_equal", "$greater", "$greater_or_equal", "$between"].map((f) => `ZetaSQL:${f}`));

/** The partition column of `partitionBy` when it is a column or DATE(column), the forms that prune on the column. */
export function partitionColumn(partitionBy: string | undefined): string | undefined {
  return /^\s*(?:date\s*\(\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)?\s*$/i.exec(partitionBy ?? "")?.[1];
}

/** Every scan, in a resolved scan or statement, of a table of `partitioned` (full name -> partition column). */
export function partitionReads(resolved: unknown, partitioned: Map<string, string>): PartitionRead[] {
  const filters = new Map<unknown, unknown>(); // table scan -> the filter right above it
  const reads: PartitionRead[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== "object") return;
    const node = value as Json;
    const filter = node.resolvedFilterScanNode as Json | undefined;
    const filtered = (filter?.inputScan as Json | undefined)?.resolvedTableScanNode;
    if (filtered) filters.set(filtered, filter?.filterExpr);
    const scan = node.resolvedTableScanNode as Json | undefined;
    const table = String((scan?.table as Json | undefined)?.fullName ?? "");
    const column = partitioned.get(table);
    if (scan && column) {
      const columns = ((scan.parent as Json | undefined)?.columnList ?? []) as Array<{ columnId: string; name: string }>;
      const id = columns.find((c) => c.name === column)?.columnId;
      reads.push({ table, column, pruned: id !== undefined && conjuncts(filters.get(scan)).some((c) => comparesWithConstant(c, id)) });
    }
    Object.values(node).forEach(visit);
  };
  visit(resolved);
  return reads;
}

function call(expr: unknown): { name: string; args: unknown[] } | undefined {
  // ResolvedFunctionCall's proto: the function and its arguments are in its parent, ResolvedFunctionCallBase
  const wrapper = ((expr as Json | undefined)?.resolvedFunctionCallBaseNode as Json | undefined)?.resolvedFunctionCallNode as Json | undefined;
  const node = wrapper?.parent as Json | undefined;
  if (!node) return undefined;
  return { name: String((node.function as Json | undefined)?.name ?? ""), args: (node.argumentList ?? []) as unknown[] };
}

function conjuncts(expr: unknown): unknown[] {
  if (expr === undefined) return [];
  const and = call(expr);
  return and?.name === "ZetaSQL:$and" ? and.args.flatMap(conjuncts) : [expr];
}

function comparesWithConstant(expr: unknown, columnId: string): boolean {
  const comparison = call(expr);
  if (!comparison || !COMPARISONS.has(comparison.name)) return false;
  const isColumn = (arg: unknown) => {
    const ref = (arg as Json).resolvedColumnRefNode as { column?: { columnId?: string } } | undefined;
    return String(ref?.column?.columnId) === columnId;
  };
  const [a, b, ...rest] = comparison.args;
  // the column by itself on one side (the first operand of BETWEEN), constants on the other
  if (comparison.name === "ZetaSQL:$between") return isColumn(a) && [b, ...rest].every(isConstant);
  return (isColumn(a) && isConstant(b)) || (isColumn(b) && isConstant(a));
}

/** No column and no subquery anywhere in the expression. */
function isConstant(expr: unknown): boolean {
  if (Array.isArray(expr)) return expr.every(isConstant);
  if (!expr || typeof expr !== "object") return true;
  const node = expr as Json;
  if ("resolvedColumnRefNode" in node || "resolvedSubqueryExprNode" in node) return false;
  return Object.values(node).every(isConstant);
}
