import { UserError } from "../core/errors.ts";
import { targetName, type Assertion, type CompiledGraph, type Operation, type Table, type Target } from "./compiled-graph.ts";

export type ActionKind = "table" | "view" | "incremental" | "operation" | "assertion";

/** One runnable action of the graph, whatever its type. */
export type GraphAction =
  | { kind: "table" | "view" | "incremental"; name: string; definition: Table }
  | { kind: "operation"; name: string; definition: Operation }
  | { kind: "assertion"; name: string; definition: Assertion };

/** Every action of the graph (declarations and unit tests are not actions), in the graph's order. */
export function graphActions(graph: CompiledGraph): GraphAction[] {
  const tables = (graph.tables ?? []).map((definition): GraphAction => ({
    kind: tableKind(definition),
    name: targetName(definition.target),
    definition,
  }));
  const operations = (graph.operations ?? []).map((definition): GraphAction => ({
    kind: "operation",
    name: targetName(definition.target),
    definition,
  }));
  const assertions = (graph.assertions ?? []).map((definition): GraphAction => ({
    kind: "assertion",
    name: targetName(definition.target),
    definition,
  }));
  return [...tables, ...operations, ...assertions];
}

function tableKind(table: Table): "table" | "view" | "incremental" {
  const type = table.enumType?.toLowerCase() ?? table.type;
  if (type === "table" || type === "view" || type === "incremental") return type;
  throw new UserError(`${table.fileName}: unsupported table type ${JSON.stringify(table.enumType ?? table.type)}`);
}

/**
 * Orders actions so each comes after the dependencies it has among them (Dataform emits file
 * order); among actions that are ready, the graph's own order is kept.
 */
export function dependencyOrder(actions: readonly GraphAction[]): GraphAction[] {
  const byName = new Map(actions.map((action) => [action.name, action]));
  const ordered: GraphAction[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (action: GraphAction, path: string[]): void => {
    const seen = state.get(action.name);
    if (seen === "done") return;
    if (seen === "visiting") throw new UserError(`circular dependency: ${[...path, action.name].join(" -> ")}`);
    state.set(action.name, "visiting");
    for (const dependency of dependencyNames(action)) {
      const upstream = byName.get(dependency);
      if (upstream) visit(upstream, [...path, action.name]);
    }
    state.set(action.name, "done");
    ordered.push(action);
  };
  for (const action of actions) visit(action, []);
  return ordered;
}

export function dependencyNames(action: GraphAction): string[] {
  return (action.definition.dependencyTargets ?? []).map((target: Target) => targetName(target));
}
