/** Reading deployment, revert and incident references out of free text (decisions 14 and 23). */

const DEPLOYMENT_ID = "gh-(?:run|deploy):\\d+(?:/[A-Za-z0-9_-]+)?";
const RUN_URL = "https://github\\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/actions/runs/(\\d+)";
const RESOLVED_BY = /^\s*resolved-by:/i;

/** Maps a run URL (repository, run id) to the deployment id it means for the incident's service. */
export type RunUrlResolver = (repository: string, runId: string) => string;

function runUrls(text: string, resolve: RunUrlResolver): string[] {
  return [...text.matchAll(new RegExp(RUN_URL, "g"))].map((match) => resolve(match[1], match[2]));
}

/** Cause references in a note, title or description: `deployment: <id>` and run URLs. */
export function causeReferences(text: string, resolve: RunUrlResolver): string[] {
  if (RESOLVED_BY.test(text)) return [];
  // the label is case-insensitive, the id is not
  const ids = text
    .split(/deployment:\s*/i)
    .slice(1)
    .map((piece) => new RegExp(`^${DEPLOYMENT_ID}`).exec(piece)?.[0])
    .filter((id): id is string => id !== undefined);
  return [...ids, ...runUrls(text, resolve)];
}

/** The deployments a `resolved-by:` note names (by id or run URL); empty for any other note. */
export function resolvedByReferences(note: string, resolve: RunUrlResolver): string[] {
  if (!RESOLVED_BY.test(note)) return [];
  const ids = [...note.matchAll(new RegExp(`(?<![A-Za-z0-9])${DEPLOYMENT_ID}`, "g"))].map((match) => match[0]);
  return [...ids, ...runUrls(note, resolve)];
}

/** The pull requests a GitHub revert body names: `Reverts <owner>/<repo>#<n>`. */
export function revertedPullRequests(body: string): { repository: string; number: number }[] {
  return [...body.matchAll(/Reverts ([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)#(\d+)/g)].map((match) => ({
    repository: match[1],
    number: Number(match[2]),
  }));
}

/** A text as its letter-and-digit tokens, each between spaces. */
function tokens(text: string): string {
  return ` ${text.replace(/[^A-Za-z0-9]+/g, " ")} `;
}

/**
 * A test of whether a text names an incident id as a whole token (its URL holds it too); punctuation
 * inside the id matches any punctuation, so `hotfix/OPS-12` names the Jira key OPS-12 (decision 46).
 */
export function namesIncident(incidentId: string): (text: string) => boolean {
  const name = tokens(incidentId);
  return (text) => tokens(text).includes(name);
}

/** The deployment a Jira label `deployment-<id>` names (any case; the rest of the label), else undefined. */
export function labelDeploymentId(label: string): string | undefined {
  return /^deployment-(.+)$/i.exec(label)?.[1];
}
