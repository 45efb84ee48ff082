import { streamFacts } from "../../protocol/source.ts";
import { mapYielded } from "../../protocol/generators.ts";
import type { RepoStream } from "../context.ts";
import { changedDeployments, type DeploymentsCursor } from "../deployment-listing.ts";
import deploymentsSchema from "../../../includes/raw_streams/github/deployments.json" with { type: "json" };

export const deployments: RepoStream<DeploymentsCursor> = {
  ...streamFacts(deploymentsSchema),
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
