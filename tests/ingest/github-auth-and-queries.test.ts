import { createVerify, generateKeyPairSync } from "node:crypto";
import { schema } from "@octokit/graphql-schema";
import { buildClientSchema, parse, validate, type IntrospectionQuery } from "graphql";
import { afterEach, describe, expect, it } from "vitest";
import { GitHubApi } from "../../ingest/github/api.ts";
import { parseGitHubConfig } from "../../ingest/github/config.ts";
import { commitPullRequestsQuery } from "../../ingest/github/streams/commits.ts";
import { DEPLOYMENT_STATUSES_QUERY } from "../../ingest/github/deployment-listing.ts";
import { RUN_JOBS_QUERY } from "../../ingest/github/jobs.ts";
import { PULL_REQUEST_MORE_QUERY, PULL_REQUESTS_QUERY } from "../../ingest/github/streams/pull-requests.ts";
import { json, startStub } from "./stub-server.ts";

const stubs: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((stub) => stub.close()));
});

describe("a GitHub App installation", () => {
  it("signs a JWT with the app's key, trades it for an installation token and sends that token", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const issued: string[] = [];
    const stub = await startStub((request, response) => {
      if (request.method === "POST" && request.url === "/app/installations/42/access_tokens") {
        issued.push(request.headers.authorization!.replace(/^bearer /i, ""));
        return json(response, 201, { token: "ghs_installation", expires_at: new Date(Date.now() + 3_600_000).toISOString() });
      }
      json(response, 200, [{ authorization: request.headers.authorization }]);
    });
    stubs.push(stub);
    const config = parseGitHubConfig({ api_url: stub.url, app_id: "1234", app_private_key: pem, app_installation_id: "42", repositories: ["acme/api"] }, {});
    const api = GitHubApi.create(config, () => undefined);
    await api.get("/repos/acme/api");
    await api.get("/repos/acme/web");

    // one token for both requests, each sent as the installation's bearer token
    expect(issued).toHaveLength(1);
    expect(stub.requests.filter((r) => r.url.startsWith("/repos/")).map((r) => r.headers.authorization)).toEqual(["Bearer ghs_installation", "Bearer ghs_installation"]);
    const [header, payload, signature] = issued[0]!.split(".");
    expect(JSON.parse(Buffer.from(header!, "base64url").toString())).toEqual({ alg: "RS256", typ: "JWT" });
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    expect(claims.iss).toBe("1234");
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(600);
    expect(createVerify("RSA-SHA256").update(`${header}.${payload}`).verify(publicKey, signature!, "base64url")).toBe(true);
  });

  it("stops with one line naming the endpoint when the app is refused", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const stub = await startStub((_request, response) => json(response, 401, { message: "A JSON web token could not be decoded" }));
    stubs.push(stub);
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const config = parseGitHubConfig({ api_url: stub.url, app_id: "1", app_private_key: pem, app_installation_id: "7" }, {});
    await expect(GitHubApi.create(config, () => undefined).get("/user/repos")).rejects.toThrow(
      "github: POST /app/installations/7/access_tokens: 401 A JSON web token could not be decoded: the app's installation token was refused",
    );
  });
});

describe("the GitHub config", () => {
  it("takes the token, the API and GraphQL URLs from the environment, as GitHub Actions names them", () => {
    const config = parseGitHubConfig({}, { GITHUB_TOKEN: "t", GITHUB_API_URL: "https://ghe.example.com/api/v3" });
    expect(config.credentials).toEqual({ kind: "token", token: "t" });
    expect(config.graphqlUrl).toBe("https://ghe.example.com/api/graphql");
    expect(parseGitHubConfig({}, { GITHUB_TOKEN: "t" }).graphqlUrl).toBe("https://api.github.com/graphql");
  });

  it("names the key that is wrong", () => {
    expect(() => parseGitHubConfig({}, {})).toThrow(/no credentials: set GITHUB_TOKEN/);
    expect(() => parseGitHubConfig({ token: "t", repositories: ["no-slash"] }, {})).toThrow('"repositories" holds "no-slash", expected owner/name');
    expect(() => parseGitHubConfig({ token: "t", deploy_workflow_pattern: "(" }, {})).toThrow('"deploy_workflow_pattern" is not a regular expression');
  });
});

describe("the pull request, commit, job and deployment status queries", () => {
  it("are valid against GitHub's published GraphQL schema, with every connection at most 100", () => {
    const github = buildClientSchema(schema.json as unknown as IntrospectionQuery);
    for (const query of [PULL_REQUESTS_QUERY, PULL_REQUEST_MORE_QUERY, commitPullRequestsQuery(1), commitPullRequestsQuery(100), RUN_JOBS_QUERY, DEPLOYMENT_STATUSES_QUERY]) {
      expect(validate(github, parse(query)).map((error) => error.message)).toEqual([]);
      for (const [, first] of query.matchAll(/first: (\d+)/g)) expect(Number(first)).toBeLessThanOrEqual(100);
    }
  });
});
