import type { KeyPath } from "./load.ts";
import type { DoraformConfig } from "./schema.ts";

/** A problem the schema cannot see, at the key whose value is wrong. */
export interface Problem {
  keys: KeyPath;
  message: string;
}

/**
 * The first problem across entries: a service or repository named twice, a repository that two
 * services share without path prefixes to tell them apart, a team no service uses, a service's team
 * missing from `teams:` (when it is given). Each is reported at its second or offending place.
 */
export function semanticProblem(config: DoraformConfig): Problem | undefined {
  return firstDuplicate(config.sources.github?.repositories ?? [], (index) => ["sources", "github", "repositories", index], "repository")
    ?? firstDuplicate(config.services.map((service) => service.name), (index) => ["services", index, "name"], "service")
    ?? sharedRepository(config)
    ?? firstDuplicate(config.teams.map((team) => team.name), (index) => ["teams", index, "name"], "team")
    ?? teamProblem(config);
}

function firstDuplicate(names: string[], keysOf: (index: number) => KeyPath, what: string): Problem | undefined {
  const seen = new Map<string, number>();
  for (const [index, name] of names.entries()) {
    const first = seen.get(name);
    if (first !== undefined) return { keys: keysOf(index), message: `${what} "${name}" is named twice (first at ${what === "repository" ? "repositories" : `${what}s`}[${first}])` };
    seen.set(name, index);
  }
  return undefined;
}

/** Two services of one repository are told apart by their path prefixes (a monorepo); without them the second is a copy. */
function sharedRepository(config: DoraformConfig): Problem | undefined {
  const owner = new Map<string, number>();
  for (const [index, service] of config.services.entries()) {
    const first = owner.get(service.repository);
    const whole = (i: number) => (config.services[i]!.path_prefixes ?? []).length === 0;
    if (first !== undefined && (whole(first) || whole(index))) {
      return {
        keys: ["services", index, "repository"],
        message: `repository "${service.repository}" is named twice (also services[${first}] "${config.services[first]!.name}"): services sharing a repository each need path_prefixes`,
      };
    }
    if (first === undefined) owner.set(service.repository, index);
  }
  return undefined;
}

function teamProblem(config: DoraformConfig): Problem | undefined {
  if (config.teams.length === 0) return undefined;
  const listed = new Set(config.teams.map((team) => team.name));
  const unknown = config.services.findIndex((service) => !listed.has(service.team));
  if (unknown >= 0) return { keys: ["services", unknown, "team"], message: `team "${config.services[unknown]!.team}" is not in teams:` };
  const used = new Set(config.services.map((service) => service.team));
  const unused = config.teams.findIndex((team) => !used.has(team.name));
  if (unused >= 0) return { keys: ["teams", unused, "name"], message: `team "${config.teams[unused]!.name}" is used by no service` };
  return undefined;
}
