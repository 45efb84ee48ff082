import { UserError } from "../core/errors.ts";
import { targetName, type Target } from "./compiled-graph.ts";

export interface Selection {
  /** Action names: `name` (must be unambiguous) or exactly `database.schema.name`. */
  actions?: string[];
  tags?: string[];
  includeDeps?: boolean;
  includeDependents?: boolean;
}

export interface SelectableAction {
  target?: Target;
  tags?: string[];
  dependencyTargets?: Target[];
}

/**
 * The names of the actions a run executes, with the official CLI's rules (its `prune`): no selector
 * means everything; `--actions` and `--tags` are united; a name with a dot must be a full
 * `database.schema.name`, a bare name matches the last segment and must be unambiguous; no wildcards;
 * then `--include-deps` / `--include-dependents` expand transitively along dependencyTargets.
 */
export function selectActions(actions: readonly SelectableAction[], selection: Selection): Set<string> {
  const allNames = actions.map((action) => targetName(action.target));
  const byName = new Map(actions.map((action) => [targetName(action.target), action]));
  const hasActions = (selection.actions?.length ?? 0) > 0;
  const hasTags = (selection.tags?.length ?? 0) > 0;
  if (!hasActions && !hasTags) return new Set(allNames);

  const included = new Set<string>();
  if (hasActions) for (const name of matchPatterns(selection.actions ?? [], allNames)) included.add(name);
  if (hasTags) {
    for (const action of actions) {
      if (action.tags?.some((tag) => selection.tags?.includes(tag))) included.add(targetName(action.target));
    }
  }
  if (selection.includeDeps) {
    const queue = [...included];
    while (queue.length > 0) {
      const action = byName.get(queue.pop() as string);
      const dependencies = matchPatterns((action?.dependencyTargets ?? []).map(targetName), allNames);
      for (const dependency of dependencies) {
        if (!included.has(dependency)) {
          included.add(dependency);
          queue.push(dependency);
        }
      }
    }
  }
  if (selection.includeDependents) {
    const queue = [...included];
    while (queue.length > 0) {
      const name = queue.pop() as string;
      for (const action of actions) {
        const dependent = targetName(action.target);
        if (included.has(dependent)) continue;
        if (matchPatterns([name], (action.dependencyTargets ?? []).map(targetName)).length > 0) {
          included.add(dependent);
          queue.push(dependent);
        }
      }
    }
  }
  return included;
}

function matchPatterns(patterns: readonly string[], names: readonly string[]): string[] {
  const matched: string[] = [];
  for (const pattern of patterns) {
    if (pattern.includes(".")) {
      if (names.includes(pattern)) matched.push(pattern);
      continue;
    }
    const matching = names.filter((name) => name.split(".").at(-1) === pattern);
    if (matching.length > 1) {
      throw new UserError(`Ambiguous Action name: ${pattern}. Did you mean one of: ${matching.join(", ")}.`);
    }
    if (matching.length === 1) matched.push(matching[0]);
  }
  return matched;
}
