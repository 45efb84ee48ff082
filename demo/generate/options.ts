/** The generator's knobs: everything else about the organisation follows from them. */
export interface GenerateOptions {
  /** Same seed and knobs, same bytes. Default 1. */
  seed?: number;
  /** Number of services (several may share a monorepo). Default 12. */
  services?: number;
  /** Weeks of history before `asOf`. Default 52. */
  weeks?: number;
  /** Mean deploys per working day of an average service (services vary around it). Default 0.45. */
  deploysPerDay?: number;
  /** Mean incidents per week of an average service. Default 0.3. */
  incidentsPerWeek?: number;
  /** The organisation's clock (docs/metrics.md, Conventions: as_of): nothing happens after it (a date: after its end). Default "2026-11-25". */
  asOf?: string;
  /** GitHub organisation login. Default "acme". */
  owner?: string;
  /**
   * "some": one or two teams track incidents in Jira only, other incidents are sometimes mirrored in
   * Jira (cross-reference field), and Bugs and Tasks that are not incidents fill the project. Default "none".
   */
  jira?: "none" | "some";
}

export type ResolvedOptions = Required<GenerateOptions>;

export const DEFAULT_OPTIONS: ResolvedOptions = {
  seed: 1,
  services: 12,
  weeks: 52,
  deploysPerDay: 0.45,
  incidentsPerWeek: 0.3,
  asOf: "2026-11-25",
  owner: "acme",
  jira: "none",
};

/** Named sizes: a unit-test case, the default demo, and the benchmark organisation. */
export const SIZES = {
  tiny: { services: 3, weeks: 6, deploysPerDay: 1, incidentsPerWeek: 1 },
  default: {},
  large: { services: 1000, weeks: 156 },
} satisfies Record<string, GenerateOptions>;

export function resolveOptions(options: GenerateOptions = {}): ResolvedOptions {
  const resolved = { ...DEFAULT_OPTIONS, ...withoutUndefined(options) };
  wholeNumber("seed", resolved.seed, 0);
  wholeNumber("services", resolved.services, 1);
  wholeNumber("weeks", resolved.weeks, 1);
  nonNegative("deploysPerDay", resolved.deploysPerDay);
  nonNegative("incidentsPerWeek", resolved.incidentsPerWeek);
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/.test(resolved.asOf) || Number.isNaN(Date.parse(resolved.asOf))) {
    throw new RangeError(`generator option asOf: expected a date like 2026-11-25, got "${resolved.asOf}"`);
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(resolved.owner)) {
    throw new RangeError(`generator option owner: expected a GitHub login, got "${resolved.owner}"`);
  }
  if (resolved.jira !== "none" && resolved.jira !== "some") {
    throw new RangeError(`generator option jira: expected "none" or "some", got "${String(resolved.jira)}"`);
  }
  return resolved;
}

function withoutUndefined(options: GenerateOptions): GenerateOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function wholeNumber(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`generator option ${name}: expected a whole number of at least ${min}, got ${value}`);
  }
}

function nonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`generator option ${name}: expected a number of at least 0, got ${value}`);
  }
}
