/**
 * What no metric needs and the raw layer must not keep (docs/metrics.md, Services: nothing is measured per person): email addresses
 * anywhere, the names of commit authors and committers (kept: their login), and the names in
 * PagerDuty user references (kept: their id). The extractors drop the same before landing.
 */
const COMMIT_PEOPLE = new Set(["author", "committer"]);
const COMMIT_PERSON_KEEP = new Set(["username", "login", "date"]);

export function withoutPersonalData(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutPersonalData(item, key));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>);
  // a commit's author/committer is {name, email, username|login, date}; a GitHub user object has no name
  if (key !== undefined && COMMIT_PEOPLE.has(key) && entries.some(([k]) => k === "email")) {
    return Object.fromEntries(entries.filter(([k]) => COMMIT_PERSON_KEEP.has(k)));
  }
  const isUserReference = typeof (value as { type?: unknown }).type === "string" && /user_reference$/.test((value as { type: string }).type);
  return Object.fromEntries(
    entries.filter(([k]) => k !== "email" && !(isUserReference && k === "summary")).map(([k, v]) => [k, withoutPersonalData(v, k)]),
  );
}
