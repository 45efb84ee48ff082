import { createAppAuth } from "@octokit/auth-app";
import { request } from "@octokit/request";
import { configError, transientError } from "../protocol/errors.ts";
import type { GitHubCredentials } from "./config.ts";

/**
 * The Authorization header for each request. A GitHub App trades a JWT signed with its private key
 * for an installation token (valid one hour); @octokit/auth-app signs, trades and caches it,
 * renewing it before it expires.
 */
export function githubAuthorization(credentials: GitHubCredentials, apiUrl: string): () => Promise<string> {
  if (credentials.kind === "token") return async () => `Bearer ${credentials.token}`;
  const auth = createAppAuth({
    appId: credentials.appId,
    privateKey: credentials.privateKey,
    installationId: credentials.installationId,
    request: request.defaults({ baseUrl: apiUrl.replace(/\/$/, ""), headers: { "user-agent": "doraform" } }),
  });
  const path = `/app/installations/${encodeURIComponent(credentials.installationId)}/access_tokens`;
  return async () => {
    try {
      return `Bearer ${(await auth({ type: "installation" })).token}`;
    } catch (error) {
      throw installationError(path, error);
    }
  };
}

/** One line naming the endpoint: refused (4xx) is the config's fault, anything else may pass. */
function installationError(path: string, error: unknown): Error {
  const failure = error as { status?: number; message?: string; response?: { data?: { message?: string } } };
  if (failure.status === undefined) return configError("github config: app_private_key is not a usable PEM private key");
  if (failure.status >= 400 && failure.status < 500) {
    const message = failure.response?.data?.message ?? "";
    return configError(`github: POST ${path}: ${failure.status} ${message}: the app's installation token was refused`.replace(/ +:/, ":"));
  }
  return transientError(`github: POST ${path}: ${(failure.message ?? String(error)).split("\n")[0]}`);
}
