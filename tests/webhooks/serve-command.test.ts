import { spawn, execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { sign } from "@octokit/webhooks-methods";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { projectSettings } from "../../ingest/load/raw-table.ts";
import { openWarehouse } from "../../core/duckdb.ts";
import { post } from "./fixtures.ts";

const env = { PATH: process.env.PATH, GITHUB_WEBHOOK_SECRET: "serve-secret", DORAFORM_WEBHOOK_TOKEN: "serve-token" };

describe("doraform webhooks serve", () => {
  it("serves on the port it prints, lands a signed delivery in the database, and stops on SIGTERM", async () => {
    const database = join(mkdtempSync(join(tmpdir(), "doraform-serve-")), "warehouse.duckdb");
    const child = spawn("node", [CLI, "webhooks", "serve", "--port", "0", "--database", database], { env });
    const url = await new Promise<string>((resolve, reject) => {
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\/webhooks\/ \(github, deployments, incidents\)/.exec(stderr);
        if (match) resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const body = JSON.stringify({ deployment_status: { id: 1, state: "success" }, deployment: { id: 2, environment: "production" } });
    const answer = await post(`${url}/webhooks/github`, body, { "x-github-event": "deployment_status", "x-github-delivery": "serve-1", "x-hub-signature-256": await sign("serve-secret", body) });
    expect(answer).toEqual({ status: 202, body: { status: "landed" } });
    // PagerDuty has no secret here: its endpoint says so instead of accepting anything
    expect((await post(`${url}/webhooks/pagerduty`, "{}", {})).status).toBe(503);
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    const warehouse = await openWarehouse({ file: database, catalog: projectSettings().project, readOnly: true });
    try {
      const rows = await warehouse.all<{ id: string }>('SELECT _airbyte_raw_id AS id FROM airbyte_internal."github_webhook_raw__stream_deployment_status"');
      expect(rows).toEqual([{ id: "github:serve-1" }]);
    } finally {
      warehouse.close();
    }
  }, 90_000);

  it("refuses to start without any secret or token, in one line", async () => {
    await expect(promisify(execFile)("node", [CLI, "webhooks", "serve"], { env: { PATH: process.env.PATH } })).rejects.toMatchObject({
      code: 1,
      stderr: "doraform: webhooks serve: set GITHUB_WEBHOOK_SECRET, PAGERDUTY_WEBHOOK_SECRET and/or DORAFORM_WEBHOOK_TOKEN\n",
    });
  }, 60_000);
});
