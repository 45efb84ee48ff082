/**
 * The Lambda bundle as AWS runs it: `doraform webhooks bundle` builds it, and a plain Node process
 * in a directory with no node_modules (as in a function's zip) loads the built file, not the
 * sources, and calls its `handler` with API Gateway HTTP API (payload 2.0) events.
 */
import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { doraform } from "../report/support/cli.ts";
import { githubExamples, SECRETS } from "./fixtures.ts";

const out = mkdtempSync(join(tmpdir(), "doraform-lambda-bundle-"));

/** Runs the bundle's handler on each event in a fresh process and returns its answers. */
async function invoke(events: unknown[], env: Record<string, string>): Promise<Array<{ statusCode: number; body: string }>> {
  const driver = join(out, "invoke.mjs");
  writeFileSync(
    driver,
    'const { handler } = await import("./index.mjs");\n' +
      "const answers = [];\n" +
      "for (const event of JSON.parse(process.argv[2])) answers.push(await handler(event));\n" +
      "process.stdout.write(JSON.stringify(answers));\n",
  );
  const { stdout } = await promisify(execFile)(process.execPath, [driver, JSON.stringify(events)], { cwd: out, env: { PATH: process.env.PATH, ...env } });
  return JSON.parse(stdout) as Array<{ statusCode: number; body: string }>;
}

/** An API Gateway HTTP API (payload format 2.0) event as AWS documents it. */
function httpApiEvent(rawPath: string, body: string, headers: Record<string, string>) {
  return {
    version: "2.0",
    routeKey: "POST /webhooks/{source}",
    rawPath,
    rawQueryString: "",
    headers: { "content-type": "application/json", ...headers },
    requestContext: { accountId: "123456789012", apiId: "api", http: { method: "POST", path: rawPath, protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "GitHub-Hookshot/abc" }, requestId: "id", routeKey: "POST /webhooks/{source}", stage: "$default", timeEpoch: 1795600000000 },
    body: Buffer.from(body).toString("base64"),
    isBase64Encoded: true,
  };
}

const sign = (secret: string, body: string) => createHmac("sha256", secret).update(body).digest("hex");

describe("the built Lambda bundle", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    const built = await doraform(["webhooks", "bundle", "--out", out]);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toMatch(new RegExp(`^${join(out, "index.mjs")}: \\d+\\.\\d MiB; Lambda handler index\\.handler`));
  });

  it("is one file that needs no node_modules", () => {
    expect(readdirSync(out)).toEqual(["index.mjs"]);
    // nothing above the temporary directory could lend it a package
    expect(["node_modules", "../node_modules", "../../node_modules"].some((dir) => existsSync(join(out, dir)))).toBe(false);
  });

  it("accepts a delivery signed with the secret and rejects a bad signature, from API Gateway v2 events", async () => {
    const env = { GITHUB_WEBHOOK_SECRET: SECRETS.github, PAGERDUTY_WEBHOOK_SECRET: SECRETS.pagerduty, GOOGLE_CLOUD_PROJECT: "p" };
    // a ping: checked like every delivery, then acknowledged without a write (BigQuery is not reachable here)
    const ping = JSON.stringify(githubExamples("ping")[0]);
    const run = JSON.stringify(githubExamples("workflow_run")[0]);
    const github = (body: string, signature: string, delivery: string, event = "ping") =>
      httpApiEvent("/webhooks/github", body, { "X-GitHub-Event": event, "X-GitHub-Delivery": delivery, "X-Hub-Signature-256": `sha256=${signature}` });
    const answers = await invoke(
      [
        github(ping, sign(SECRETS.github, ping), "signed"),
        github(ping, sign("not the secret", ping), "forged"),
        github(run, sign(SECRETS.github, ping), "other-body", "workflow_run"),
        httpApiEvent("/webhooks/pagerduty", "{}", { "X-PagerDuty-Signature": `v1=${sign("not the secret", "{}")}` }),
        httpApiEvent("/webhooks/nowhere", "{}", {}),
      ],
      env,
    );
    expect(answers.map((a) => [a.statusCode, JSON.parse(a.body)])).toEqual([
      [200, { status: "ignored", message: "event ping is not used" }],
      [401, { status: "rejected", message: "bad or missing X-Hub-Signature-256" }],
      [401, { status: "rejected", message: "bad or missing X-Hub-Signature-256" }],
      [401, { status: "rejected", message: "bad or missing X-PagerDuty-Signature" }],
      [404, { status: "not_found", message: "no webhook at /webhooks/nowhere" }],
    ]);
  });

  it("says which variable is missing when it has no BigQuery project", async () => {
    await expect(invoke([httpApiEvent("/webhooks/github", "{}", {})], { GITHUB_WEBHOOK_SECRET: SECRETS.github })).rejects.toThrow(
      "GOOGLE_CLOUD_PROJECT is not set: the BigQuery project the webhooks land in",
    );
  });
});
