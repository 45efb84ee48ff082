/**
 * Dataform unit tests (`type: "test"`) on DuckDB, with the comparison rules of the official CLI
 * (cli/api/commands/test.ts): equal row counts, the same column names ignoring case and order,
 * rows compared by position, null against non-null and differing JS types fail, objects compared
 * as JSON. One difference, on purpose: numbers are normalised, since DuckDB types a literal `2` as
 * INTEGER and `count(*)` as BIGINT, `12.34` as DECIMAL and `round(x, 2)` as DOUBLE, where BigQuery
 * would hand back equal values.
 */
import type { Warehouse } from "../core/duckdb.ts";
import { readRows, type Row } from "./rows.ts";

export interface UnitTestOutcome {
  successful: boolean;
  messages: string[];
}

export async function runUnitTest(warehouse: Warehouse, testQuery: string, expectedQuery: string): Promise<UnitTestOutcome> {
  let actual: Row[];
  let expected: Row[];
  try {
    actual = await readRows(warehouse, testQuery);
    expected = await readRows(warehouse, expectedQuery);
  } catch (error) {
    return { successful: false, messages: [`Error thrown: ${error instanceof Error ? error.message : String(error)}.`] };
  }
  return compareRows(actual, expected);
}

export function compareRows(actual: readonly Row[], expected: readonly Row[]): UnitTestOutcome {
  if (actual.length !== expected.length) {
    return { successful: false, messages: [`Expected ${expected.length} rows, but saw ${actual.length} rows.`] };
  }
  if (actual.length === 0) return { successful: true, messages: [] };
  const actualColumns = Object.keys(actual[0]);
  const expectedColumns = Object.keys(expected[0]);
  const columnsDiffer =
    actualColumns.length !== expectedColumns.length ||
    expectedColumns.some((column) => !actualColumns.some((other) => other.toUpperCase() === column.toUpperCase()));
  if (columnsDiffer) {
    return { successful: false, messages: [`Expected columns "${expectedColumns}", but saw "${actualColumns}".`] };
  }
  const messages: string[] = [];
  for (let i = 0; i < actual.length; i++) {
    const actualRow = upperCaseKeys(actual[i]);
    const expectedRow = upperCaseKeys(expected[i]);
    for (const column of actualColumns) {
      const expectedValue = expectedRow[column.toUpperCase()];
      const actualValue = actualRow[column.toUpperCase()];
      // as in Dataform, a null or type mismatch ends the row's checks
      if (expectedValue === null && actualValue !== null) {
        messages.push(`For row ${i} and column "${column}": expected null, but saw "${String(actualValue)}".`);
        break;
      }
      if (expectedValue !== null && actualValue === null) {
        messages.push(`For row ${i} and column "${column}": expected "${String(expectedValue)}", but saw null.`);
        break;
      }
      if (typeof expectedValue !== typeof actualValue) {
        messages.push(
          `For row ${i} and column "${column}": expected type "${typeof expectedValue}", but saw type "${typeof actualValue}".`,
        );
        break;
      }
      const comparableExpected = typeof expectedValue === "object" ? JSON.stringify(expectedValue) : expectedValue;
      const comparableActual = typeof actualValue === "object" ? JSON.stringify(actualValue) : actualValue;
      if (comparableExpected !== comparableActual) {
        messages.push(
          `For row ${i} and column "${column}": expected "${String(comparableExpected)}", but saw "${String(comparableActual)}".`,
        );
      }
    }
  }
  return { successful: messages.length === 0, messages };
}

function upperCaseKeys(row: Row): Row {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key.toUpperCase(), value]));
}
