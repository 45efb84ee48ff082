import { createSign } from "node:crypto";
import fetch from "node-fetch";
import { configError, transientError } from "../protocol/errors.ts";
import type { GitHubCredentials } from "./config.ts";

/**
 * The Authorization header for each request. A GitHub App signs a JWT (RS256) with its private key and
 * exchanges it for an installation token (valid one hour), renewed five minutes before it expires.
 */
export function githubAuthorization(credentials: GitHubCredentials, apiUrl: string): () => Promise<string> {
  if (credentials.kind === "token") return async () => `Bearer ${credentials.token}`;
  let cached: { token: string; expiresAt: number } | undefined;
  return async () => {
    if (!cached || cached.expiresAt - 5 * 60_000 < Date.now()) cached = await installationToken(credentials, apiUrl);
    return `Bearer ${cached.token}`;
  };
}

export function appJwt(appId: string, privateKey: string, now = Date.now()): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const issuedAt = Math.floor(now / 1000) - 60; // GitHub's advice: allow for clock drift
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iat: issuedAt, exp: issuedAt + 9 * 60, iss: appId })}`;
  let signature: string;
  try {
    signature = createSign("RSA-SHA256").update(unsigned).sign(privateKey, "base64url");
  } catch {
    throw configError("github config: app_private_key is not a usable PEM private key");
  }
  return `${unsigned}.${signature}`;
}

async function installationToken(credentials: Extract<GitHubCredentials, { kind: "app" }>, apiUrl: string) {
  const path = `/app/installations/${encodeURIComponent(credentials.installationId)}/access_tokens`;
  let response;
  try {
    response = await fetch(`${apiUrl.replace(/\/$/, "")}${path}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${appJwt(credentials.appId, credentials.privateKey)}`,
        accept: "application/vnd.github+json",
        "user-agent": "doraform",
      },
    });
  } catch (error) {
    throw transientError(`github: POST ${path}: ${(error as Error).message.split("\n")[0]}`);
  }
  const body = (await response.json().catch(() => undefined)) as { token?: string; expires_at?: string; message?: string } | undefined;
  if (!response.ok || typeof body?.token !== "string") {
    throw configError(`github: POST ${path}: ${response.status} ${body?.message ?? ""}: the app's installation token was refused`.replace(/ +:/, ":"));
  }
  return { token: body.token, expiresAt: body.expires_at ? Date.parse(body.expires_at) : Date.now() + 3_600_000 };
}
