import { configError } from "./protocol/errors.ts";

/** Small readers for config objects: each failure names the source and the key. */
export class ConfigReader {
  constructor(readonly source: string, readonly raw: Record<string, unknown>) {}

  string(key: string, fallback?: string): string {
    const value = this.raw[key] ?? fallback;
    if (typeof value !== "string" || value === "") throw configError(`${this.source} config: "${key}" must be a non-empty string`);
    return value;
  }

  optionalString(key: string, fallback?: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null || value === "") return fallback;
    if (typeof value !== "string") throw configError(`${this.source} config: "${key}" must be a string`);
    return value;
  }

  strings(key: string): string[] {
    const value = this.raw[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
      throw configError(`${this.source} config: "${key}" must be a list of strings`);
    }
    return value as string[];
  }

  integer(key: string, fallback: number): number {
    const value = this.raw[key] ?? fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw configError(`${this.source} config: "${key}" must be a positive integer`);
    return value;
  }

  date(key: string, fallback: string): string {
    const value = this.string(key, fallback);
    if (Number.isNaN(Date.parse(value))) throw configError(`${this.source} config: "${key}" is not a date: ${value}`);
    return new Date(value).toISOString();
  }

  regex(key: string, fallback: string): RegExp {
    const value = this.string(key, fallback);
    try {
      return new RegExp(value);
    } catch {
      throw configError(`${this.source} config: "${key}" is not a regular expression: ${value}`);
    }
  }
}

export function asObject(source: string, raw: unknown): Record<string, unknown> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw configError(`${source} config: expected a JSON object`);
  return raw as Record<string, unknown>;
}

/** The default backfill start when none is given: 90 days before today. */
export function defaultStartDate(now = Date.now()): string {
  return new Date(now - 90 * 86_400_000).toISOString().slice(0, 10);
}
