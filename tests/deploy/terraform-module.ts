import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { getReferencesInExpression, parse } from "@cdktf/hcl2json";

/** hcl2json's JSON for a module: every block type as `{ type: { name: [body] } }`, locals as a list. */
export interface ModuleJson {
  resource: Record<string, Record<string, Array<Record<string, unknown>>>>;
  data: Record<string, Record<string, Array<Record<string, unknown>>>>;
  variable: Record<string, Array<{ type?: string; description?: string; default?: unknown }>>;
  output: Record<string, Array<{ description?: string; value: unknown }>>;
  locals: Array<Record<string, unknown>>;
  module: Record<string, Array<Record<string, unknown>>>;
  terraform: Array<Record<string, unknown>>;
  provider: Record<string, unknown>;
}

/** Parses every .tf file of a directory (not its subdirectories) and merges them, as Terraform does. */
export async function readModule(directory: string): Promise<ModuleJson> {
  const merged: ModuleJson = { resource: {}, data: {}, variable: {}, output: {}, locals: [], module: {}, terraform: [], provider: {} };
  for (const file of readdirSync(directory).filter((f) => f.endsWith(".tf")).sort()) {
    const json = (await parse(file, readFileSync(join(directory, file), "utf8"))) as Partial<ModuleJson>;
    for (const [type, byName] of Object.entries(json.resource ?? {})) merged.resource[type] = { ...merged.resource[type], ...byName };
    for (const [type, byName] of Object.entries(json.data ?? {})) merged.data[type] = { ...merged.data[type], ...byName };
    Object.assign(merged.variable, json.variable, {});
    Object.assign(merged.output, json.output, {});
    Object.assign(merged.module, json.module, {});
    Object.assign(merged.provider, json.provider, {});
    merged.locals.push(...(json.locals ?? []));
    merged.terraform.push(...(json.terraform ?? []));
  }
  return merged;
}

export const localsOf = (module: ModuleJson): Record<string, unknown> => Object.assign({}, ...module.locals);

/** Every string in a JSON value, with the path to it. */
export function* strings(value: unknown, path = ""): Generator<{ path: string; text: string }> {
  if (typeof value === "string") yield { path, text: value };
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, `${path}[${i}]`);
  else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) yield* strings(item, path ? `${path}.${key}` : key);
}

/** The references (var.x, local.y, type.name.attr, data.type.name.attr, module.m.out) inside the interpolations of a string. */
export async function referencesIn(text: string): Promise<string[]> {
  if (!text.includes("${")) return [];
  const found = (await getReferencesInExpression("module.tf", text)) as Array<{ value: string }>;
  // index segments: this."dataform".email -> this.email (literal keys are checked separately), webhooks.0.uri -> webhooks.uri
  return found.map((r) => r.value.replace(/\."[^"]*"/g, "").replace(/\.\d+(?=\.|$)/g, ""));
}
