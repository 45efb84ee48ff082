import type { RepositoryFile, TeamAccess, TeamPermission } from "../model/organisation.ts";
import type { PlannedRepository, PlannedService } from "./catalog.ts";
import { Random } from "./random.ts";

/**
 * How a repository presents itself beyond its history, made as untidy as real organisations are so
 * catalog discovery has work to do: deploy workflows not all called deploy*, PagerDuty services
 * named for people ("Payments API (prod)"), ownership told by GitHub teams and CODEOWNERS rather
 * than names. It draws from a random stream of its own, so the history (and every metric) stays put.
 */
export interface RepositoryLayout {
  /** Per planned service: its deploy workflow's file name and display name. */
  deployWorkflows: { file: string; name: string }[];
  /** Per planned service: its PagerDuty services' names (as many as it has). */
  pagerdutyNames: string[][];
  codeowners: string | null;
  teamAccess: TeamAccess[];
}

/** Every repository's teams: all engineers can push everywhere, so write access alone does not tell an owner. */
export const EVERYONE_TEAM = "engineering";
/** Keeps the workflow files of some repositories through CODEOWNERS, and owns the shared ones. */
export const OPERATIONS_TEAM = "sre";

export function layoutOf(seed: number, owner: string, planned: PlannedRepository): RepositoryLayout {
  const random = new Random(seed, "layout", planned.index);
  const deployWorkflows = planned.services.map((service) => deployWorkflowName(random, service.name, planned.monorepo));
  const pagerdutyNames = planned.services.map((service) =>
    Array.from({ length: service.pagerdutyServices }, (_, k) => pagerdutyName(random, service.name, k)),
  );
  const teams = [...new Set(planned.services.map((s) => s.team))];
  const hasCodeowners = planned.monorepo ? random.chance(0.85) : random.chance(0.7);
  const operationsKeepWorkflows = hasCodeowners && random.chance(0.3);
  const codeowners = hasCodeowners ? codeownersFile(owner, planned.services, planned.monorepo, operationsKeepWorkflows) : null;
  // with CODEOWNERS naming the owner, the owning team sometimes has no more than everyone's push
  const ownerPermission: TeamPermission = hasCodeowners && random.chance(0.3) ? "push" : random.pick(["admin", "maintain"] as const);
  // without CODEOWNERS, operations sometimes hold the same role as the owners: nothing tells them apart
  const operationsRole = operationsKeepWorkflows ? "maintain" : !hasCodeowners && random.chance(0.2) ? ownerPermission : null;
  const teamAccess: TeamAccess[] = [
    ...teams.map((team): TeamAccess => ({ team, permission: ownerPermission })),
    ...(operationsRole ? [{ team: OPERATIONS_TEAM, permission: operationsRole } satisfies TeamAccess] : []),
    { team: EVERYONE_TEAM, permission: "push" },
  ];
  return { deployWorkflows, pagerdutyNames, codeowners, teamAccess };
}

function deployWorkflowName(random: Random, service: string, monorepo: boolean): { file: string; name: string } {
  if (monorepo) {
    const file = random.pick([`deploy-${service}.yml`, `${service}-release.yml`, `cd-${service}.yml`]);
    return { file, name: `${file.startsWith("cd-") ? "CD" : file.includes("release") ? "Release" : "Deploy"} ${service}` };
  }
  return random.pick([
    { file: "deploy.yml", name: "Deploy" },
    { file: "release.yml", name: "Release" },
    { file: "cd.yml", name: "CD" },
    { file: "production.yml", name: "Production" },
  ]);
}

/** A PagerDuty service's name as on-call people write it: title case, a kind, an environment. */
function pagerdutyName(random: Random, service: string, k: number): string {
  const title = service
    .split("-")
    .map((word) => (word === "api" || word === "sso" || word === "sms" ? word.toUpperCase() : word[0]!.toUpperCase() + word.slice(1)))
    .join(" ");
  if (k > 0) return random.pick([`${title} Database (prod)`, `${service}-db`, `${title} Postgres`]);
  // now and then a name only the team knows
  if (random.chance(0.06)) return random.pick(["Money Movement (prod)", "Core Platform", "Edge (production)", "Monolith"]);
  if (service === "api") return random.pick(["Public API (prod)", "API (production)", "api-prod"]);
  return random.pick([`${title} API (prod)`, `${title} (production)`, `${title} Service`, `${service}-prod`, title]);
}

function codeownersFile(owner: string, services: PlannedService[], monorepo: boolean, operationsKeepWorkflows: boolean): string {
  const handle = (team: string) => `@${owner}/${team}`;
  const lines = ["# Owners are requested for review on every pull request touching their paths.", `* ${handle(services[0]!.team)}`];
  if (monorepo) for (const service of services) lines.push(`/services/${service.name}/ ${handle(service.team)}`);
  if (operationsKeepWorkflows) lines.push(`/.github/workflows/ ${handle(OPERATIONS_TEAM)}`);
  return `${lines.join("\n")}\n`;
}

/** A deploy workflow file: its jobs as the runs show them, the deploy job in the production environment. */
export function deployWorkflowFile(options: {
  name: string;
  defaultBranch: string;
  releaseBranches: boolean;
  /** "services/api/" in a monorepo, "" otherwise. */
  prefix: string;
  jobs: string[];
}): RepositoryFile["content"] {
  const { name, defaultBranch, releaseBranches, prefix, jobs } = options;
  const lines = [`name: ${name}`, "on:", "  push:", `    branches: [${releaseBranches ? "'release/**'" : defaultBranch}]`];
  if (prefix !== "") lines.push("    paths:", `      - '${prefix}**'`);
  lines.push("  pull_request:", "  workflow_dispatch:", "jobs:");
  jobs.forEach((job, i) => {
    lines.push(`  ${job}:`, "    runs-on: ubuntu-latest");
    if (i > 0) lines.push(`    needs: ${jobs[i - 1]}`);
    if (job === "deploy") lines.push("    if: github.event_name != 'pull_request'", "    environment:", "      name: production", "      url: https://example.com");
    lines.push("    steps:", "      - uses: actions/checkout@v4", `      - run: make ${job}`);
  });
  return `${lines.join("\n")}\n`;
}

/** A workflow that deploys nothing (CI, lint): jobs without an environment. */
export function plainWorkflowFile(name: string, jobs: string[]): string {
  const lines = [`name: ${name}`, "on:", "  push:", "  pull_request:", "jobs:"];
  for (const job of jobs) lines.push(`  ${job}:`, "    runs-on: ubuntu-latest", "    steps:", "      - uses: actions/checkout@v4", `      - run: make ${job}`);
  return `${lines.join("\n")}\n`;
}
