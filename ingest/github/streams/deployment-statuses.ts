import { streamFacts } from "../../protocol/source.ts";
import { drain } from "../../protocol/generators.ts";
import type { RepoStream } from "../context.ts";
import { changedDeployments, deploymentsStatuses, type DeploymentsCursor } from "../deployment-listing.ts";
import deploymentStatusesSchema from "../../../includes/raw_streams/github/deployment_statuses.json" with { type: "json" };

/** Every status of each deployment that changed is read again (a new status moves its updated_at). */
export const deploymentStatusesStream: RepoStream<DeploymentsCursor> = {
  ...streamFacts(deploymentStatusesSchema),
  asks: (_ctx, state) => ({ statuses: { deployments: state } }),
  async *read(ctx, state) {
    const { items, result } = await drain(changedDeployments(ctx, state));
    for await (const { deployment, statuses } of deploymentsStatuses(ctx, items)) {
      for (const status of statuses) {
        yield {
          id: status.id,
          node_id: status.node_id,
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
