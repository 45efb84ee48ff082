import type { LookmlModel } from "lookml-parser";
import { allFields, exploreAliases, fieldsOf, references } from "./lookml-project.ts";

/** mart name → its columns. */
export type Contract = Map<string, Set<string>>;

const TABLE_NAME = /^`@\{dora_project\}\.@\{dora_dataset\}\.([a-z0-9_]+)`$/;

/** Every view reads a mart of the contract, and every `${TABLE}.column` is one of its columns. */
export function tableProblems(model: LookmlModel, contract: Contract): string[] {
  const problems: string[] = [];
  for (const [viewName, view] of Object.entries(model.view ?? {})) {
    const match = TABLE_NAME.exec((view.sql_table_name ?? "").trim());
    const columns = match ? contract.get(match[1]) : undefined;
    if (!match || !columns) {
      problems.push(`${viewName}: sql_table_name ${String(view.sql_table_name).trim()} is not a mart of dataset dora`);
      continue;
    }
    for (const { name, def } of allFields(view)) {
      for (const m of (def.sql ?? "").matchAll(/\$\{TABLE\}\.([A-Za-z0-9_]+)/g)) {
        if (!columns.has(m[1])) problems.push(`${viewName}.${name}: column ${m[1]} not in dora.${match[1]}`);
      }
    }
  }
  return problems;
}

/** Every `${field}` and measure filter inside a view resolves in that view; one primary key each. */
export function fieldProblems(model: LookmlModel): string[] {
  const problems: string[] = [];
  for (const [viewName, view] of Object.entries(model.view ?? {})) {
    const fields = fieldsOf(view);
    const keys = allFields(view).filter((f) => f.def.primary_key === true);
    if (keys.length !== 1) problems.push(`${viewName}: ${keys.length} primary keys`);
    for (const { name, def } of allFields(view)) {
      for (const ref of references(def.sql)) {
        if (ref !== "TABLE" && !fields.has(ref)) problems.push(`${viewName}.${name}: unknown field \${${ref}}`);
      }
      for (const key of Object.keys(def.filters ?? {}).filter((k) => !k.startsWith("$"))) {
        if (!fields.has(key)) problems.push(`${viewName}.${name}: filter on unknown field ${key}`);
      }
    }
  }
  return problems;
}

const MEASURE_TYPES = new Set(["count", "count_distinct", "sum", "average", "median", "percentile", "number", "min", "max"]);

/** Measures: known types, a description each, percentiles with a percentile, number measures built on measures. */
export function measureProblems(model: LookmlModel): string[] {
  const problems: string[] = [];
  for (const [viewName, view] of Object.entries(model.view ?? {})) {
    const measures = new Set(Object.keys(view.measure ?? {}));
    for (const [name, def] of Object.entries(view.measure ?? {})) {
      if (!MEASURE_TYPES.has(String(def.type))) problems.push(`${viewName}.${name}: measure type ${def.type}`);
      if (!def.description) problems.push(`${viewName}.${name}: no description`);
      if (def.type === "percentile" && !(Number(def.percentile) > 0 && Number(def.percentile) < 100)) problems.push(`${viewName}.${name}: no percentile`);
      // a negative duration is left out of its statistic (docs/metrics.md decision 64)
      const durations = references(def.sql).filter((r) => r.endsWith("_seconds"));
      if (["median", "percentile", "average"].includes(String(def.type)) && durations.some((d) => filterOf(def.filters, d) !== ">=0")) {
        problems.push(`${viewName}.${name}: a duration statistic without filters: [${durations[0]}: ">=0"]`);
      }
      if (def.type === "number" && !references(def.sql).every((r) => measures.has(r))) {
        problems.push(`${viewName}.${name}: a number measure over something other than measures`);
      }
    }
  }
  return problems;
}

/** The value a measure's `filters: [field: "value", …]` gives a field, however the parser shaped the list. */
function filterOf(filters: unknown, field: string): string | undefined {
  const entries = Array.isArray(filters) ? filters.flatMap((f) => Object.entries(f as object)) : Object.entries((filters ?? {}) as object);
  const hit = entries.find(([key]) => key === field);
  return hit === undefined ? undefined : String(hit[1]);
}

/** Explores: their views exist, every join names a view, has a relationship, and its sql_on resolves. */
export function exploreProblems(model: LookmlModel): string[] {
  const problems: string[] = [];
  const labels = new Set<string>();
  for (const [exploreName, explore] of Object.entries(model.explore ?? {})) {
    const aliases = exploreAliases(model, exploreName);
    for (const [alias, viewName] of aliases) {
      if (!model.view?.[viewName]) problems.push(`explore ${exploreName}: ${alias} reads unknown view ${viewName}`);
    }
    if (!explore.label || explore.label.length > 25 || labels.has(explore.label)) {
      problems.push(`explore ${exploreName}: label missing, longer than 25 characters or not unique`);
    }
    labels.add(explore.label ?? "");
    for (const [alias, join] of Object.entries(explore.join ?? {})) {
      if (!["one_to_one", "many_to_one", "one_to_many", "many_to_many"].includes(String(join.relationship))) {
        problems.push(`explore ${exploreName}: join ${alias} has no relationship`);
      }
      const refs = references(join.sql_on);
      if (refs.length === 0) problems.push(`explore ${exploreName}: join ${alias} has no sql_on`);
      for (const ref of refs) {
        const problem = resolveField(model, aliases, ref);
        if (problem) problems.push(`explore ${exploreName}: join ${alias}: ${problem}`);
      }
    }
  }
  return problems;
}

