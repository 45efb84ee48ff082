import * as fs from "node:fs";
import * as path from "node:path";
import { parseFiles, type LookmlModel, type LookmlView } from "lookml-parser";

export const LOOKER_ROOT = path.resolve(import.meta.dirname, "../../../looker");

/** Every .lkml and .lookml file of a LookML project folder, as lookml-parser's in-memory source. */
export function projectFiles(root = LOOKER_ROOT): Array<{ path: string; content: string }> {
  return fs
    .readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => /\.(lkml|lookml)$/.test(f))
    .sort()
    .map((f) => ({ path: f, content: fs.readFileSync(path.join(root, f), "utf8") }));
}

/** Parses a project (extends applied, `extension: required` views dropped, as Looker does). */
export async function parseProject(files: Array<{ path: string; content: string }>) {
  const quiet = { log() {}, warn() {}, error() {} };
  return parseFiles({ source: files, fileOutput: "by-name", transformations: { applyExtensionsRefinements: true, removeAbstract: true }, console: quiet });
}

/** The field names a view exposes: dimensions, measures, and each timeframe of its dimension groups. */
export function fieldsOf(view: LookmlView): Set<string> {
  const names = new Set<string>([...Object.keys(view.dimension ?? {}), ...Object.keys(view.measure ?? {})]);
  for (const [group, def] of Object.entries(view.dimension_group ?? {})) {
    for (const timeframe of def.timeframes ?? []) names.add(`${group}_${timeframe}`);
  }
  return names;
}

export function allFields(view: LookmlView) {
  return [
    ...Object.entries(view.dimension ?? {}).map(([name, def]) => ({ kind: "dimension", name, def })),
    ...Object.entries(view.dimension_group ?? {}).map(([name, def]) => ({ kind: "dimension_group", name, def })),
    ...Object.entries(view.measure ?? {}).map(([name, def]) => ({ kind: "measure", name, def })),
  ];
}

/** The `${…}` references in a SQL snippet. */
export function references(sql: string | undefined): string[] {
  return [...(sql ?? "").matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1].trim());
}

/** The explore's aliases mapped to the views they read. */
export function exploreAliases(model: LookmlModel, exploreName: string): Map<string, string> {
  const explore = model.explore?.[exploreName] ?? {};
  const aliases = new Map<string, string>([[exploreName, explore.from ?? explore.view_name ?? exploreName]]);
  for (const [alias, join] of Object.entries(explore.join ?? {})) aliases.set(alias, join.from ?? alias);
  return aliases;
}
