import type { BackfillHooks } from "../protocol/landed-range.ts";
import type { StreamFacts } from "../protocol/source.ts";
import type { GitHubApi } from "./api.ts";
import type { GitHubConfig } from "./config.ts";
import type { Asks, ReadAhead } from "./read-ahead.ts";

export interface Repository {
  id: number;
  full_name: string;
  default_branch: string;
}

/** A workflow as GitHub lists it: what the runs listings and the change query need. */
export interface ListedWorkflow {
  id: number;
  node_id: string;
  path: string;
}

export interface KeptWorkflows {
  listed: ListedWorkflow[];
  /** The listing's ETag then. */
  etag?: string;
  /** Nothing was pushed since (a workflow file arrives or goes by a push): the list stands for a listing. */
  current: boolean;
}

/** What a stream reading one repository gets: the API (remembering answers for this repository), the repository, the config. */
export interface RepoContext {
  api: GitHubApi;
  repo: Repository;
  config: GitHubConfig;
  /** The deploy workflows as listed at the last read, when the settings that pick them did not change since. */
  workflows?: KeptWorkflows;
  /** Listings the change query vouches have nothing new since the stream's cursor (./changes.ts). */
  unchanged?: { runs: boolean; deployments: boolean };
  /** GraphQL answers read for many repositories at once before their reads (./read-ahead.ts). */
  ahead?: ReadAhead;
}

/**
 * A stream read one repository at a time (an Airbyte slice). `read` yields the records and returns the
 * repository's new state, which is committed only once the slice is done.
 */
export interface RepoStream<S> extends StreamFacts {
  read(ctx: RepoContext, state: S | undefined): AsyncGenerator<Record<string, unknown>, S>;
  /** What a backfill of the days before the landed range needs beyond a bounded read (see ../protocol/landed-range.ts). */
  backfill?: BackfillHooks<S>;
  /** What a read from `state` asks GraphQL for, read ahead with other repositories' (../read-ahead.ts). */
  asks?(ctx: RepoContext, state: S | undefined): Asks;
}

export const DAY_MS = 86_400_000;

/** The later of two ISO timestamps (either may be missing). */
export function laterOf(a: string | undefined, b: string | undefined | null): string | undefined {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

export function daysBefore(iso: string, days: number): string {
  return new Date(Date.parse(iso) - days * DAY_MS).toISOString();
}
