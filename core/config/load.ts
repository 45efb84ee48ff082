import * as fs from "node:fs";
import * as path from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { UserError } from "../errors.ts";
import { didYouMean } from "../nearest-name.ts";
import { CONFIG_SCHEMA, type DoraformConfig } from "./schema.ts";
import { semanticProblem } from "./rules.ts";

/** The repository: doraform.yaml sits beside workflow_settings.yaml. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
export const CONFIG_FILE_NAME = "doraform.yaml";

/** A step of a key path: a mapping key or a list index. */
export type KeyPath = Array<string | number>;

/** doraform.yaml as read: the values, and where each one is written (for errors found later, like a target's metric). */
export interface LoadedConfig {
  /** The file read; undefined when there is none (then the catalog is empty and the defaults apply). */
  file: string | undefined;
  config: DoraformConfig;
  /** "doraform.yaml:LINE:COL: key.path" of a value, to start a one-line error with. */
  where(keys: KeyPath): string;
}

/** doraform.yaml of a project: `DORAFORM_CONFIG` when set (a file elsewhere), else the one at the project's root. */
export function configPath(env: NodeJS.ProcessEnv = process.env, root = PROJECT_ROOT): string {
  return env.DORAFORM_CONFIG ? path.resolve(env.DORAFORM_CONFIG) : path.join(root, CONFIG_FILE_NAME);
}

/** Reads and checks doraform.yaml; a missing default file is an empty configuration, a missing DORAFORM_CONFIG one an error. */
export function loadConfig(file = configPath(), env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    if (missing && !env.DORAFORM_CONFIG) return noConfig();
    throw new UserError(`${displayName(file)}: cannot be read${missing ? " (DORAFORM_CONFIG names a file that does not exist)" : ""}`);
  }
  return { ...parseConfig(text, displayName(file)), file };
}

/** Checks the text of a doraform.yaml: the first problem throws one line, `LABEL:LINE:COL: key.path: problem`. */
export function parseConfig(text: string, label = CONFIG_FILE_NAME): LoadedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `${label}:${line}:${col}`;
  };
  const syntax = doc.errors[0];
  if (syntax) throw new UserError(`${at(syntax.pos[0])}: ${syntax.message.split("\n")[0]}`);
  const where = (keys: KeyPath, onKey = false) => `${at(offsetOf(doc, keys, onKey))}: ${keyPath(keys)}`;
  const raw = withoutEmptySections(doc.toJS() ?? {});
  if (!validate(raw)) throw new UserError(`${schemaProblem(validate.errors![0]!, where)}`);
  const config = { ...emptyConfig(), ...(raw as Partial<DoraformConfig>) };
  const problem = semanticProblem(config);
  if (problem) throw new UserError(`${where(problem.keys)}: ${problem.message}`);
  return { file: undefined, config, where: (keys) => where(keys) };
}

/** No doraform.yaml: an empty catalog, the defaults (and what the demo runs with: its catalog comes as Dataform vars). */
export function noConfig(): LoadedConfig {
  return { file: undefined, config: emptyConfig(), where: (keys) => keyPath(keys) };
}

export function emptyConfig(): DoraformConfig {
  return { sources: {}, services: [], teams: [], settings: {}, targets: [], overrides: {} };
}

/** `services[1].team` */
export function keyPath(keys: KeyPath): string {
  return keys.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`)).join("") || "(the file)";
}

function displayName(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true, verbose: true });
ajv.addKeyword({ keyword: "envName", schemaType: "boolean" });
ajv.addFormat("regex", (value: string) => compileError(value) === undefined);
ajv.addFormat("date", (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().slice(0, 10) === value);
ajv.addFormat("http-url", (value: string) => URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol) && !new URL(value).username && !new URL(value).password);
const validate = ajv.compile(CONFIG_SCHEMA);

function compileError(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A section written with nothing under it (`services:`) is the section left empty, not a null of the wrong type. */
function withoutEmptySections(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return raw;
  const top = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== null));
  const sources = top.sources;
  if (typeof sources === "object" && sources !== null && !Array.isArray(sources)) {
    top.sources = Object.fromEntries(Object.entries(sources).map(([name, value]) => [name, value ?? {}]));
  }
  return top;
}

const TYPE_NAMES: Record<string, string> = { array: "a list", object: "a mapping", string: "a string", integer: "a whole number", number: "a number", boolean: "true or false", null: "empty" };

/** One line for ajv's first error, placed at the value (an unknown key: at the key). */
function schemaProblem(error: ErrorObject, where: (keys: KeyPath, onKey?: boolean) => string): string {
  const keys: KeyPath = error.instancePath
    .split("/")
    .slice(1)
    .map((step) => step.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((step) => (/^\d+$/.test(step) ? Number(step) : step));
  switch (error.keyword) {
    case "additionalProperties": {
      const key = error.params.additionalProperty as string;
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? propertiesAt(keys));
      // a secret pasted under its own name: say where it goes instead
      const hint = known.includes(`${key}_env`)
        ? `: name the environment variable holding it with ${key}_env (doraform.yaml is committed and holds no secret)`
        : didYouMean(key, known);
      return `${where([...keys, key], true)}: unknown key${hint}`;
    }
    case "required":
      return `${where(keys)}: needs "${error.params.missingProperty}"`;
    case "type": {
      const types = ([] as string[]).concat(error.params.type as string | string[]);
      return `${where(keys)}: must be ${types.map((type) => TYPE_NAMES[type] ?? type).join(" or ")}`;
    }
    case "format":
      return `${where(keys)}: ${formatProblem(error.params.format as string, error.data)}`;
    case "pattern":
      return `${where(keys)}: ${patternProblem(keys)}`;
    case "enum":
      return `${where(keys)}: must be one of ${(error.params.allowedValues as unknown[]).join(", ")}`;
    default:
      return `${where(keys)}: ${error.message}`;
  }
}

function propertiesAt(keys: KeyPath): object {
  let schema = CONFIG_SCHEMA as { properties?: Record<string, unknown>; items?: unknown };
  for (const key of keys) schema = (typeof key === "number" ? schema.items : schema.properties?.[key]) as typeof schema;
  return schema?.properties ?? {};
}

function formatProblem(format: string, value: unknown): string {
  if (format === "regex") return `is not a regular expression: ${compileError(String(value))}`;
  if (format === "date") return "must be a date like 2026-02-28";
  // the value is not echoed: a URL may carry credentials
  return "must be an http(s) URL without a user or password, like https://api.github.com";
}

function patternProblem(keys: KeyPath): string {
  const last = String(keys.filter((key) => typeof key === "string").at(-1));
  if (last.endsWith("_env")) return "must name an environment variable, like GITHUB_TOKEN (doraform.yaml holds no secret)";
  if (last === "repository" || last === "repositories") return "must be a repository written owner/name";
  return "must be a Jira field id like customfield_10050";
}

/** Where the value at `keys` is written (with `onKey`, its key); the nearest enclosing node when it is absent. */
function offsetOf(doc: Document, keys: KeyPath, onKey: boolean): number {
  let node: Node | null | undefined = doc.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const [i, key] of keys.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      if (!pair) break;
      const keyNode = pair.key as Node;
      const value = pair.value as Node | null;
      if (onKey && i === keys.length - 1) return keyNode.range?.[0] ?? offset;
      offset = value?.range?.[0] ?? keyNode.range?.[0] ?? offset;
      node = value;
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}
