// Sends one PagerDuty change event for this deployment (reference: Events API v2 change events).
// A failure is reported as a warning: recording must never fail the deployment it describes.
const env = process.env;
const deploymentId = env.DEPLOYMENT_ID || `gh-run:${env.GITHUB_RUN_ID}`;
const body = {
  routing_key: env.ROUTING_KEY,
  payload: {
    summary: `Deploy ${env.SERVICE}@${(env.GITHUB_SHA ?? "").slice(0, 12)} to ${env.ENVIRONMENT} (${deploymentId})`.slice(0, 1024),
    timestamp: new Date().toISOString(),
    source: "github-actions",
    custom_details: {
      deployment_id: deploymentId,
      service: env.SERVICE,
      environment: env.ENVIRONMENT,
      sha: env.GITHUB_SHA,
      ref: env.GITHUB_REF,
      repository: env.GITHUB_REPOSITORY,
    },
  },
  links: [{ href: env.RUN_URL, text: "GitHub Actions run" }],
};

let recorded = false;
try {
  const response = await fetch(env.EVENTS_URL, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
  recorded = true;
  console.log(`recorded deployment ${deploymentId} as a PagerDuty change event`);
} catch (error) {
  // the routing key is never printed
  console.log(`::warning::could not record deployment ${deploymentId} in PagerDuty: ${error instanceof Error ? error.message : String(error)}`);
}
if (env.GITHUB_OUTPUT) {
  const { appendFileSync } = await import("node:fs");
  appendFileSync(env.GITHUB_OUTPUT, `deployment-id=${deploymentId}\nrecorded=${recorded}\n`);
}