/** Dashboards: each element's explore exists and its fields, sorts and listeners resolve; so do filters. */
export function dashboardProblems(model: LookmlModel, modelName: string): string[] {
  const problems: string[] = [];
  for (const [dashboardName, documents] of Object.entries(model.dashboard ?? {})) {
    for (const dashboard of documents) {
      const filters = (dashboard.filters ?? []) as Array<Record<string, string>>;
      const elements = (dashboard.elements ?? []) as Array<Record<string, unknown>>;
      if (elements.length === 0) problems.push(`${dashboardName}: no elements`);
      for (const filter of filters.filter((f) => f.type === "field_filter")) {
        problems.push(...elementFieldProblems(model, modelName, `${dashboardName} filter ${filter.name}`, filter.model, filter.explore, [filter.field]));
      }
      for (const element of elements) {
        const listen = (element.listen ?? {}) as Record<string, string>;
        for (const filterName of Object.keys(listen)) {
          if (!filters.some((f) => f.name === filterName)) problems.push(`${dashboardName}/${element.name}: listens to unknown filter ${filterName}`);
        }
        const selected = [...((element.fields ?? []) as string[]), ...((element.pivots ?? []) as string[])];
        const sorts = ((element.sorts ?? []) as string[]).map((s) => s.replace(/\s+(asc|desc)$/, ""));
        // Looker sorts a query only by the fields it selects
        for (const sort of sorts.filter((s) => !selected.includes(s))) {
          problems.push(`${dashboardName}/${element.name}: sorts by ${sort}, which it does not select`);
        }
        const fields = [...selected, ...sorts, ...Object.keys((element.filters ?? {}) as object), ...Object.values(listen)];
        problems.push(
          ...elementFieldProblems(model, modelName, `${dashboardName}/${element.name}`, String(element.model), String(element.explore), fields),
        );
      }
    }
  }
  return problems;
}

/**
 * Drills: each view's drill_fields, its fields' drill_fields and its sets name fields (or sets, `name*`)
 * of the view; each link to an explore (`/explore/model/explore?fields=…&f[field]=…`) names fields
 * and sets of that explore, and its Liquid `{{ field._value }}` fields of the view.
 */
export function drillProblems(model: LookmlModel, modelName: string): string[] {
  const problems: string[] = [];
  for (const [viewName, view] of Object.entries(model.view ?? {})) {
    const local = (entry: string) => resolveField(model, new Map([[viewName, viewName]]), `${viewName}.${entry}`);
    const lists: Array<[string, unknown]> = [
      [`${viewName} drill_fields`, view.drill_fields],
      ...Object.entries((view.set ?? {}) as Record<string, { fields?: string[] }>).map(([name, set]): [string, unknown] => [`${viewName} set ${name}`, set.fields]),
      ...allFields(view).map(({ name, def }): [string, unknown] => [`${viewName}.${name} drill_fields`, def.drill_fields]),
    ];
    for (const [where, list] of lists) {
      for (const entry of (list ?? []) as string[]) {
        const problem = local(entry);
        if (problem) problems.push(`${where}: ${problem}`);
      }
    }
    for (const { name, def } of allFields(view)) {
      const links = [def.link ?? []].flat() as Array<{ url?: string }>;
      for (const url of links.map((l) => String(l.url ?? ""))) {
        const where = `${viewName}.${name} link`;
        for (const m of url.matchAll(/\{\{\s*([a-z0-9_]+)\._(?:value|rendered_value)/g)) {
          const problem = local(m[1]);
          if (problem) problems.push(`${where}: ${problem}`);
        }
        const target = /^\/explore\/([a-z0-9_]+)\/([a-z0-9_]+)\?(.*)$/.exec(url);
        if (!target) continue;
        const query = new URLSearchParams(target[3].replace(/\{\{[^}]*\}\}/g, "x"));
        const fields = [...(query.get("fields") ?? "").split(",").filter((f) => f !== ""), ...[...query.keys()].flatMap((k) => /^f\[(.+)\]$/.exec(k)?.[1] ?? [])];
        problems.push(...elementFieldProblems(model, modelName, where, target[1], target[2], fields));
      }
    }
  }
  return problems;
}

function elementFieldProblems(model: LookmlModel, modelName: string, where: string, elementModel: string, explore: string, fields: string[]): string[] {
  if (elementModel !== modelName) return [`${where}: unknown model ${elementModel}`];
  if (!model.explore?.[explore]) return [`${where}: unknown explore ${explore}`];
  const aliases = exploreAliases(model, explore);
  return fields.map((f) => resolveField(model, aliases, f)).filter((p): p is string => p !== null).map((p) => `${where}: ${p}`);
}

/** A field `alias.name`, or a set `alias.name*`, of the explore's views. */
function resolveField(model: LookmlModel, aliases: Map<string, string>, ref: string): string | null {
  const [alias, field] = ref.split(".");
  const viewName = aliases.get(alias);
  const view = viewName ? model.view?.[viewName] : undefined;
  if (field?.endsWith("*")) return view && (view.set as Record<string, unknown> | undefined)?.[field.slice(0, -1)] ? null : `unknown set ${ref}`;
  if (!view || !field || !fieldsOf(view).has(field)) return `unknown field ${ref}`;
  return null;
}
