import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { didYouMean } from "../core/nearest-name.ts";
import type { ConnectorSpecification } from "./protocol/messages.ts";
import { configError } from "./protocol/errors.ts";

/** A calendar date written YYYY-MM-DD that exists (2026-02-30 does not). */
export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().slice(0, 10) === value;
}

const ajv = new Ajv({ allErrors: false, strict: true, verbose: true });
ajv.addKeyword("airbyte_secret");
ajv.addFormat("date", isIsoDate);
const validators = new WeakMap<ConnectorSpecification, ValidateFunction>();

/**
 * A source's config checked against its published spec (unknown keys and wrong types fail, naming the
 * key), with readers for its values: a config key wins over the environment variable that stands in for it.
 */
export class ConfigReader {
  readonly raw: Record<string, unknown>;

  constructor(readonly source: string, raw: unknown, spec: ConnectorSpecification, readonly env: NodeJS.ProcessEnv) {
    this.raw = asObject(source, raw);
    let validate = validators.get(spec);
    if (!validate) validators.set(spec, (validate = ajv.compile(spec.connectionSpecification)));
    if (!validate(this.raw)) throw configError(schemaMessage(source, validate.errors![0]!));
  }

  /** A value that must be given (the App's key and installation beside its id). */
  string(key: string): string {
    const value = this.optionalString(key);
    if (value === undefined) throw configError(`${this.source} config: "${key}" is required`);
    return value;
  }

  optionalString(key: string, fallback?: string): string | undefined {
    const value = this.raw[key] as string | undefined;
    return value === undefined || value === "" ? fallback : value;
  }

  strings(key: string): string[] {
    return (this.raw[key] as string[] | undefined) ?? [];
  }

  integer(key: string, fallback: number): number {
    return (this.raw[key] as number | undefined) ?? fallback;
  }

  /** The ISO timestamp of midnight UTC starting the date (the spec checked its form). */
  date(key: string, fallback: string): string {
    return new Date(this.optionalString(key, fallback)!).toISOString();
  }

  regex(key: string, fallback: string): RegExp {
    const value = this.optionalString(key, fallback)!;
    try {
      return new RegExp(value);
    } catch {
      throw configError(`${this.source} config: "${key}" is not a regular expression: ${value}`);
    }
  }

  /**
   * An http(s) URL from `key`, else the variable `envName`, else `fallback`. The value is not echoed in
   * errors: a URL may carry credentials.
   */
  url(key: string, envName: string, example: string, fallback?: string): string | undefined {
    const { value, name } = this.#keyOrEnv(key, envName);
    if (value === undefined) return fallback;
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (url?.protocol !== "http:" && url?.protocol !== "https:") throw configError(`${name} is not an http(s) URL like ${example}`);
    if (url.username || url.password) throw configError(`${name} must not hold a user or password: give the credentials in their own setting`);
    return value;
  }

  /** A token or id sent in a header: one printable word (a pasted newline or space is a mistake). */
  secret(key: string, envName: string): string | undefined {
    const { value, name } = this.#keyOrEnv(key, envName);
    if (value !== undefined && !/^[\x21-\x7e]+$/.test(value)) throw configError(`${name} holds a space, a line break or a character that cannot be sent in a header`);
    return value;
  }

  #keyOrEnv(key: string, envName: string): { value: string | undefined; name: string } {
    const own = this.optionalString(key);
    if (own !== undefined) return { value: own, name: `${this.source} config: "${key}"` };
    const fromEnv = this.env[envName];
    return { value: fromEnv === "" ? undefined : fromEnv, name: envName };
  }
}

/** One line for the first schema error: an unknown key with the nearest known one, else the key and the rule. */
function schemaMessage(source: string, error: ErrorObject): string {
  const at = error.instancePath.slice(1);
  if (error.keyword === "additionalProperties") {
    const key = error.params.additionalProperty as string;
    const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
    return `${source} config: unknown key "${at ? `${at}/` : ""}${key}"${didYouMean(key, known)}`;
  }
  if (error.keyword === "required") return `${source} config: "${at}" needs "${error.params.missingProperty}"`;
  if (error.keyword === "format") return `${source} config: "${at}" must be a date like 2026-02-28, got ${JSON.stringify(error.data)}`;
  return `${source} config: "${at}" ${RULES[error.keyword]?.(error.params) ?? error.message}`;
}

const TYPES: Record<string, string> = { string: "a string", integer: "a whole number", array: "a list", object: "a mapping" };
const RULES: Record<string, (params: Record<string, unknown>) => string> = {
  type: (params) => `must be ${TYPES[params.type as string] ?? params.type}`,
  minimum: (params) => `must be at least ${params.limit}`,
  maximum: (params) => `must be at most ${params.limit}`,
};

/** The config object, keys set to null (a YAML key without a value) read as not set. */
function asObject(source: string, raw: unknown): Record<string, unknown> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw configError(`${source} config: expected a JSON object`);
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== null));
}

/** The default backfill start when none is given: 90 days before today. */
export function defaultStartDate(now = Date.now()): string {
  return new Date(now - 90 * 86_400_000).toISOString().slice(0, 10);
}
