import type { LoadedConfig } from "./load.ts";

/** doraform.yaml's `sources.<source>` section as written (empty when absent). */
export function sourceSection(loaded: LoadedConfig, source: string): Record<string, unknown> {
  return (loaded.config.sources as Record<string, Record<string, unknown> | undefined>)[source] ?? {};
}

/**
 * A secret a command reads beside the sync (the runbook's PagerDuty key, the webhook secrets): its
 * value from the variable `sources.<source>.<key>` names, else from `fallback`, the variable read
 * before doraform.yaml. `where` places a missing variable the file named, for a one-line error.
 */
export function namedSecret(loaded: LoadedConfig, source: string, key: string, fallback: string, env: NodeJS.ProcessEnv): { variable: string; value: string | undefined; where: string } {
  const named = sourceSection(loaded, source)[key] as string | undefined;
  const variable = named ?? fallback;
  return { variable, value: env[variable] || undefined, where: named === undefined ? variable : `${loaded.where(["sources", source, key])}: ${variable}` };
}
