/**
 * The GitHub events the models read; others (ping included) are acknowledged and not landed. Not
 * `push`: a direct push is a change only once a deployment's compare contains it (docs/metrics.md#decision-22),
 * and a push payload cannot tell a direct push from a merged pull request's commits.
 */
export const GITHUB_EVENTS = ["pull_request", "workflow_run", "deployment_status"] as const;
export type GitHubEvent = (typeof GITHUB_EVENTS)[number];

export const isGitHubEvent = (event: string): event is GitHubEvent => (GITHUB_EVENTS as readonly string[]).includes(event);

type JsonType = "string" | "number" | "object";

/**
 * Top-level fields every payload of the event has (docs/raw-streams.md) and that no other event's
 * payload has all of, so a body sent under another event's name does not land in the wrong stream.
 * (A deployment_status payload may carry a workflow_run, but never a workflow.)
 */
const SHAPES: Record<GitHubEvent, Record<string, JsonType>> = {
  pull_request: { number: "number", pull_request: "object" },
  workflow_run: { workflow_run: "object", workflow: "object" },
  deployment_status: { deployment_status: "object", deployment: "object" },
};

const typeOf = (value: unknown): string => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

/** Why a parsed JSON object is not a payload of `event` (one line), or undefined when it is. */
export function shapeProblem(event: GitHubEvent, payload: Record<string, unknown>): string | undefined {
  for (const [field, type] of Object.entries(SHAPES[event])) {
    if (typeOf(payload[field]) !== type) return `body is not a ${event} payload (${field} is not ${type === "object" ? "an" : "a"} ${type})`;
  }
  return undefined;
}
