import { streamFacts } from "../../protocol/source.ts";
import { mapConcurrently } from "../../protocol/concurrency.ts";
import { drain } from "../../protocol/generators.ts";
import type { RepoStream } from "../context.ts";
import { changedDeployments, deploymentStatuses, type DeploymentsCursor } from "../deployment-listing.ts";
import deploymentStatusesSchema from "../../../includes/raw_streams/github/deployment_statuses.json" with { type: "json" };

/** Statuses are read again for every deployment that changed (a new status moves its updated_at). */
export const deploymentStatusesStream: RepoStream<DeploymentsCursor> = {
  ...streamFacts(deploymentStatusesSchema),
  async *read(ctx, state) {
    const { items, result } = await drain(changedDeployments(ctx, state));
    const byDeployment = mapConcurrently(items, ctx.config.concurrency, async (deployment) => ({
      deployment,
      statuses: await deploymentStatuses(ctx, deployment.id),
    }));
    for await (const { deployment, statuses } of byDeployment) {
      for (const status of statuses) {
        yield {
          id: status.id,
          state: status.state,
          created_at: status.created_at,
          updated_at: status.updated_at,
          environment: status.environment,
          description: status.description,
          deployment_id: deployment.id,
          repository: ctx.repo.full_name,
        };
      }
    }
    return result;
  },
};
