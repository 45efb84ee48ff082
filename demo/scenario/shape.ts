/**
 * Tiny structural checks for scenario files: each names the path of the first bad field.
 * (Unknown keys are allowed, so optional fields added to the model later do not break old readers.)
 */
export class ShapeError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

export type Check = (value: unknown, path: string) => void;

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return typeof value === "object" ? "an object" : String(value);
}

function expect(ok: boolean, path: string, what: string, value: unknown): void {
  if (!ok) throw new ShapeError(path, `expected ${what}, got ${describe(value)}`);
}

export const string: Check = (value, path) => expect(typeof value === "string", path, "a string", value);
export const boolean: Check = (value, path) => expect(typeof value === "boolean", path, "true or false", value);
export const integer: Check = (value, path) => expect(Number.isSafeInteger(value), path, "a whole number", value);
export const number: Check = (value, path) => expect(typeof value === "number" && Number.isFinite(value), path, "a number", value);
export const time: Check = (value, path) =>
  expect(typeof value === "string" && TIME.test(value) && !Number.isNaN(Date.parse(value)), path, 'a UTC time like "2026-03-02T10:15:00Z"', value);
export const date: Check = (value, path) =>
  expect(typeof value === "string" && DATE.test(value) && !Number.isNaN(Date.parse(value)), path, 'a date like "2026-03-02"', value);
export const dateOrTime: Check = (value, path) =>
  expect(typeof value === "string" && (DATE.test(value) || TIME.test(value)) && !Number.isNaN(Date.parse(value)), path, "a date or a UTC time", value);

export function oneOf(...allowed: readonly string[]): Check {
  return (value, path) => expect(typeof value === "string" && allowed.includes(value), path, `one of ${allowed.join(", ")}`, value);
}

export function nullable(check: Check): Check {
  return (value, path) => {
    if (value !== null) check(value, path);
  };
}

export function list(item: Check): Check {
  return (value, path) => {
    expect(Array.isArray(value), path, "a list", value);
    (value as unknown[]).forEach((element, i) => item(element, `${path}[${i}]`));
  };
}

/** Values of any key (custom fields, custom details). */
export function record(item: Check): Check {
  return (value, path) => {
    expect(typeof value === "object" && value !== null && !Array.isArray(value), path, "an object", value);
    for (const [key, element] of Object.entries(value as object)) item(element, `${path}.${key}`);
  };
}

export const anything: Check = () => {};

/** An object with required keys, and optional ones (marked by `optional`). */
export function object(fields: Record<string, Check | Optional>): Check {
  return (value, path) => {
    expect(typeof value === "object" && value !== null && !Array.isArray(value), path, "an object", value);
    const fieldsOf = value as Record<string, unknown>;
    for (const [key, check] of Object.entries(fields)) {
      const at = path === "" ? key : `${path}.${key}`;
      if (!(key in fieldsOf) || fieldsOf[key] === undefined) {
        if (check instanceof Optional) continue;
        throw new ShapeError(at, "missing");
      }
      (check instanceof Optional ? check.check : check)(fieldsOf[key], at);
    }
  };
}

export class Optional {
  constructor(readonly check: Check) {}
}

export function optional(check: Check): Optional {
  return new Optional(check);
}
