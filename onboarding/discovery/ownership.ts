import type { Confidence } from "../../core/discovery.ts";
import { owningTeams } from "./codeowners.ts";
import { PERMISSIONS, type RepositoryFacts } from "./github.ts";

/** A service's owning team, or why none was decided (`tied`: the teams sharing the highest role on its repository). */
export type Owner = { team: string; how: string; confidence: Confidence } | { team: null; why: string; tied?: string[] };

/**
 * Teams that reach every repository in scope (an all-engineers team): their access tells no owner.
 * With fewer than three repositories no team is taken for one.
 */
export function organisationWideTeams(repositories: RepositoryFacts[]): Set<string> {
  const live = repositories.filter((r) => !r.archived);
  if (live.length < 3) return new Set();
  const reach = new Map<string, number>();
  for (const repository of live) for (const { slug } of repository.teams) reach.set(slug, (reach.get(slug) ?? 0) + 1);
  return new Set([...reach].filter(([, count]) => count === live.length).map(([slug]) => slug));
}

/**
 * The team owning `prefix` of a repository ("" for all of it): the team CODEOWNERS names for the
 * service's files, else the one team with the highest role on the repository (teams that reach
 * every repository counted only when no other team has access).
 */
export function ownerOf(repository: RepositoryFacts, prefix: string, everywhere: Set<string>): Owner {
  if (repository.codeowners) {
    const probe = `${prefix}src/index`;
    const teams = owningTeams(repository.codeowners, probe);
    if (teams.length === 1) return { team: teams[0]!, how: `CODEOWNERS names team ${teams[0]} for ${prefix || "the repository"}`, confidence: "likely" };
    if (teams.length > 1) return { team: null, why: `CODEOWNERS names several teams for ${prefix || "the repository"} (${teams.join(", ")})` };
  }
  const specific = repository.teams.filter((t) => !everywhere.has(t.slug));
  const candidates = specific.length > 0 ? specific : repository.teams;
  if (candidates.length === 0) return { team: null, why: "no CODEOWNERS team and no GitHub team has access" };
  const rank = (permission: string) => PERMISSIONS.indexOf(permission as (typeof PERMISSIONS)[number]);
  const highest = Math.max(...candidates.map((t) => rank(t.permission)));
  const top = candidates.filter((t) => rank(t.permission) === highest);
  if (top.length > 1) return { team: null, why: `GitHub teams ${top.map((t) => t.slug).join(", ")} share the highest role (${top[0]!.permission})`, tied: top.map((t) => t.slug) };
  const { slug, permission } = top[0]!;
  return { team: slug, how: `GitHub team ${slug} has the highest role (${permission})`, confidence: highest >= rank("maintain") ? "likely" : "guess" };
}

/**
 * A tie on the highest role settled by the rest of the organisation: when exactly one of the tied
 * teams owns services elsewhere (decided without a tie), the others are taken for a team that
 * helps run the repository (operations keeping its workflows) rather than its owner. A guess; any
 * other tie stays undecided.
 */
export function settleTie(owner: Owner, owningTeams: Set<string>): Owner {
  if (owner.team !== null || owner.tied === undefined) return owner;
  const owning = owner.tied.filter((slug) => owningTeams.has(slug));
  if (owning.length !== 1) return owner;
  const others = owner.tied.filter((slug) => slug !== owning[0]);
  return { team: owning[0]!, how: `${owner.why}; ${owning[0]} owns other services, ${others.join(", ")} none`, confidence: "guess" };
}
