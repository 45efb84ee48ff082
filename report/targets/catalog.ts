import * as path from "node:path";
import { readModelCatalog } from "../../core/catalog.ts";
import { UserError } from "../../core/errors.ts";
import type { WeeklyRow } from "../reader/queries.ts";
import { REPOSITORY_ROOT } from "../reader/settings.ts";
import type { Target } from "../../core/targets/file.ts";

/**
 * Fails in one line on a target naming a team or service the catalog does not know, instead of
 * leaving it without data. Known: what the marts slice by (the catalog the build applied, the
 * demo's included) and the project's catalog (includes/catalog_data.js), for a service with no
 * facts yet.
 */
export function checkTargets(targets: readonly Target[], serviceRows: ReadonlyArray<Pick<WeeklyRow, "service" | "team">>): void {
  if (targets.every((t) => t.scope === "organisation")) return;
  const catalog = readModelCatalog(path.join(REPOSITORY_ROOT, "includes"), {}).services;
  const known = {
    service: new Set([...serviceRows.map((r) => r.service), ...catalog.map((s) => s.name)].filter((n): n is string => Boolean(n))),
    team: new Set([...serviceRows.map((r) => r.team), ...catalog.map((s) => s.team)].filter((n): n is string => Boolean(n))),
  };
  for (const t of targets) {
    if (t.scope === "organisation" || known[t.scope].has(t.name)) continue;
    const names = [...known[t.scope]].sort();
    throw new UserError(`${t.source}: no ${t.scope} ${JSON.stringify(t.name)} in the catalog (${t.scope}s: ${names.join(", ") || "none"})`);
  }
}
