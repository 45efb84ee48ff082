import { request, type IncomingHttpHeaders } from "node:http";
import { sign } from "@octokit/webhooks-methods";
import { afterEach, describe, expect, it } from "vitest";
import { githubExamples, hmacHex, post, rawRows, SECRETS, startReceiver, type Receiver } from "./fixtures.ts";

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.stop();
  receiver = undefined;
});
/** Stops the receiver so its file can be read. */
const stop = async (running: Receiver) => {
  await running.stop();
  receiver = undefined;
};

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: { status: string; message?: string };
}

/**
 * A sender that declares a body of `declared` bytes, sends only `first`, and sends the rest only
 * when told: an answer that arrives before then came without the body having been read.
 */
function slowSender(url: string, path: string, headers: Record<string, string>, declared: number, first: string) {
  const req = request(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", "content-length": String(declared), ...headers } });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.once("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as Answer["body"] }));
    });
    req.once("error", reject);
  });
  // the request ends only if the rest is sent: a close before that is the receiver hanging up
  const closed = new Promise<void>((resolve) => req.once("close", resolve));
  req.write(first);
  return { answer, closed, finish: (rest: string) => req.end(rest) };
}

/** The least a workflow_run payload has (github-events.ts): small enough to pad to any size. */
const RUN = { workflow_run: { id: 1 }, workflow: { id: 2 } };
const bearer = { authorization: `Bearer ${SECRETS.token}` };

describe("refused from the headers alone, before the body is read", () => {
  const MiB = 1024 * 1024;
  const cases: Array<[string, string, Record<string, string>, string]> = [
    ["a wrong bearer token", "/webhooks/deployments", { authorization: "Bearer guess" }, "bad or missing bearer token"],
    ["no bearer token", "/webhooks/incidents", {}, "bad or missing bearer token"],
    ["no GitHub signature", "/webhooks/github", { "x-github-event": "push", "x-github-delivery": "d" }, "bad or missing X-Hub-Signature-256"],
    ["a malformed GitHub signature", "/webhooks/github", { "x-github-event": "push", "x-github-delivery": "d", "x-hub-signature-256": "sha256=not-hex" }, "bad or missing X-Hub-Signature-256"],
    ["the legacy sha1 GitHub signature", "/webhooks/github", { "x-github-event": "push", "x-github-delivery": "d", "x-hub-signature": `sha1=${"0".repeat(40)}` }, "bad or missing X-Hub-Signature-256"],
    ["no PagerDuty signature", "/webhooks/pagerduty", {}, "bad or missing X-PagerDuty-Signature"],
    ["a malformed PagerDuty signature", "/webhooks/pagerduty", { "x-pagerduty-signature": "v1=abc,v0=" }, "bad or missing X-PagerDuty-Signature"],
  ];
  for (const [what, path, headers, message] of cases) {
    it(`answers ${what} with 401 while the body is still coming, and hangs up`, async () => {
      receiver = await startReceiver({ maxBodyBytes: 5 * MiB });
      // 4 MiB declared, 1 KiB sent: the rest never comes
      const sender = slowSender(receiver.url, path, headers, 4 * MiB, "x".repeat(1024));
      const answer = await sender.answer;
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ status: "rejected", message });
      expect(answer.headers.connection).toBe("close");
      await sender.closed;
    });
  }
});

