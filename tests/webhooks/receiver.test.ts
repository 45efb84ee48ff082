import { sign } from "@octokit/webhooks-methods";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { githubExamples, hmacHex, post, rawRows, SECRETS, startReceiver, type Receiver } from "./fixtures.ts";

let receiver: Receiver;
let stopped = false;
beforeEach(async () => {
  receiver = await startReceiver();
  stopped = false;
});
afterEach(async () => {
  if (!stopped) await receiver.stop();
});
const stop = async () => {
  await receiver.stop();
  stopped = true;
};

const github = async (event: string, delivery: string, payload: unknown, secret = SECRETS.github) => {
  const body = JSON.stringify(payload);
  return post(`${receiver.url}/webhooks/github`, body, {
    "x-github-event": event,
    "x-github-delivery": delivery,
    "x-hub-signature-256": await sign(secret, body),
  });
};

const pagerduty = (payload: unknown, signatures: string[]) => {
  const body = JSON.stringify(payload);
  return post(`${receiver.url}/webhooks/pagerduty`, body, { "x-pagerduty-signature": signatures.map((s) => `v1=${hmacHex(s, body)}`).join(",") });
};

describe("GitHub webhooks", () => {
  it("lands GitHub's example payloads of each event the metrics read in the event's own stream", async () => {
    const events = ["pull_request", "workflow_run", "deployment_status"];
    const expected: Record<string, number> = {};
    for (const event of events) {
      const examples = githubExamples(event);
      expected[event] = examples.length;
      for (const [i, example] of examples.entries()) {
        const answer = await github(event, `${event}-${i}`, example);
        expect(answer.status).toBe(202);
      }
    }
    await stop();
    for (const event of events) {
      const rows = await rawRows(receiver.file, `github_webhook_raw__stream_${event}`);
      expect(rows).toHaveLength(expected[event]);
      expect(rows.map((r) => r._airbyte_raw_id)).toContain(`github:${event}-0`);
      // no email address of anyone lands, whatever the event
      for (const row of rows) expect(row._airbyte_data).not.toMatch(/"email"/);
    }
  });

  it("acknowledges a push without landing it: direct pushes are read from deployment contents, not deliveries", async () => {
    const answer = await github("push", "push-1", githubExamples("push")[0]);
    expect(answer).toEqual({ status: 200, body: { status: "ignored", message: "event push is not used" } });
    await stop();
    expect(await rawRows(receiver.file, "github_webhook_raw__stream_push")).toEqual([]);
  });

  it("lands a workflow run without its head commit's author and committer names and emails, keeping everything else", async () => {
    const example = githubExamples("workflow_run")[0] as { workflow_run: { head_commit: Record<string, unknown> } };
    expect((await github("workflow_run", "run-privacy", example)).status).toBe(202);
    await stop();
    const [row] = await rawRows(receiver.file, "github_webhook_raw__stream_workflow_run");
    // worked out from the example: its head commit's author and committer are {name, email} only, so nothing of them is kept
    const expected = structuredClone(example);
    expected.workflow_run.head_commit.author = {};
    expected.workflow_run.head_commit.committer = {};
    expect(JSON.parse(row._airbyte_data)).toEqual(expected);
  });

  it("lands a repeated delivery once and tells the sender it was a duplicate", async () => {
    const example = githubExamples("pull_request")[0];
    expect((await github("pull_request", "same-guid", example)).status).toBe(202);
    const again = await github("pull_request", "same-guid", example);
    expect(again).toEqual({ status: 200, body: { status: "duplicate" } });
    await stop();
    expect(await rawRows(receiver.file, "github_webhook_raw__stream_pull_request")).toHaveLength(1);
  });

  it("lands a delivery once when GitHub sends it several times at the same moment", async () => {
    const example = githubExamples("pull_request")[0];
    const answers = await Promise.all(Array.from({ length: 10 }, () => github("pull_request", "racing-guid", example)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 202]);
    await stop();
    expect((await rawRows(receiver.file, "github_webhook_raw__stream_pull_request")).map((r) => r._airbyte_raw_id)).toEqual(["github:racing-guid"]);
  });

  it("rejects forged and unsigned deliveries with 401 and lands nothing", async () => {
    const example = githubExamples("workflow_run")[0];
    expect((await github("workflow_run", "forged", example, "not the secret")).status).toBe(401);
    const unsigned = await post(`${receiver.url}/webhooks/github`, JSON.stringify(example), { "x-github-event": "workflow_run", "x-github-delivery": "unsigned" });
    expect(unsigned.status).toBe(401);
    // a valid signature over one body does not vouch for another
    const body = JSON.stringify(example);
    const tampered = await post(`${receiver.url}/webhooks/github`, body.replace('"completed"', '"requested"'), {
      "x-github-event": "workflow_run",
      "x-github-delivery": "tampered",
      "x-hub-signature-256": await sign(SECRETS.github, body),
    });
    expect(tampered.status).toBe(401);
    await stop();
    expect(await rawRows(receiver.file, "github_webhook_raw__stream_workflow_run")).toEqual([]);
  });

  it("acknowledges events the metrics do not use (ping) without landing them", async () => {
    const answer = await github("ping", "ping-1", { zen: "Keep it logically awesome." });
    expect(answer).toEqual({ status: 200, body: { status: "ignored", message: "event ping is not used" } });
    await stop();
    expect(await rawRows(receiver.file, "github_webhook_raw__stream_ping")).toEqual([]);
  });

  it("refuses a body over the size limit with 413 before checking anything else", async () => {
    const big = JSON.stringify({ padding: "x".repeat(70 * 1024) });
    const answer = await post(`${receiver.url}/webhooks/github`, big, {
      "x-github-event": "push",
      "x-github-delivery": "big",
      "x-hub-signature-256": await sign(SECRETS.github, big),
    });
    expect(answer.status).toBe(413);
  });
});

