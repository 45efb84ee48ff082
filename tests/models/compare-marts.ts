/**
 * Compares the marts in the embedded warehouse with the oracle's expected rows (demo/oracle):
 * counts and text exactly, timestamps to the second, fractions to 1e-9. Every difference names
 * the table, the row's key and the column. Reused by every end-to-end path (raw landed directly,
 * or through the extractors against the demo server).
 */
import type { ExpectedMarts } from "../../demo/oracle/index.ts";
import type { Warehouse } from "../../core/duckdb.ts";

/** Key columns per mart: how a row is named in a difference. */
export const MART_KEYS: Record<keyof ExpectedMarts, string[]> = {
  deployments: ["deployment_id"],
  changes: ["change_id"],
  incidents: ["incident_id"],
  service_weekly: ["service", "week_start"],
  team_weekly: ["team", "week_start"],
  org_weekly: ["week_start"],
  service_quarterly: ["service", "quarter_start"],
  team_quarterly: ["team", "quarter_start"],
  org_quarterly: ["quarter_start"],
  summary: ["scope", "name", "window_weeks"],
  review_windows: ["scope", "name", "window_weeks"],
  report_settings: ["as_of"],
  benchmarks: ["report_year", "metric", "level"],
  data_quality: ["check_name"],
};

const TOLERANCE = 1e-9;

/** A warehouse value in the oracle's form: ISO timestamps "…Z", dates, numbers (BIGINT text to number). */
function normalise(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const timestamp = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:\+00(?::00)?|Z)$/.exec(value);
  if (timestamp) return `${timestamp[1]}T${timestamp[2]}Z`;
  if (/^-?\d+$/.test(value) && value.length < 16) return Number(value);
  return value;
}

function same(actual: unknown, expected: unknown): boolean {
  if (typeof actual === "number" && typeof expected === "number") {
    return Math.abs(actual - expected) <= TOLERANCE * Math.max(1, Math.abs(expected));
  }
  return actual === expected;
}

export async function martDifferences(
  warehouse: Warehouse,
  expected: ExpectedMarts,
  options: { dataset?: string; ignoreChecks?: (checkName: string) => boolean } = {},
): Promise<string[]> {
  const dataset = options.dataset ?? "dora";
  const ignore = options.ignoreChecks ?? ((name: string) => name.startsWith("freshness:"));
  const differences: string[] = [];
  for (const table of Object.keys(MART_KEYS) as Array<keyof ExpectedMarts>) {
    let actualRows = await warehouse.all<Record<string, unknown>>(`select * from ${dataset}.${table}`);
    if (table === "data_quality") actualRows = actualRows.filter((row) => !ignore(String(row.check_name)));
    differences.push(...rowDifferences(table, MART_KEYS[table], actualRows, expected[table]));
  }
  return differences;
}

/** The differences between warehouse rows and expected rows matched on `keys`, each naming `label`, the key and the column. */
export function rowDifferences(
  label: string,
  keys: readonly string[],
  actualRows: ReadonlyArray<Record<string, unknown>>,
  expectedRows: readonly object[],
): string[] {
  const differences: string[] = [];
  const keyOf = (row: Record<string, unknown>) => keys.map((k) => `${k}=${String(normalise(row[k]))}`).join(", ");
  const actual = new Map(
    actualRows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, normalise(v)]))).map((row) => [keyOf(row), row]),
  );
  const wanted = new Map(expectedRows.map((row) => [keyOf(row as Record<string, unknown>), row as Record<string, unknown>]));
  for (const [key, row] of wanted) {
    const got = actual.get(key);
    if (!got) {
      differences.push(`${label} [${key}]: missing`);
      continue;
    }
    for (const [column, value] of Object.entries(row)) {
      if (!(column in got)) differences.push(`${label} [${key}] ${column}: no such column`);
      else if (!same(got[column], value)) {
        differences.push(`${label} [${key}] ${column}: expected ${JSON.stringify(value)}, got ${JSON.stringify(got[column])}`);
      }
    }
  }
  for (const key of actual.keys()) if (!wanted.has(key)) differences.push(`${label} [${key}]: unexpected row`);
  return differences;
}