describe("bodies in flight", () => {
  /** A signed workflow run padded to about `size` bytes. */
  const padded = (size: number, tag: string) => {
    const body = JSON.stringify({ ...RUN, padding: "x".repeat(size), tag });
    const signature = `sha256=${hmacHex(SECRETS.github, body)}`;
    return { body, headers: (delivery: string) => ({ "x-github-event": "workflow_run", "x-github-delivery": delivery, "x-hub-signature-256": signature }) };
  };
  /** Resolves once the receiver has taken in a request's headers (its own listener runs first). */
  const headersTaken = (running: Receiver) => new Promise<void>((resolve) => running.server.server.once("request", () => resolve()));

  it("refuses a body that would pass the budget with 503 and retry-after, takes one that fits, and frees the room once answered", async () => {
    // a time limit far beyond what the test takes: the slow sender must not be timed out here
    receiver = await startReceiver({ maxBodyBytes: 64 * 1024, bodiesInFlightBytes: 64 * 1024, bodyTimeoutMs: 120_000 });
    const slow = padded(40 * 1024, "slow");
    const taken = headersTaken(receiver);
    const sender = slowSender(receiver.url, "/webhooks/github", slow.headers("slow"), Buffer.byteLength(slow.body), slow.body.slice(0, 1024));
    await taken;
    // 40 KiB held by the slow sender: another 40 KiB would make 80 KiB of the 64 KiB budget
    const second = padded(40 * 1024, "second");
    const refused = await fetch(`${receiver.url}/webhooks/github`, { method: "POST", body: second.body, headers: second.headers("second") });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(await refused.json()).toEqual({ status: "busy", message: "too many bodies in flight, retry" });
    // a small delivery still fits beside it
    const small = padded(10, "small");
    expect((await post(`${receiver.url}/webhooks/github`, small.body, small.headers("small"))).status).toBe(202);
    sender.finish(slow.body.slice(1024));
    expect((await sender.answer).status).toBe(202);
    // the slow body answered, its room is free again: the refused delivery, retried, lands
    expect((await post(`${receiver.url}/webhooks/github`, second.body, second.headers("second"))).status).toBe(202);
    const running = receiver;
    await stop(running);
    expect((await rawRows(running.file, "github_webhook_raw__stream_workflow_run")).map((r) => r._airbyte_raw_id)).toEqual(["github:second", "github:slow", "github:small"]);
  });

  it("answers a body that does not arrive in time with 408, lands nothing and frees its room", async () => {
    receiver = await startReceiver({ maxBodyBytes: 64 * 1024, bodiesInFlightBytes: 64 * 1024, bodyTimeoutMs: 300 });
    const stalled = padded(40 * 1024, "stalled");
    const sender = slowSender(receiver.url, "/webhooks/github", stalled.headers("stalled"), Buffer.byteLength(stalled.body), stalled.body.slice(0, 1024));
    const answer = await sender.answer;
    expect(answer.status).toBe(408);
    expect(answer.body).toEqual({ status: "rejected", message: "body not received within 0.3 s" });
    await sender.closed;
    const next = padded(40 * 1024, "next");
    expect((await post(`${receiver.url}/webhooks/github`, next.body, next.headers("next"))).status).toBe(202);
    const running = receiver;
    await stop(running);
    expect((await rawRows(running.file, "github_webhook_raw__stream_workflow_run")).map((r) => r._airbyte_raw_id)).toEqual(["github:next"]);
  });
});

describe("signed bodies that are not a payload of their event", () => {
  const EVENTS = ["pull_request", "workflow_run", "deployment_status"] as const;

  it("refuses every GitHub example of each event sent under another event's name with 400, landing nothing", async () => {
    receiver = await startReceiver({ maxBodyBytes: 1024 * 1024 });
    for (const sent of EVENTS) {
      for (const [i, example] of githubExamples(sent).entries()) {
        const body = JSON.stringify(example);
        for (const claimed of EVENTS.filter((e) => e !== sent)) {
          const answer = await post(`${receiver.url}/webhooks/github`, body, { "x-github-event": claimed, "x-github-delivery": `${sent}-${i}-as-${claimed}`, "x-hub-signature-256": await sign(SECRETS.github, body) });
          expect({ sent, i, claimed, status: answer.status, state: answer.body.status }).toEqual({ sent, i, claimed, status: 400, state: "rejected" });
          expect(answer.body.message).toMatch(new RegExp(`^body is not a ${claimed} payload \\(.+\\): not landed in stream ${claimed}$`));
        }
      }
    }
    const running = receiver;
    await stop(running);
    for (const event of EVENTS) expect(await rawRows(running.file, `github_webhook_raw__stream_${event}`)).toEqual([]);
  });

  it("names the missing field of a payload sent under the wrong event", async () => {
    receiver = await startReceiver();
    const body = JSON.stringify(githubExamples("pull_request")[0]);
    const answer = await post(`${receiver.url}/webhooks/github`, body, { "x-github-event": "deployment_status", "x-github-delivery": "pr-as-status", "x-hub-signature-256": await sign(SECRETS.github, body) });
    expect(answer).toEqual({ status: 400, body: { status: "rejected", message: "body is not a deployment_status payload (deployment_status is not an object): not landed in stream deployment_status" } });
  });

  it("refuses signed scalar and array bodies with 400 on every endpoint", async () => {
    receiver = await startReceiver();
    for (const body of ["null", "42", '"x"', "[]", "true"]) {
      const github = await post(`${receiver.url}/webhooks/github`, body, { "x-github-event": "workflow_run", "x-github-delivery": `scalar-${body}`, "x-hub-signature-256": await sign(SECRETS.github, body) });
      expect(github).toEqual({ status: 400, body: { status: "rejected", message: "body is not a JSON object" } });
      const pagerduty = await post(`${receiver.url}/webhooks/pagerduty`, body, { "x-pagerduty-signature": `v1=${hmacHex(SECRETS.pagerduty, body)}` });
      expect(pagerduty).toEqual({ status: 400, body: { status: "rejected", message: "body is not a v3 webhook event (event.id, event.event_type)" } });
      for (const path of ["/webhooks/deployments", "/webhooks/incidents"]) {
        expect(await post(`${receiver.url}${path}`, body, bearer)).toEqual({ status: 400, body: { status: "rejected", message: "body is not a JSON object" } });
      }
    }
    const running = receiver;
    await stop(running);
    expect(await rawRows(running.file, "github_webhook_raw__stream_workflow_run")).toEqual([]);
    expect(await rawRows(running.file, "doraform_raw__stream_deployments")).toEqual([]);
  });
});

