import { sign } from "@octokit/webhooks-methods";
import { describe, expect, it } from "vitest";
import { verifyBearer, verifyGitHubSignature, verifyPagerDutySignature } from "../../ingest/webhooks/signatures.ts";
import { hmacHex } from "./fixtures.ts";

describe("webhook signatures", () => {
  it("accepts GitHub's documented test vector", async () => {
    const header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    expect(await verifyGitHubSignature("It's a Secret to Everybody", Buffer.from("Hello, World!"), header)).toBe(true);
  });

  it("agrees with @octokit/webhooks-methods on a signature it made", async () => {
    const payload = JSON.stringify({ action: "closed", number: 7, note: "ünïcode" });
    const header = await sign("another secret", payload);
    expect(await verifyGitHubSignature("another secret", Buffer.from(payload), header)).toBe(true);
  });

  it("refuses a GitHub signature made with another secret, over another body, the legacy sha1 header or none", async () => {
    const body = Buffer.from("Hello, World!");
    expect(await verifyGitHubSignature("It's a Secret to Everybody", body, `sha256=${hmacHex("wrong", body)}`)).toBe(false);
    expect(await verifyGitHubSignature("It's a Secret to Everybody", Buffer.from("Hello, World?"), "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")).toBe(false);
    expect(await verifyGitHubSignature("It's a Secret to Everybody", body, "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59")).toBe(false);
    expect(await verifyGitHubSignature("It's a Secret to Everybody", body, undefined)).toBe(false);
    expect(await verifyGitHubSignature("It's a Secret to Everybody", body, "sha256=")).toBe(false);
  });

  it("refuses, without throwing, a delivery checked with no secret or with an empty body", async () => {
    const signed = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    expect(await verifyGitHubSignature("", Buffer.from("Hello, World!"), signed)).toBe(false);
    expect(await verifyGitHubSignature("It's a Secret to Everybody", Buffer.alloc(0), signed)).toBe(false);
    expect(await verifyPagerDutySignature("", Buffer.from("{}"), `v1=${hmacHex("", Buffer.from("{}"))}`)).toBe(false);
    expect(await verifyPagerDutySignature("s", Buffer.alloc(0), `v1=${hmacHex("s", Buffer.alloc(0))}`)).toBe(false);
  });

  it("accepts a PagerDuty delivery when any v1 signature matches during a secret rotation", async () => {
    const body = Buffer.from('{"event":{"id":"01ABC"}}');
    const old = hmacHex("old secret", body);
    const current = hmacHex("new secret", body);
    expect(await verifyPagerDutySignature("new secret", body, `v1=${old},v1=${current}`)).toBe(true);
    expect(await verifyPagerDutySignature("old secret", body, `v1=${old}, v1=${current}`)).toBe(true);
    expect(await verifyPagerDutySignature("third secret", body, `v1=${old},v1=${current}`)).toBe(false);
  });

  it("refuses a PagerDuty signature without the v1= scheme or missing", async () => {
    const body = Buffer.from("{}");
    expect(await verifyPagerDutySignature("s", body, hmacHex("s", body))).toBe(false);
    expect(await verifyPagerDutySignature("s", body, `v0=${hmacHex("s", body)}`)).toBe(false);
    expect(await verifyPagerDutySignature("s", body, undefined)).toBe(false);
  });

  it("accepts only the exact bearer token", () => {
    expect(verifyBearer("t0ken", "Bearer t0ken")).toBe(true);
    expect(verifyBearer("t0ken", "bearer t0ken")).toBe(true);
    expect(verifyBearer("t0ken", "Bearer t0ken2")).toBe(false);
    expect(verifyBearer("t0ken", "Token t0ken")).toBe(false);
    expect(verifyBearer("t0ken", undefined)).toBe(false);
  });
});
