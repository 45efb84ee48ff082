import { mapYielded } from "../../protocol/generators.ts";
import type { RepoStream } from "../context.ts";
import { changedDeployments, type DeploymentsCursor } from "../deployment-listing.ts";

export const deployments: RepoStream<DeploymentsCursor> = {
  name: "deployments",
  primaryKey: [["id"]],
  cursorField: ["updated_at"],
  properties: {
    id: "integer", sha: "string", ref: "string", task: "string", environment: "string",
    created_at: "string", updated_at: "string", creator: "object", repository: "string",
  },
  read: (ctx, state) =>
    mapYielded(changedDeployments(ctx, state), (deployment) => ({
      id: deployment.id,
      sha: deployment.sha,
      ref: deployment.ref,
      task: deployment.task,
      environment: deployment.environment,
      created_at: deployment.created_at,
      updated_at: deployment.updated_at,
      creator: deployment.creator ? { login: deployment.creator.login } : null,
      repository: ctx.repo.full_name,
    })),
};