describe("generic reports with impossible times", () => {
  const deployment = {
    deployment_id: "jenkins:api:7",
    service: "api",
    environment: "production",
    commit_sha: "abcdef1",
    started_at: "2026-11-20T10:00:00Z",
    finished_at: "2026-11-20T10:05:00Z",
    result: "success",
  };
  const incident = { incident_id: "opsgenie:9", service: "api", title: "Errors", started_at: "2026-11-20T11:00:00Z", resolved_at: "2026-11-20T12:00:00Z" };

  it("refuses an end before its start, naming both fields, and lands nothing", async () => {
    receiver = await startReceiver();
    const resolvedEarly = await post(`${receiver.url}/webhooks/incidents`, JSON.stringify({ ...incident, resolved_at: "2019-11-20T12:00:00Z" }), bearer);
    expect(resolvedEarly).toEqual({ status: 422, body: { status: "rejected", message: "/resolved_at 2019-11-20T12:00:00Z is before /started_at 2026-11-20T11:00:00Z" } });
    const finishedEarly = await post(`${receiver.url}/webhooks/deployments`, JSON.stringify({ ...deployment, started_at: "2026-11-20T10:05:01Z" }), bearer);
    expect(finishedEarly).toEqual({ status: 422, body: { status: "rejected", message: "/finished_at 2026-11-20T10:05:00Z is before /started_at 2026-11-20T10:05:01Z" } });
    const running = receiver;
    await stop(running);
    expect(await rawRows(running.file, "doraform_raw__stream_incidents")).toEqual([]);
    expect(await rawRows(running.file, "doraform_raw__stream_deployments")).toEqual([]);
  });

  it("refuses timestamps before 2000 or more than a day ahead of the receiver's clock", async () => {
    receiver = await startReceiver();
    const epoch = await post(`${receiver.url}/webhooks/deployments`, JSON.stringify({ ...deployment, started_at: "1970-01-01T00:00:00Z" }), bearer);
    expect(epoch).toEqual({ status: 422, body: { status: "rejected", message: "/started_at 1970-01-01T00:00:00Z is before 2000-01-01T00:00:00Z" } });
    const future = await post(`${receiver.url}/webhooks/incidents`, JSON.stringify({ ...incident, started_at: "2999-01-01T00:00:00Z", resolved_at: null }), bearer);
    expect(future.status).toBe(422);
    expect(future.body.message).toMatch(/^\/started_at 2999-01-01T00:00:00Z is more than a day ahead of the receiver's clock \(\d{4}-\d\d-\d\dT[\d:.]+Z\)$/);
    const leapSecond = await post(`${receiver.url}/webhooks/deployments`, JSON.stringify({ ...deployment, finished_at: "2026-11-20T23:59:60Z" }), bearer);
    expect(leapSecond).toEqual({ status: 422, body: { status: "rejected", message: "/finished_at 2026-11-20T23:59:60Z is not a time the warehouse can read" } });
  });

  it("lands a zero-length deployment, an incident still open and one resolved after it started", async () => {
    receiver = await startReceiver();
    const instant = { ...deployment, started_at: deployment.finished_at };
    expect((await post(`${receiver.url}/webhooks/deployments`, JSON.stringify(instant), bearer)).status).toBe(202);
    expect((await post(`${receiver.url}/webhooks/incidents`, JSON.stringify({ ...incident, resolved_at: null }), bearer)).status).toBe(202);
    expect((await post(`${receiver.url}/webhooks/incidents`, JSON.stringify(incident), bearer)).status).toBe(202);
    const running = receiver;
    await stop(running);
    expect(await rawRows(running.file, "doraform_raw__stream_incidents")).toHaveLength(2);
  });
});