describe("PagerDuty webhooks", () => {
  const event = (id: string, type: string) => ({
    event: { id, event_type: type, resource_type: "incident", occurred_at: "2026-11-20T10:00:00Z", data: { id: "PT4KHLK", type: "incident", title: "Checkout down" } },
  });

  it("lands incident events in one stream per event type and accepts any signature during rotation", async () => {
    expect((await pagerduty(event("01A", "incident.triggered"), [SECRETS.pagerduty])).status).toBe(202);
    expect((await pagerduty(event("01B", "incident.resolved"), ["retired secret", SECRETS.pagerduty])).status).toBe(202);
    expect((await pagerduty(event("01C", "incident.custom_field_values.updated"), [SECRETS.pagerduty, "next secret"])).status).toBe(202);
    await stop();
    expect((await rawRows(receiver.file, "pagerduty_webhook_raw__stream_incident_triggered")).map((r) => r._airbyte_raw_id)).toEqual(["pagerduty:01A"]);
    expect((await rawRows(receiver.file, "pagerduty_webhook_raw__stream_incident_resolved")).map((r) => r._airbyte_raw_id)).toEqual(["pagerduty:01B"]);
    expect((await rawRows(receiver.file, "pagerduty_webhook_raw__stream_incident_custom_field_values_updated")).map((r) => r._airbyte_raw_id)).toEqual([
      "pagerduty:01C",
    ]);
  });

  it("lands an event without the names in its user references", async () => {
    const annotated = {
      event: {
        id: "01F",
        event_type: "incident.annotated",
        agent: { id: "PUSER1", type: "user_reference", summary: "Jane Doe", html_url: "https://acme.pagerduty.com/users/PUSER1" },
        data: { incident: { id: "PT4KHLK", type: "incident_reference" }, content: "deployment: gh-run:1" },
      },
    };
    expect((await pagerduty(annotated, [SECRETS.pagerduty])).status).toBe(202);
    await stop();
    const [row] = await rawRows(receiver.file, "pagerduty_webhook_raw__stream_incident_annotated");
    expect(JSON.parse(row._airbyte_data)).toEqual({
      event: {
        id: "01F",
        event_type: "incident.annotated",
        agent: { id: "PUSER1", type: "user_reference", html_url: "https://acme.pagerduty.com/users/PUSER1" },
        data: { incident: { id: "PT4KHLK", type: "incident_reference" }, content: "deployment: gh-run:1" },
      },
    });
  });

  it("rejects a delivery signed only with unknown secrets, and deduplicates on the event id", async () => {
    expect((await pagerduty(event("01D", "incident.triggered"), ["a", "b"])).status).toBe(401);
    expect((await pagerduty(event("01E", "incident.triggered"), [SECRETS.pagerduty])).status).toBe(202);
    expect((await pagerduty(event("01E", "incident.triggered"), [SECRETS.pagerduty])).body.status).toBe("duplicate");
    await stop();
    expect((await rawRows(receiver.file, "pagerduty_webhook_raw__stream_incident_triggered")).map((r) => r._airbyte_raw_id)).toEqual(["pagerduty:01E"]);
  });
});

