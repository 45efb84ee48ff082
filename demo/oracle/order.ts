/** Text order as SQL compares ASCII keys (code unit by code unit), for ids and names. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts rows by one text key. */
export function sortByText<T>(rows: T[], key: (row: T) => string): T[] {
  return rows.sort((a, b) => compareText(key(a), key(b)));
}
