import type { GitHubRateLimits } from "../rate-limits.ts";
import type { Router } from "../router.ts";
import type { GitHubStore } from "./store.ts";

export function registerGitHubGraphql(router: Router, _store: GitHubStore, _limits: GitHubRateLimits): void {
  router.add("POST", "/graphql", () => ({ status: 200, body: { errors: [{ message: "not yet served" }] } }));
}
