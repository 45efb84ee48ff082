import type { Random } from "./random.ts";

/** Word lists that make the generated organisation read like a real one. */
const SERVICE_NAMES = [
  "api", "web", "billing", "checkout", "search", "auth", "notifications", "payments", "inventory",
  "catalog", "orders", "shipping", "recommendations", "reporting", "gateway", "accounts", "pricing",
  "media", "messaging", "scheduler", "ledger", "fraud", "onboarding", "analytics", "mobile-backend",
  "feature-flags", "audit", "exports", "imports", "webhooks", "sso", "support", "invoicing",
  "subscriptions", "reviews", "cart", "profile", "geo", "email", "sms",
];

const TEAM_NAMES = ["payments", "identity", "storefront", "platform", "growth", "data", "mobile", "core", "logistics", "trust"];

const FIRST = ["alex", "maria", "sam", "priya", "jonas", "li", "fatima", "diego", "noor", "kofi", "ines", "tomas", "yuki", "amara", "olek", "rosa"];
const LAST = ["ng", "ortiz", "berg", "shah", "okafor", "kim", "silva", "haddad", "novak", "mensah", "costa", "ito"];

const VERBS = ["Add", "Fix", "Refactor", "Speed up", "Handle", "Remove", "Update", "Log", "Validate", "Cache", "Retry"];
const THINGS = [
  "pagination in list endpoint", "timeout on slow upstream", "currency rounding", "empty cart edge case",
  "rate limiter config", "feature flag for new flow", "metrics for queue depth", "null check in handler",
  "migration for audit table", "stale cache entries", "error message for bad input", "batch size",
  "retries on 503", "webhook signature check", "index on created_at", "dead code in worker",
];
const MODULES = ["handlers", "models", "jobs", "clients", "lib", "config", "routes", "workers"];
const PACKAGES = ["lodash", "express", "axios", "pg", "zod", "pino", "undici", "luxon"];

export function serviceName(index: number): string {
  const base = SERVICE_NAMES[index % SERVICE_NAMES.length];
  const round = Math.floor(index / SERVICE_NAMES.length);
  return round === 0 ? base : `${base}-${round + 1}`;
}

export function teamName(index: number): string {
  const base = TEAM_NAMES[index % TEAM_NAMES.length];
  const round = Math.floor(index / TEAM_NAMES.length);
  return round === 0 ? base : `${base}-${round + 1}`;
}

/** A team's members: a few logins, stable for the team. */
export function teamMembers(random: Random): string[] {
  const count = random.int(3, 6);
  const members = new Set<string>();
  while (members.size < count) members.add(`${random.pick(FIRST)}-${random.pick(LAST)}`);
  return [...members];
}

export function changeTitle(random: Random): string {
  return `${random.pick(VERBS)} ${random.pick(THINGS)}`;
}

export function branchSlug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 30);
}

/** Source paths under a prefix ("" for a whole-repository service). */
export function sourceFiles(prefix: string, random: Random): string[] {
  const count = random.int(1, 5);
  const files = new Set<string>();
  while (files.size < count) {
    const module = random.pick(MODULES);
    files.add(`${prefix}src/${module}/${random.pick(THINGS).split(" ")[0]}-${random.int(1, 9)}.ts`);
  }
  if (random.chance(0.5)) files.add(`${prefix}test/${random.pick(MODULES)}.test.ts`);
  return [...files].sort();
}

/** A dependency bump in the dependabot style. */
export function dependencyBump(random: Random): { name: string; from: string; to: string } {
  const major = random.int(1, 9);
  const minor = random.int(0, 20);
  return { name: random.pick(PACKAGES), from: `${major}.${minor}.${random.int(0, 5)}`, to: `${major}.${minor + 1}.0` };
}

export function incidentSymptom(service: string, random: Random): string {
  return random.pick([
    `Elevated 5xx rate on ${service}`,
    `${service}: p99 latency above SLO`,
    `${service} health check failing`,
    `Error budget burn on ${service}`,
    `${service} queue backlog growing`,
    `Customers report failures in ${service}`,
  ]);
}