describe("generic deployment and incident endpoints", () => {
  const deployment = {
    deployment_id: "argocd:payments:42",
    service: "payments",
    environment: "production",
    repository: "acme/payments",
    commit_sha: "0123456789abcdef0123456789abcdef01234567",
    started_at: "2026-11-20T10:00:00Z",
    finished_at: "2026-11-20T10:05:00Z",
    result: "success",
    source: "argocd",
  };
  const bearer = { authorization: `Bearer ${SECRETS.token}` };

  it("lands a valid deployment report once, however often it is sent", async () => {
    expect((await post(`${receiver.url}/webhooks/deployments`, JSON.stringify(deployment), bearer)).status).toBe(202);
    expect((await post(`${receiver.url}/webhooks/deployments`, JSON.stringify(deployment), bearer)).body.status).toBe("duplicate");
    await stop();
    const rows = await rawRows(receiver.file, "doraform_raw__stream_deployments");
    expect(rows.map((r) => JSON.parse(r._airbyte_data))).toEqual([deployment]);
  });

  it("lands an incident report", async () => {
    const incident = { incident_id: "opsgenie:1234", service: "payments", title: "Card payments fail", started_at: "2026-11-20T11:00:00Z", resolved_at: null };
    expect((await post(`${receiver.url}/webhooks/incidents`, JSON.stringify(incident), bearer)).status).toBe(202);
    await stop();
    expect((await rawRows(receiver.file, "doraform_raw__stream_incidents")).map((r) => JSON.parse(r._airbyte_data))).toEqual([incident]);
  });

  it("names the offending field of a report that breaks the schema, and refuses a wrong token", async () => {
    const bad = await post(`${receiver.url}/webhooks/deployments`, JSON.stringify({ ...deployment, finished_at: "yesterday" }), bearer);
    expect(bad).toEqual({ status: 422, body: { status: "rejected", message: '/finished_at must match format "date-time"' } });
    const extra = await post(`${receiver.url}/webhooks/deployments`, JSON.stringify({ ...deployment, colour: "blue" }), bearer);
    expect(extra.body.message).toBe("body must NOT have additional properties (colour)");
    const malformed = await post(`${receiver.url}/webhooks/incidents`, "{not json", bearer);
    expect(malformed).toEqual({ status: 400, body: { status: "rejected", message: "body is not JSON" } });
    const wrong = await post(`${receiver.url}/webhooks/deployments`, JSON.stringify(deployment), { authorization: "Bearer guess" });
    expect(wrong.status).toBe(401);
    await stop();
    expect(await rawRows(receiver.file, "doraform_raw__stream_deployments")).toEqual([]);
  });
});
