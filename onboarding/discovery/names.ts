/**
 * Matching a name people gave (a PagerDuty service "Payments API (prod)", a Jira component) to a
 * service name ("payments") by normalised tokens: lower case, split at anything not a letter or a
 * digit and at camelCase, environment words dropped. Generic words ("api", "service", "db") count
 * only when nothing more specific tells the candidates apart.
 */
const ENVIRONMENT_WORDS = new Set(["prod", "production", "prd", "live"]);
const GENERIC_WORDS = new Set(["api", "service", "svc", "app", "server", "backend", "public", "internal", "db", "database", "postgres", "mysql", "redis"]);

export function tokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((token) => token !== "" && !ENVIRONMENT_WORDS.has(token));
}

const specific = (words: string[]) => words.filter((word) => !GENERIC_WORDS.has(word));
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((word) => b.includes(word));

export type NameMatch<T> = { kind: "match"; candidate: T; exact: boolean } | { kind: "ambiguous"; candidates: T[] } | { kind: "none" };

/**
 * The candidate whose name best matches `name`: the same tokens, or the same specific tokens
 * ("Payments API" ~ "payments"), before a candidate whose every token the name holds ("Public API"
 * ~ "api"), the longest such first. Two equally good candidates: ambiguous.
 */
export function matchName<T>(name: string, candidates: T[], nameOf: (candidate: T) => string): NameMatch<T> {
  const words = tokens(name);
  if (words.length === 0) return { kind: "none" };
  const scored = candidates.map((candidate) => ({ candidate, score: score(words, tokens(nameOf(candidate))) })).filter((c) => c.score > 0);
  if (scored.length === 0) return { kind: "none" };
  const best = Math.max(...scored.map((c) => c.score));
  const top = scored.filter((c) => c.score === best).map((c) => c.candidate);
  return top.length === 1 ? { kind: "match", candidate: top[0]!, exact: best >= EXACT } : { kind: "ambiguous", candidates: top };
}

const EXACT = 1000;

function score(words: string[], candidate: string[]): number {
  if (candidate.length === 0) return 0;
  if (sameSet(words, candidate)) return EXACT + 1;
  const wordsSpecific = specific(words);
  if (wordsSpecific.length > 0 && sameSet(wordsSpecific, specific(candidate))) return EXACT;
  // every token of the candidate in the name: the more tokens, the surer
  return candidate.every((word) => words.includes(word)) ? candidate.length : 0;
}
